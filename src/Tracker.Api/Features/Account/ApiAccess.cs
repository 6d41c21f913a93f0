using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Tracker.Api.Features.Account;

/// <summary>
/// The REST API part of /app/settings: the rules and lists of the signed-in person's personal access tokens, OAuth
/// apps and authorized apps.
/// </summary>
public static class ApiAccess
{
    /// <summary>Why a new token's name is refused, or null.</summary>
    public static string? TokenNameError(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 100 ? "Give the token a name (up to 100 characters)." : null;

    /// <summary>Why a new OAuth app is refused, or null.</summary>
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
}
