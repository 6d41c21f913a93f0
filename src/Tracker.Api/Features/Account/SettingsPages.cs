using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static Tracker.Api.Infrastructure.Pages.HtmlPage;

namespace Tracker.Api.Features.Account;

/// <summary>Settings › REST API: personal access tokens, OAuth apps and authorized apps of the signed-in user.</summary>
public static class SettingsPages
{
    public static IEndpointRouteBuilder MapSettingsPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/settings/rest-api").ExcludeFromDescription()
            .RequireAuthorization(p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            // Revoke and delete bind no form field, so the framework would not check their antiforgery token.
            .AddEndpointFilter(async (invocation, next) =>
            {
                if (HttpMethods.IsPost(invocation.HttpContext.Request.Method)) await ValidateAntiforgeryAsync(invocation.HttpContext);
                return await next(invocation);
            });
        pages.MapGet("/", (HttpContext c, TrackerDbContext db, OAuthClients clients, CancellationToken ct) => RenderAsync(c, db, clients, null, ct));
        pages.MapPost("/tokens", CreateTokenAsync);
        pages.MapPost("/tokens/{id:long}/revoke", async (long id, HttpContext c, PersonalAccessTokens tokens, CancellationToken ct) =>
        {
            await tokens.RevokeAsync(CurrentUser(c), id, ct);
            return Results.Redirect("/settings/rest-api");
        });
        pages.MapPost("/apps", CreateAppAsync);
        pages.MapPost("/apps/{clientId}/delete", async (string clientId, HttpContext c, OAuthClients clients, CancellationToken ct) =>
        {
            await clients.DeleteAsync(CurrentUser(c), clientId, ct);
            return Results.Redirect("/settings/rest-api");
        });
        pages.MapPost("/authorizations/{authorizationId}/revoke", async (string authorizationId, HttpContext c, OAuthClients clients, CancellationToken ct) =>
            await clients.RevokeAuthorizationAsync(CurrentUser(c), authorizationId, ct)
                ? Results.Redirect("/settings/rest-api")
                : Render(c, "Not found", "<p>No such authorized app. <a href=\"/settings/rest-api\">Back to settings</a></p>", StatusCodes.Status404NotFound));
        return app;
    }

    private const string ActionsHeader = "<th><span class=\"sr\">Actions</span></th>";

    private static long CurrentUser(HttpContext context) => context.User.UserId() ?? throw new InvalidOperationException("Signed-in user expected");

    /// <summary>Why a new token's name is refused, or null; shared with the app's settings page.</summary>
    public static string? TokenNameError(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 100 ? "Give the token a name (up to 100 characters)." : null;

    /// <summary>Why a new OAuth app is refused, or null; shared with the app's settings page.</summary>
    public static string? AppError(string? name, string? redirectUri, bool clientCredentials) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 100 ||
        (!clientCredentials && !(Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            ? "An app needs a name and an absolute http(s) redirect URI." : null;

    public sealed record AuthorizedApp(string? Id, string? App, IReadOnlyList<string> Scopes, DateTime? CreationDate);

    /// <summary>The person's own tokens (web-session tokens are not theirs to list), OAuth apps and authorized apps.</summary>
    public sealed record Lists(List<PersonalAccessToken> Tokens, List<OAuthClientInfo> Apps, List<AuthorizedApp> Authorized);

    public static async Task<Lists> ListAsync(long userId, TrackerDbContext db, OAuthClients clients, CancellationToken ct)
    {
        var tokens = await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.UserId == userId && !t.Prefix.StartsWith(PersonalAccessTokens.WebSessionPrefix))
            .OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
        var apps = await clients.ListAsync(userId, ct);
        var subject = userId.ToString(CultureInfo.InvariantCulture);
        var authorized = await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().AsNoTracking()
            .Where(a => a.Subject == subject && a.Status == Statuses.Valid)
            .OrderByDescending(a => a.CreationDate)
            .Select(a => new { a.Id, App = a.Application!.DisplayName, a.Scopes, a.CreationDate })
            .ToListAsync(ct);
        return new(tokens, apps, [.. authorized.Select(a =>
        {
            var scopes = JsonSerializer.Deserialize<string[]>(a.Scopes ?? "[]") ?? [];
            return new AuthorizedApp(a.Id, a.App, [.. ApiScopes.All.Where(scopes.Contains)], a.CreationDate);
        })]);
    }

    private static async Task<IResult> CreateTokenAsync(HttpContext context, [FromForm] string? name, PersonalAccessTokens tokens,
        TrackerDbContext db, OAuthClients clients, CancellationToken ct)
    {
        if (TokenNameError(name) is { } error) return await RenderAsync(context, db, clients, $"<p class=\"error\">{E(error)}</p>", ct);
        var (token, plain) = await tokens.CreateAsync(CurrentUser(context), name!.Trim(), ct: ct);
        return await RenderAsync(context, db, clients,
            $"<p>New token <b>{E(token.Name)}</b>. Copy it now: it is not shown again.</p><p class=\"secret\">{E(plain)}</p>", ct);
    }

    private static async Task<IResult> CreateAppAsync(HttpContext context, [FromForm] string? name, [FromForm] string? redirectUri,
        [FromForm] string? grantType, TrackerDbContext db, OAuthClients clients, CancellationToken ct)
    {
        var clientCredentials = grantType == "client_credentials";
        if (AppError(name, redirectUri, clientCredentials) is { } error)
            return await RenderAsync(context, db, clients, $"<p class=\"error\">{E(error)}</p>", ct);
        var (clientId, secret) = await clients.CreateAsync(CurrentUser(context), name!.Trim(), redirectUri, clientCredentials, ct);
        return await RenderAsync(context, db, clients,
            $"<p>App <b>{E(name)}</b> created. Client ID <code>{E(clientId)}</code>. Client secret (shown once):</p><p class=\"secret\">{E(secret)}</p>", ct);
    }

    private static async Task<IResult> RenderAsync(HttpContext context, TrackerDbContext db, OAuthClients clients, string? notice, CancellationToken ct)
    {
        var (tokens, apps, authorized) = await ListAsync(CurrentUser(context), db, clients, ct);
        var antiforgery = Antiforgery(context);
        var html = new StringBuilder(notice ?? "");
        html.Append($"<form method=\"post\" action=\"/account/logout\"><p>Signed in as {E(context.User.FindFirstValue("email"))}. {antiforgery}<button class=\"link\">Sign out</button></p></form>");
        html.Append("<h2>Personal access tokens</h2><p>Send as <code>Authorization: Bearer &lt;token&gt;</code>. Tokens last 6 months.</p>");
        var rows = new StringBuilder($"<tr><th>Name</th><th>Token</th><th>Created</th><th>Expires</th><th>Last used</th>{ActionsHeader}</tr>");
        foreach (var t in tokens)
        {
            var state = t.RevokedAt is not null ? "revoked"
                : $"<form method=\"post\" action=\"/settings/rest-api/tokens/{t.Id}/revoke\">{antiforgery}<button class=\"link\" aria-label=\"Revoke {E(t.Name)}\">Revoke</button></form>";
            rows.Append($"<tr><td>{E(t.Name)}</td><td><code>{E(t.Prefix)}…</code></td><td>{t.CreatedAt:yyyy-MM-dd}</td><td>{t.ExpiresAt:yyyy-MM-dd}</td><td>{t.LastUsedAt:yyyy-MM-dd HH:mm}</td><td>{state}</td></tr>");
        }
        html.Append(Table("Personal access tokens", rows.ToString()));
        html.Append($"<form method=\"post\" action=\"/settings/rest-api/tokens\">{antiforgery}<label>Token name <input name=\"name\" required maxlength=\"100\"></label><button>Create token</button></form>");
        html.Append("<h2>OAuth2 apps</h2>");
        rows.Clear().Append($"<tr><th>Name</th><th>Client ID</th><th>Grant</th><th>Redirect URI</th>{ActionsHeader}</tr>");
        foreach (var a in apps)
            rows.Append($"<tr><td>{E(a.Name)}</td><td><code>{E(a.ClientId)}</code></td><td>{(a.ClientCredentials ? "client credentials" : "authorization code")}</td><td>{E(a.RedirectUri)}</td><td><form method=\"post\" action=\"/settings/rest-api/apps/{E(a.ClientId)}/delete\">{antiforgery}<button class=\"link\" aria-label=\"Delete {E(a.Name)}\">Delete</button></form></td></tr>");
        html.Append(Table("OAuth2 apps", rows.ToString()));
        html.Append($"""
            <form method="post" action="/settings/rest-api/apps">{antiforgery}
            <label>Application name <input name="name" required maxlength="100"></label>
            <label>Redirect URI <input name="redirectUri" type="url" placeholder="https://myapp.example/callback"></label>
            <label>Grant type <select name="grantType"><option value="authorization_code">Authorization Code</option><option value="client_credentials">Client Credentials</option></select></label>
            <button>Create app</button></form>
            """);
        html.Append("<h2>Authorized apps</h2><p>Apps you allowed to use your account. Revoking one ends its access at once.</p>");
        rows.Clear().Append($"<tr><th>App</th><th>Scopes</th><th>Authorized</th>{ActionsHeader}</tr>");
        foreach (var a in authorized)
        {
            rows.Append($"<tr><td>{E(a.App)}</td><td>{E(string.Join(", ", a.Scopes))}</td><td>{a.CreationDate:yyyy-MM-dd}</td><td><form method=\"post\" action=\"/settings/rest-api/authorizations/{E(a.Id)}/revoke\">{antiforgery}<button class=\"link\" aria-label=\"Revoke {E(a.App)}\">Revoke</button></form></td></tr>");
        }
        html.Append(Table("Authorized apps", rows.ToString()));
        return Render(context, "REST API", html.ToString());
    }
}
