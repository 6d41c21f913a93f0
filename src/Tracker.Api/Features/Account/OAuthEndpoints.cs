using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static Tracker.Api.Features.Account.HtmlPage;

namespace Tracker.Api.Features.Account;

/// <summary>
/// The OAuth2 authorization-code flow (PKCE supported, S256) with refresh tokens, and client credentials.
/// OpenIddict validates the protocol; these handlers decide who the token is for.
/// </summary>
public static class OAuthEndpoints
{
    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/oauth/authorize", ["GET", "POST"], AuthorizeAsync).ExcludeFromDescription().DisableAntiforgery();
        app.MapPost("/oauth/token", TokenAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, IOpenIddictApplicationManager applications, TrackerDbContext db)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!session.Succeeded || session.Principal.UserId() is not { } userId)
        {
            var returnUrl = context.Request.PathBase + context.Request.Path + QueryString.Create(
                context.Request.HasFormContentType ? context.Request.Form.ToList() : context.Request.Query.ToList());
            return Results.Redirect("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!) ?? throw new InvalidOperationException("Unknown client.");
        var appName = await applications.GetDisplayNameAsync(application) ?? request.ClientId!;
        var scopes = request.GetScopes().Intersect(ApiScopes.All).ToArray();
        if (scopes.Length == 0) scopes = [ApiScopes.Read];

        // The consent form posts back here with the same OAuth parameters plus the decision.
        var decision = context.Request.HasFormContentType ? context.Request.Form["decision"].ToString() : "";
        if (decision == "deny")
            return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        if (decision != "allow")
        {
            var hidden = string.Concat(context.Request.Query.Select(p => $"<input type=\"hidden\" name=\"{E(p.Key)}\" value=\"{E(p.Value)}\">"));
            return Render(context, "Authorize " + appName, $"""
                <p><b>{E(appName)}</b> asks to use your Tracker account with these scopes: <b>{E(string.Join(", ", scopes))}</b>.</p>
                <form method="post" action="/oauth/authorize">{hidden}{Antiforgery(context)}
                <button name="decision" value="allow">Allow</button> <button name="decision" value="deny" style="background:#777">Deny</button></form>
                """);
        }
        await ValidateAntiforgeryAsync(context);

        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId);
        var identity = NewIdentity(user.Id, user.Email);
        // Like Passport, every authorization-code grant gets a refresh token, so offline_access is always granted.
        identity.SetScopes(scopes.Append(Scopes.OfflineAccess));
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext context, IOpenIddictApplicationManager applications, OAuthClients clients, TrackerDbContext db)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        ClaimsIdentity identity;
        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!);
            var owner = application is null ? null : await clients.OwnerOfAsync(application, context.RequestAborted);
            if (owner is null || !await db.Users.AnyAsync(u => u.Id == owner)) return InvalidGrant("The client has no owner.");
            identity = NewIdentity(owner.Value, null);
            identity.SetScopes(request.GetScopes().Intersect(ApiScopes.All).DefaultIfEmpty(ApiScopes.Read));
        }
        else if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var userId = result.Principal?.UserId();
            // The user may have been removed since the code or refresh token was issued.
            if (userId is null || !await db.Users.AnyAsync(u => u.Id == userId)) return InvalidGrant("The token is no longer valid.");
            identity = new ClaimsIdentity(result.Principal!.Claims, TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        }
        else
        {
            return Results.BadRequest(new { error = Errors.UnsupportedGrantType });
        }
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static ClaimsIdentity NewIdentity(long userId, string? email)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, userId.ToString());
        if (email is not null) identity.SetClaim(Claims.Email, email);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return identity;
    }

    private static IResult InvalidGrant(string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidGrant,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static async Task ValidateAntiforgeryAsync(HttpContext context)
    {
        var antiforgery = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
        await antiforgery.ValidateRequestAsync(context);
    }
}
