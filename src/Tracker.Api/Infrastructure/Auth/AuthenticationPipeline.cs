using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// <c>UseAuthentication</c>, with OpenIddict's request handlers offered only what is theirs: its server sees only its
/// own paths; its validation sees every request that carries no personal access token (it keeps the state OAuth access
/// tokens and the 401 challenge need; a PAT never reaches it, see <see cref="AuthSetup"/>). ASP.NET Core offers every
/// request to each <see cref="IAuthenticationRequestHandler"/> first: finding out that a PAT call was not theirs cost
/// ~9 KB of allocations, and the workspaces list answered 16–24% more requests without (issue 20). Then the default
/// scheme authenticates, as <c>UseAuthentication</c> does.
/// </summary>
public static class AuthenticationPipeline
{
    /// <summary>Where OpenIddict answers: its endpoints under /oauth and its discovery documents.</summary>
    private static bool IsOpenIddictPath(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/oauth") || context.Request.Path.StartsWithSegments("/.well-known");

    public static IApplicationBuilder UseTrackerAuthentication(this IApplicationBuilder app)
    {
        app.UseWhen(IsOpenIddictPath, branch => branch.UseAuthentication())
           .UseWhen(context => !IsOpenIddictPath(context), branch => branch.Use(AuthenticateDefaultSchemeAsync));
        // UseAuthentication inside a branch marks only the branch. Unmarked, WebApplication puts its own
        // UseAuthentication in front of the whole pipeline, and every request meets OpenIddict's handlers there.
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        return app;
    }

    /// <summary>The mark <c>UseAuthentication</c> leaves on the application (ASP.NET Core's WebApplicationBuilder reads it).</summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    private static async Task AuthenticateDefaultSchemeAsync(HttpContext context, RequestDelegate next)
    {
        context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature
        {
            OriginalPath = context.Request.Path, OriginalPathBase = context.Request.PathBase,
        });
        var schemes = context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
        foreach (var requestScheme in await schemes.GetRequestHandlerSchemesAsync())
        {
            if (requestScheme.Name == OpenIddictServerAspNetCoreDefaults.AuthenticationScheme || (requestScheme.Name ==
                OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme && BearerToken.From(context.Request) is { } token && PersonalAccessTokenHandler.Handles(token)))
                continue;
            if (await handlers.GetHandlerAsync(context, requestScheme.Name) is IAuthenticationRequestHandler handler && await handler.HandleRequestAsync())
                return;
        }
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
