using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// <c>UseAuthentication</c>, with OpenIddict's request handlers kept to OpenIddict's own paths. ASP.NET Core offers
/// every request to each <see cref="IAuthenticationRequestHandler"/> first; OpenIddict's server and validation are
/// both one, and finding out that an API call is not theirs took about a tenth of the process's CPU on the cheap lists
/// (perf, bench/RESULTS.md, issue 20). Elsewhere the default scheme authenticates exactly as <c>UseAuthentication</c>
/// does it.
/// </summary>
public static class AuthenticationPipeline
{
    /// <summary>Where OpenIddict answers: its endpoints under /oauth and its discovery documents.</summary>
    private static bool IsOpenIddictPath(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/oauth") || context.Request.Path.StartsWithSegments("/.well-known");

    public static IApplicationBuilder UseTrackerAuthentication(this IApplicationBuilder app) =>
        app.UseWhen(IsOpenIddictPath, branch => branch.UseAuthentication())
           .UseWhen(context => !IsOpenIddictPath(context), branch => branch.Use(AuthenticateDefaultSchemeAsync));

    private static async Task AuthenticateDefaultSchemeAsync(HttpContext context, RequestDelegate next)
    {
        context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature
        {
            OriginalPath = context.Request.Path, OriginalPathBase = context.Request.PathBase,
        });
        var schemes = context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        if (await schemes.GetDefaultAuthenticateSchemeAsync() is { } scheme)
        {
            var result = await context.AuthenticateAsync(scheme.Name);
            if (result.Principal is not null) context.User = result.Principal;
            if (result.Succeeded)
            {
                var feature = new AuthenticatedFeature(result);
                context.Features.Set<IHttpAuthenticationFeature>(feature);
                context.Features.Set<IAuthenticateResultFeature>(feature);
            }
        }
        await next(context);
    }

    /// <summary>The result as the framework's own (internal) feature keeps it: setting the user clears the result.</summary>
    private sealed class AuthenticatedFeature(AuthenticateResult result) : IAuthenticateResultFeature, IHttpAuthenticationFeature
    {
        private AuthenticateResult? _result = result;
        private ClaimsPrincipal? _user = result.Principal;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set => (_result, _user) = (value, value?.Principal);
        }

        public ClaimsPrincipal? User
        {
            get => _user;
            set => (_user, _result) = (value, null);
        }
    }
}
