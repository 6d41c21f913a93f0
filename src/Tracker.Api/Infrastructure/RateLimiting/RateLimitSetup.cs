using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using StackExchange.Redis;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.RateLimiting;

/// <summary>
/// 60 requests per minute per authenticated user (anonymous callers by IP), fixed window, as the contract says.
/// Every response carries X-RateLimit-Limit/Remaining and the IETF RateLimit headers; a 429 adds Retry-After and
/// X-RateLimit-Reset. RateLimiting:PermitsPerMinute changes the limit. The first-party web app has its own budget
/// per person (RateLimiting:WebSessionPermitsPerMinute, 600): its pages (cookie) and their API calls (web session
/// token) count there, so a person using the app never meets the public limit their scripts share.
/// With Redis:ConnectionString the windows live in Redis (keys prefixed by Redis:InstanceName, default "tracker:")
/// and are shared by every server process; without it they live in this process.
/// </summary>
public static class RateLimitSetup
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddTrackerRateLimiting(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<SignInThrottle>();
        var redis = config["Redis:ConnectionString"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IRateLimitStore, InMemoryRateLimitStore>();
            return services;
        }
        // AbortOnConnectFail=false: the server starts (and reconnects) even when Redis comes up after it.
        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        var instanceName = config["Redis:InstanceName"] ?? "tracker:";
        services.AddSingleton<IRateLimitStore>(sp => new RedisRateLimitStore(sp.GetRequiredService<IConnectionMultiplexer>(), instanceName));
        return services;
    }

    /// <summary>Runs after authentication so the partition is the user, not the connection.</summary>
    public static IApplicationBuilder UseTrackerRateLimiting(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var store = services.GetRequiredService<IRateLimitStore>();
        var clock = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitSetup));
        var config = services.GetRequiredService<IConfiguration>();
        var apiPermits = config.GetValue("RateLimiting:PermitsPerMinute", 60);
        var webPermits = config.GetValue("RateLimiting:WebSessionPermitsPerMinute", 600);

        return app.Use(async (context, next) =>
        {
            WindowCount hit;
            var (key, permits) = IsWebSession(context.User) ? ("web:", webPermits) : ("", apiPermits);
            try
            {
                hit = await store.IncrementAsync(key + PartitionKey(context), Window, context.RequestAborted);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // A shared-counter outage must not take the API down with it: let the request through, say so.
                logger.LogWarning(e, "Rate-limit store unavailable; request not counted.");
                await next(context);
                return;
            }

            var resetSeconds = Math.Max(1, (int)Math.Ceiling(hit.ResetIn.TotalSeconds));
            if (hit.Count > permits)
            {
                context.Response.Headers.RetryAfter = resetSeconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["X-RateLimit-Reset"] =
                    clock.GetUtcNow().AddSeconds(resetSeconds).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                WriteHeaders(context.Response, permits, 0, resetSeconds);
                await ErrorHandling.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Attempts.", null, null);
                return;
            }

            var remaining = permits - hit.Count;
            context.Response.OnStarting(() =>
            {
                WriteHeaders(context.Response, permits, remaining, resetSeconds);
                return Task.CompletedTask;
            });
            await next(context);
        });
    }

    private static void WriteHeaders(HttpResponse response, int limit, long remaining, int resetSeconds)
    {
        response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Policy"] = $"{limit};w={(int)Window.TotalSeconds}";
        response.Headers["RateLimit"] = $"limit={limit}, remaining={remaining}, reset={resetSeconds}";
    }

    private static bool IsWebSession(ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme
        || user.HasClaim(PersonalAccessTokenHandler.KindClaim, PersonalAccessTokenHandler.WebSessionKind);

    private static string PartitionKey(HttpContext context) =>
        context.User.UserId() is { } userId ? $"user:{userId}" : $"ip:{context.Connection.RemoteIpAddress}";
}
