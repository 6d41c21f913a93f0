namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// One log line per request: method, path (never the query string, which may carry secrets), final status and
/// duration. Replaces ASP.NET Core's HttpLogging middleware, which wrote two entries per request and was one of the
/// larger costs in the list benchmarks (bench/RESULTS.md).
/// </summary>
public static partial class RequestLogging
{
    public const string Category = "Tracker.Requests";

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
                Completed(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode,
                    Math.Round(clock.GetElapsedTime(started).TotalMilliseconds, 1));
            }
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} responded {StatusCode} in {DurationMs} ms")]
    private static partial void Completed(ILogger logger, string method, string path, int statusCode, double durationMs);
}
