using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// Answers a failed authorization (scope, workspace role) in the error envelope, before the endpoint binds anything.
/// A challenge still goes through the scheme first (its WWW-Authenticate header, or the sign-in redirect of a page).
/// </summary>
public sealed class AuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _schemes = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault() is { } reason)
        {
            await ErrorHandling.WriteAsync(context, StatusCodes.Status403Forbidden, reason.Message, null, null);
            return;
        }
        await _schemes.HandleAsync(next, context, policy, authorizeResult);
        if (authorizeResult.Challenged && context.Response.StatusCode == StatusCodes.Status401Unauthorized && !context.Response.HasStarted)
            await ErrorHandling.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthenticated.", null, null);
    }
}
