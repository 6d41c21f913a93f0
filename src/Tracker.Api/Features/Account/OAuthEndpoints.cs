using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Pages;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Tracker.Api.Features.Account;

/// <summary>
/// The OAuth2 authorization-code flow (PKCE supported, S256 only) with refresh tokens, and client credentials.
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

    private static async Task<IResult> AuthorizeAsync(HttpContext context, IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations, TrackerDbContext db)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        // A request OpenIddict refused before it could trust the redirect_uri (error passthrough): tell the person.
        if (context.GetOpenIddictServerResponse() is { Error.Length: > 0 } refused)
            return PageHeaders.Page<ConsentPage>(new { Refused = refused.ErrorDescription ?? refused.Error }, StatusCodes.Status400BadRequest);
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
            return PageHeaders.Page<ConsentPage>(new
            {
                AppName = appName, Scopes = scopes,
                Fields = context.Request.Query.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())).ToList(),
            }, formActionSource: RedirectOrigin(context));
        }
        // The route binds no form field, so the framework does not check the consent form's antiforgery token.
        await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);

        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId);
        var identity = NewIdentity(user.Id, user.Email);
        // Like Passport, every authorization-code grant gets a refresh token, so offline_access is always granted.
        identity.SetScopes(scopes.Append(Scopes.OfflineAccess));
        // The grant hangs on the user's permanent authorization of this app (reused while its scopes cover the
        // request): the settings page lists it, and revoking it ends every token issued under it.
        var principal = new ClaimsPrincipal(identity);
        var subject = user.Id.ToString();
        var applicationId = await applications.GetIdAsync(application);
        var authorization = await authorizations.FindAsync(subject, applicationId, Statuses.Valid, AuthorizationTypes.Permanent,
                                identity.GetScopes()).FirstOrDefaultAsync()
                            ?? await authorizations.CreateAsync(principal, subject, applicationId!, AuthorizationTypes.Permanent, identity.GetScopes());
        identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization));
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// After Allow or Deny the browser follows a redirect to the client, which CSP form-action also governs: the
    /// consent page may target the origin of the redirect_uri OpenIddict validated for this request, nothing else.
    /// </summary>
    private static string RedirectOrigin(HttpContext context)
    {
        var validated = context.Features.Get<OpenIddictServerAspNetCoreFeature>()?.Transaction?
            .GetProperty<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(typeof(OpenIddictServerEvents.ValidateAuthorizationRequestContext).FullName!)?
            .RedirectUri ?? throw new InvalidOperationException("The authorization request was not validated.");
        var uri = new Uri(validated, UriKind.Absolute);
        // An app scheme (CLI-registered, e.g. myapp:/callback) has no origin: CSP names it as a scheme source.
        return uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) : uri.Scheme + ":";
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
}
