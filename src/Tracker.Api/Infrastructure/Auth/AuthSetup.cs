using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OpenIddict.Validation.AspNetCore;
using Tracker.Api.Infrastructure.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Tracker.Api.Infrastructure.Auth;

public static class AuthSetup
{
    /// <summary>Bearer tokens on the API: PATs by prefix, everything else as an OpenIddict access token.</summary>
    public const string ApiScheme = "Api";
    public const string ApiPolicy = "Api";
    private const string DefaultScheme = "BearerOrCookie";
    /// <summary>How long an idle browser session lives (the cookie slides; so does its web session token).</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddTrackerAuth(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<PersonalAccessTokens>();
        services.AddScoped<OAuthClients>();

        // Bearer requests authenticate as API calls; everything else (the pages) by the session cookie.
        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "Bearer or cookie", o => o.ForwardDefaultSelector = context =>
                BearerToken.From(context.Request) is not null ? ApiScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddPolicyScheme(ApiScheme, "PAT or OAuth bearer", o => o.ForwardDefaultSelector = context =>
                BearerToken.From(context.Request) is { } token && PersonalAccessTokenHandler.Handles(token)
                    ? PersonalAccessTokenHandler.SchemeName
                    : OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.Cookie.Name = "tracker.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = SessionLifetime;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = SessionStamp.ValidateAsync;
            });

        // Requirements run in declaration order (authenticated, scope, workspace role) and stop at the first failure,
        // so a token without the scope is refused before its workspace is even looked up.
        services.AddAuthorizationBuilder()
            .SetInvokeHandlersAfterFailure(false)
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser())
            .AddScopePolicies();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuthorizationResults>();

        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<TrackerDbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("oauth/authorize")
                 .SetTokenEndpointUris("oauth/token")
                 .SetRevocationEndpointUris("oauth/revoke");
                o.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                o.RegisterScopes([.. ApiScopes.All, Scopes.OfflineAccess]);
                // The contract's lifetimes: access 15 days, refresh 30 days; codes 10 minutes (Passport's default).
                o.SetAccessTokenLifetime(TimeSpan.FromDays(15))
                 .SetRefreshTokenLifetime(TimeSpan.FromDays(30))
                 .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(10));
                // A rotated refresh token is spent at once: its second redemption is a replay, which revokes every
                // token of its authorization (as does a second use of an authorization code).
                o.SetRefreshTokenReuseLeeway(null);
                // PKCE with S256 only: "plain", and a challenge without a method (which means plain), are refused.
                o.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                OAuthRevocation.Configure(o);
                OAuthKeys.Configure(o, config);
                // Several processes behind one proxy must name one issuer, or a token from one fails on another.
                if (config["OAuth:Issuer"] is { Length: > 0 } issuer) o.SetIssuer(new Uri(issuer, UriKind.Absolute));
                // Access tokens are signed JWTs (the contract's "Bearer Format: JWT"), not encrypted.
                o.DisableAccessTokenEncryption();
                // Error passthrough: an authorization request OpenIddict refuses before it trusts the redirect_uri
                // reaches OAuthEndpoints too, which shows the person a page instead of OpenIddict's plain text.
                var aspNet = o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableErrorPassthrough();
                // TLS is usually terminated by a proxy in front; OAuth:RequireHttps=true enforces it here.
                if (!config.GetValue("OAuth:RequireHttps", false)) aspNet.DisableTransportSecurityRequirement();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                // Each API call checks the token's row and its authorization's, so a deleted app, a revoked
                // authorization or a detected replay ends its access tokens at once (one indexed read each).
                o.EnableTokenEntryValidation();
                o.EnableAuthorizationEntryValidation();
                // Tokens travel only in the Authorization header, as PATs do: a URL ends up in logs and histories.
                o.UseAspNetCore()
                 .DisableAccessTokenExtractionFromQueryString()
                 .DisableAccessTokenExtractionFromBodyForm();
            });
        return services;
    }
}
