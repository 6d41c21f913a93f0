using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
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

    private static long CurrentUser(HttpContext context) => context.User.UserId() ?? throw new InvalidOperationException("Signed-in user expected");

    private static async Task<IResult> CreateTokenAsync(HttpContext context, [FromForm] string? name, PersonalAccessTokens tokens,
        TrackerDbContext db, OAuthClients clients, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            return await RenderAsync(context, db, clients, "<p class=\"error\">Give the token a name (up to 100 characters).</p>", ct);
        var (token, plain) = await tokens.CreateAsync(CurrentUser(context), name.Trim(), ct: ct);
        return await RenderAsync(context, db, clients,
            $"<p>New token <b>{E(token.Name)}</b>. Copy it now: it is not shown again.</p><p class=\"secret\">{E(plain)}</p>", ct);
    }

    private static async Task<IResult> CreateAppAsync(HttpContext context, [FromForm] string? name, [FromForm] string? redirectUri,
        [FromForm] string? grantType, TrackerDbContext db, OAuthClients clients, CancellationToken ct)
    {
        var clientCredentials = grantType == "client_credentials";
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 ||
            (!clientCredentials && !(Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")))
            return await RenderAsync(context, db, clients, "<p class=\"error\">An app needs a name and an absolute http(s) redirect URI.</p>", ct);
        var (clientId, secret) = await clients.CreateAsync(CurrentUser(context), name.Trim(), redirectUri, clientCredentials, ct);
        return await RenderAsync(context, db, clients,
            $"<p>App <b>{E(name)}</b> created. Client ID <code>{E(clientId)}</code>. Client secret (shown once):</p><p class=\"secret\">{E(secret)}</p>", ct);
    }

    private static async Task<IResult> RenderAsync(HttpContext context, TrackerDbContext db, OAuthClients clients, string? notice, CancellationToken ct)
    {
        var userId = CurrentUser(context);
        var tokens = await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.UserId == userId && !t.Prefix.StartsWith(PersonalAccessTokens.WebSessionPrefix))
            .OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
        var apps = await clients.ListAsync(userId, ct);
        var subject = userId.ToString();
        var authorized = await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().AsNoTracking()
            .Where(a => a.Subject == subject && a.Status == Statuses.Valid)
            .OrderByDescending(a => a.CreationDate)
            .Select(a => new { a.Id, App = a.Application!.DisplayName, a.Scopes, a.CreationDate })
            .ToListAsync(ct);
        var antiforgery = Antiforgery(context);
        var html = new StringBuilder(notice ?? "");
        html.Append($"<p>Signed in as {E(context.User.FindFirstValue("email"))}. <form method=\"post\" action=\"/account/logout\" style=\"display:inline\">{antiforgery}<button class=\"link\">Sign out</button></form></p>");
        html.Append("<h2>Personal access tokens</h2><p>Send as <code>Authorization: Bearer &lt;token&gt;</code>. Tokens last 6 months.</p><table><tr><th>Name</th><th>Token</th><th>Created</th><th>Expires</th><th>Last used</th><th></th></tr>");
        foreach (var t in tokens)
        {
            var state = t.RevokedAt is not null ? "revoked"
                : $"<form method=\"post\" action=\"/settings/rest-api/tokens/{t.Id}/revoke\">{antiforgery}<button class=\"link\">Revoke</button></form>";
            html.Append($"<tr><td>{E(t.Name)}</td><td><code>{E(t.Prefix)}…</code></td><td>{t.CreatedAt:yyyy-MM-dd}</td><td>{t.ExpiresAt:yyyy-MM-dd}</td><td>{t.LastUsedAt:yyyy-MM-dd HH:mm}</td><td>{state}</td></tr>");
        }
        html.Append($"</table><form method=\"post\" action=\"/settings/rest-api/tokens\">{antiforgery}<label>Token name <input name=\"name\" required maxlength=\"100\"></label><button>Create token</button></form>");
        html.Append("<h2>OAuth2 apps</h2><table><tr><th>Name</th><th>Client ID</th><th>Grant</th><th>Redirect URI</th><th></th></tr>");
        foreach (var a in apps)
            html.Append($"<tr><td>{E(a.Name)}</td><td><code>{E(a.ClientId)}</code></td><td>{(a.ClientCredentials ? "client credentials" : "authorization code")}</td><td>{E(a.RedirectUri)}</td><td><form method=\"post\" action=\"/settings/rest-api/apps/{E(a.ClientId)}/delete\">{antiforgery}<button class=\"link\">Delete</button></form></td></tr>");
        html.Append($"""
            </table><form method="post" action="/settings/rest-api/apps">{antiforgery}
            <label>Application name <input name="name" required maxlength="100"></label>
            <label>Redirect URI <input name="redirectUri" type="url" placeholder="https://myapp.example/callback"></label>
            <label>Grant type <select name="grantType"><option value="authorization_code">Authorization Code</option><option value="client_credentials">Client Credentials</option></select></label>
            <button>Create app</button></form>
            """);
        html.Append("<h2>Authorized apps</h2><p>Apps you allowed to use your account. Revoking one ends its access at once.</p><table><tr><th>App</th><th>Scopes</th><th>Authorized</th><th></th></tr>");
        foreach (var a in authorized)
        {
            var scopes = JsonSerializer.Deserialize<string[]>(a.Scopes ?? "[]") ?? [];
            html.Append($"<tr><td>{E(a.App)}</td><td>{E(string.Join(", ", ApiScopes.All.Where(scopes.Contains)))}</td><td>{a.CreationDate:yyyy-MM-dd}</td><td><form method=\"post\" action=\"/settings/rest-api/authorizations/{E(a.Id)}/revoke\">{antiforgery}<button class=\"link\">Revoke</button></form></td></tr>");
        }
        html.Append("</table>");
        return Render(context, "REST API", html.ToString());
    }
}
