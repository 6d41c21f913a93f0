using Tracker.Api.Infrastructure.Pages;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// Every error leaves the server through <see cref="WriteAsync"/>: exceptions through <see cref="EnvelopeExceptionHandler"/>
/// (thrown <see cref="ApiException"/>s, unreadable bodies, and unexpected failures as a 500 without a stack trace),
/// and bodiless 4xx/5xx from the framework (401 challenge, 403, unmatched route, 405, 415) through status-code pages.
/// </summary>
public static class ErrorHandling
{
    public static IServiceCollection AddEnvelopeErrors(this IServiceCollection services) =>
        services.AddExceptionHandler<EnvelopeExceptionHandler>();

    public static IApplicationBuilder UseEnvelopeErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Client errors are expected outcomes, not failures: only the rest are logged as unhandled.
            SuppressDiagnosticsCallback = c => EnvelopeExceptionHandler.IsClientError(c.Exception),
            // The middleware refuses to start without a fallback; EnvelopeExceptionHandler answers every exception first.
            ExceptionHandler = EnvelopeExceptionHandler.WriteFailureAsync,
        });
        app.UseStatusCodePages(context =>
        {
            var response = context.HttpContext.Response;
            return WriteAsync(context.HttpContext, response.StatusCode, DefaultMessage(response.StatusCode), null, null);
        });
        return app;
    }

    internal static Task Invalid(HttpContext context, string field, string problem)
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
            ? ErrorPage.WriteAsync(context, status, message, errors)
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
