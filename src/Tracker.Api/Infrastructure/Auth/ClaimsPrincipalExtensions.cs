using System.Security.Claims;
using OpenIddict.Abstractions;

namespace Tracker.Api.Infrastructure.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's id; both PATs and OAuth tokens carry it as the <c>sub</c> claim.</summary>
    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(OpenIddictConstants.Claims.Subject), out var id) ? id : null;
}
