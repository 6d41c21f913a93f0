namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// One log line per request: method, path (never the query string, which may carry secrets), final status and
/// duration. Replaces ASP.NET Core's HttpLogging middleware, which wrote two entries per request and was one of the
/// larger costs in the list benchmarks (bench/RESULTS.md).
/// </summary>
public static partial class RequestLogging
{
    public const string Category = "Tracker.Requests";

    /// <summary>Paths whose rest is a secret link (invitation, password reset): logged as the prefix and "{token}".</summary>
    private static readonly string[] SecretPathPrefixes = ["/invitations/", "/account/reset-password/"];

    /// <summary>
    /// The framework's own lines that carry the request URL (hosting's "Request starting …", routing's candidate
    /// lists, redirect results with a returnUrl) are held at Warning and above: the line above
    /// replaces them, and they would write secret links into the log. Code filters come after the configuration's, so
    /// Logging:LogLevel cannot lower them (only a provider-specific setting could).
    /// </summary>
    private static readonly string[] UrlLoggingCategories =
        ["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Http.Result"];

    public static ILoggingBuilder KeepUrlsOutOfFrameworkLogs(this ILoggingBuilder logging)
    {
        foreach (var category in UrlLoggingCategories) logging.AddFilter(category, LogLevel.Warning);
        return logging;
    }

    internal static string Redact(string path)
    {
        foreach (var prefix in SecretPathPrefixes)
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return path[..prefix.Length] + "{token}";
        return path;
    }

    /// <summary>Register first, so the status logged is the one the client gets (after the envelope error handler).</summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(async (context, next) =>
        {
            if (!logger.IsEnabled(LogLevel.Information))
            {
                await next(context);
                return;
            }
            var started = clock.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                Completed(logger, context.Request.Method, Redact(context.Request.Path.Value ?? "/"), context.Response.StatusCode,
                    Math.Round(clock.GetElapsedTime(started).TotalMilliseconds, 1));
            }
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} responded {StatusCode} in {DurationMs} ms")]
    private static partial void Completed(ILogger logger, string method, string path, int statusCode, double durationMs);
}
