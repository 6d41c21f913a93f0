using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.RateLimiting;

/// <summary>
/// 60 requests per minute per authenticated user (anonymous callers by IP), fixed window, as the contract says.
/// Every API response carries X-RateLimit-Limit/Remaining and the IETF RateLimit headers; a 429 adds
/// Retry-After and X-RateLimit-Reset. RateLimiting:PermitsPerMinute changes the limit.
/// </summary>
public static class RateLimitSetup
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddTrackerRateLimiting(this IServiceCollection services, IConfiguration config)
    {
        var permits = config.GetValue("RateLimiting:PermitsPerMinute", 60);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds) : (int)Window.TotalSeconds;
                var clock = context.RequestServices.GetRequiredService<TimeProvider>();
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["X-RateLimit-Reset"] =
                    clock.GetUtcNow().AddSeconds(retryAfter).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                WriteHeaders(context.Response, permits, 0, retryAfter);
                await ErrorHandling.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Attempts.", null, null);
            };
        });
        return services;
    }

    /// <summary>Runs after authentication so the partition is the user, not the connection.</summary>
    public static IApplicationBuilder UseTrackerRateLimiting(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            var limiter = context.RequestServices.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter;
            var permits = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("RateLimiting:PermitsPerMinute", 60);
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode != StatusCodes.Status429TooManyRequests && limiter is not null)
                {
                    var remaining = limiter.GetStatistics(context)?.CurrentAvailablePermits ?? permits;
                    WriteHeaders(context.Response, permits, remaining, (int)Window.TotalSeconds);
                }
                return Task.CompletedTask;
            });
            await next(context);
        });
        return app.UseRateLimiter();
    }

    private static void WriteHeaders(HttpResponse response, int limit, long remaining, int resetSeconds)
    {
        response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Policy"] = $"{limit};w={(int)Window.TotalSeconds}";
        response.Headers["RateLimit"] = $"limit={limit}, remaining={remaining}, reset={resetSeconds}";
    }

    private static string PartitionKey(HttpContext context) =>
        context.User.UserId() is { } userId ? $"user:{userId}" : $"ip:{context.Connection.RemoteIpAddress}";
}
