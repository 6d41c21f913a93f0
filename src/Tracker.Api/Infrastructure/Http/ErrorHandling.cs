using System.Text.Json;
using System.Text.RegularExpressions;
using Tracker.Api.Infrastructure.Pages;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// Every error leaves the server through <see cref="WriteAsync"/>: thrown <see cref="ApiException"/>s, body
/// binding failures, unexpected exceptions (500, no stack trace), and bodiless 4xx/5xx from the framework
/// (401 challenge, 403, unmatched route, 405, 415).
/// </summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseEnvelopeErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = _ => StatusCodes.Status500InternalServerError,
            ExceptionHandler = HandleExceptionAsync,
        });
        // Client errors are expected outcomes: answered here, inside the logging handler, so they are not logged as failures.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (e is ApiException or BadHttpRequestException or Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException
                                      && !context.Response.HasStarted)
            {
                context.Response.Clear();
                await WriteClientErrorAsync(context, e);
            }
        });
        app.UseStatusCodePages(context =>
        {
            var response = context.HttpContext.Response;
            return WriteAsync(context.HttpContext, response.StatusCode, DefaultMessage(response.StatusCode), null, null);
        });
        return app;
    }

    private static Task HandleExceptionAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status500InternalServerError, "An error occurred", "Internal Server Error", null);

    private static Task WriteClientErrorAsync(HttpContext context, Exception exception) => exception switch
    {
        ApiException api => WriteAsync(context, api.Status, api.Message, null, api.Errors),
        BadHttpRequestException bad => WriteBadRequestAsync(context, bad),
        _ => WriteAsync(context, StatusCodes.Status400BadRequest, FormExpired, null, null),
    };

    private const string FormExpired = "The form expired or was not sent from this site. Reload and try again.";

    /// <summary>
    /// The framework's binding failures, reworded: its messages name CLR types ("Nullable&lt;long&gt; projectId",
    /// "Tracker.Api.…Request"), which clients must never see. A value that cannot bind answers 422 naming the
    /// parameter in snake_case; only unreadable JSON is a 400.
    /// </summary>
    private static Task WriteBadRequestAsync(HttpContext context, BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            // Broken syntax surfaces from the reader as an inner JsonException (400); a value the property cannot
            // take (wrong type, bad date) is a JsonException of its own that names the field (422).
            var wrongType = json.InnerException is not JsonException;
            var field = wrongType && json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            if (field is not null)
                return Invalid(context, field, json is InvalidFieldJsonException specific ? specific.Problem : "has an invalid value");
            return WriteAsync(context, StatusCodes.Status400BadRequest,
                wrongType ? "The request body must be a JSON object." : "The request body is not valid JSON.", null, null);
        }
        if (bad.InnerException is Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
            return WriteAsync(context, StatusCodes.Status400BadRequest, FormExpired, null, null);
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.", null, null);
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Send the body as application/json.", null, null);
        if (bad.Message.Contains("from body", StringComparison.Ordinal) || bad.Message.StartsWith("Implicit body", StringComparison.Ordinal))
            return WriteAsync(context, StatusCodes.Status422UnprocessableEntity, "A JSON request body is required.", null, null);
        if (BindingFailure.Match(bad.Message) is { Success: true } failure)
        {
            var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(failure.Groups["name"].Value);
            return failure.Groups["kind"].Value == "Required"
                ? Invalid(context, name, "is required")
                : Invalid(context, name, ExpectedForm(failure.Groups["type"].Value));
        }
        return WriteAsync(context, StatusCodes.Status400BadRequest, "The request could not be read.", null, null);
    }

    /// <summary>"Failed to bind parameter \"Nullable&lt;long&gt; projectId\" from \"abc\"." and "Required parameter \"long id\" was not provided…".</summary>
    private static readonly Regex BindingFailure = new(
        "^(?<kind>Failed to bind|Required) parameter \"(?<type>[^\"]*) (?<name>[A-Za-z_][A-Za-z0-9_]*)\"", RegexOptions.CultureInvariant);

    private static string ExpectedForm(string clrType) => clrType.Replace("Nullable<", "").TrimEnd('>') switch
    {
        "long" or "int" or "short" or "Int64" or "Int32" or "Int16" => "must be an integer",
        "decimal" or "double" or "float" or "Decimal" or "Double" or "Single" => "must be a number",
        "bool" or "Boolean" => "must be true or false",
        _ => "has an invalid value",
    };

    private static Task Invalid(HttpContext context, string field, string problem)
    {
        var message = $"The {field.Replace('_', ' ')} field {problem}.";
        return WriteAsync(context, StatusCodes.Status422UnprocessableEntity, message, null, new Dictionary<string, string[]> { [field] = [message] });
    }

    /// <summary>
    /// The error envelope for API clients; for a person's browser (any path that is not an API, OAuth token or
    /// document endpoint) the same status and message as a page, so nobody meets raw JSON.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int status, string message, string? error,
        IReadOnlyDictionary<string, string[]>? errors)
        => IsPage(context.Request.Path)
            ? ErrorPage.Render(context, status, message, errors).ExecuteAsync(context)
            : EnvelopeWriter.WriteAsync(context, status, clock => new ErrorEnvelope(false, message, error, errors, Meta.At(clock)));

    private static readonly string[] MachinePaths = ["/api", "/oauth/token", "/oauth/revoke", "/openapi", "/health"];

    private static bool IsPage(PathString path) => !MachinePaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static string DefaultMessage(int status) => status switch
    {
        401 => "Unauthenticated.",
        403 => "You do not have permission to perform this action",
        404 => "Resource not found",
        405 => "Method not allowed",
        415 => "Send the body as application/json.",
        429 => "Too Many Attempts.",
        _ => "An error occurred",
    };
}
