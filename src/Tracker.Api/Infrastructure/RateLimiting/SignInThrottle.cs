using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.RateLimiting;

/// <summary>
/// Password guesses per client address are few and slow: RateLimiting:SignInPermitsPer5Minutes (default 10) per
/// five minutes, counted in the same store as the API limit (shared across processes with Redis).
/// </summary>
public static class SignInThrottle
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public static RouteHandlerBuilder ThrottleSignIn(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var store = context.RequestServices.GetRequiredService<IRateLimitStore>();
            var permits = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("RateLimiting:SignInPermitsPer5Minutes", 10);
            var hit = await store.IncrementAsync($"sign-in:{context.Connection.RemoteIpAddress}", Window, context.RequestAborted);
            if (hit.Count <= permits) return await next(invocation);
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(hit.ResetIn.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new ApiException(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts. Try again later.");
        });
}
