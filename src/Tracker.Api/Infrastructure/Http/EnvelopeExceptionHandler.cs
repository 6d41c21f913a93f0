using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// The one exception handler. It reads only exception types and statuses, never the framework's message text (which
/// names CLR types and parameters): query values bind through query records (<see cref="QueryRecords"/>), a missing
/// body is read as <c>{}</c> (<see cref="EmptyBodies"/>), so what is left from binding is an unreadable body.
/// </summary>
public sealed class EnvelopeExceptionHandler : IExceptionHandler
{
    internal const string FormExpired = "The form expired or was not sent from this site. Reload and try again.";

    public static bool IsClientError(Exception exception) =>
        exception is ApiException or BadHttpRequestException or AntiforgeryValidationException;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        await (exception switch
        {
            ApiException api => ErrorHandling.WriteAsync(context, api.Status, api.Message, null, api.Errors),
            BadHttpRequestException bad => WriteBadRequestAsync(context, bad),
            AntiforgeryValidationException => ErrorHandling.WriteAsync(context, StatusCodes.Status400BadRequest, FormExpired, null, null),
            _ => WriteFailureAsync(context),
        });
        return true;
    }

    /// <summary>An unexpected failure: 500, with no detail of it.</summary>
    public static Task WriteFailureAsync(HttpContext context) =>
        ErrorHandling.WriteAsync(context, StatusCodes.Status500InternalServerError, "An error occurred", "Internal Server Error", null);

    private static Task WriteBadRequestAsync(HttpContext context, BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            // Broken syntax surfaces from the reader as an inner JsonException (400); a value the property cannot
            // take (wrong type, bad date) is a JsonException of its own whose path names the field (422).
            var wrongType = json.InnerException is not JsonException;
            var field = wrongType && json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            if (field is not null)
                return ErrorHandling.Invalid(context, field, json is InvalidFieldJsonException specific ? specific.Problem : "has an invalid value");
            return ErrorHandling.WriteAsync(context, StatusCodes.Status400BadRequest,
                wrongType ? "The request body must be a JSON object." : "The request body is not valid JSON.", null, null);
        }
        return bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ErrorHandling.WriteAsync(context, 413, "The request body is too large.", null, null),
            StatusCodes.Status415UnsupportedMediaType => ErrorHandling.WriteAsync(context, 415, "Send the body as application/json.", null, null),
            _ => ErrorHandling.WriteAsync(context, StatusCodes.Status400BadRequest, "The request could not be read.", null, null),
        };
    }
}
