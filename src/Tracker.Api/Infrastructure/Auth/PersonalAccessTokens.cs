using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// Creates, finds and revokes personal access tokens, and the web app's per-session tokens (same table, same handler;
/// their prefix is their kind). Only the SHA-256 of a token is stored.
/// </summary>
public sealed class PersonalAccessTokens(TrackerDbContext db, TimeProvider clock)
{
    /// <summary>Tokens start with this, so the auth handler can tell them from OAuth access tokens (JWTs).</summary>
    public const string Prefix = "trk_pat_";
    /// <summary>
    /// A web session's token: minted at cookie sign-in, its raw value kept only inside the encrypted session cookie,
    /// so the web app calls the API with exactly the signed-in person's rights. Never listed among the person's PATs.
    /// </summary>
    public const string WebSessionPrefix = "trk_web_";
    /// <summary>The session cookie's claim that holds the raw web session token.</summary>
    public const string WebSessionClaim = "web_token";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(182);

    public static bool IsWebSession(string token) => token.StartsWith(WebSessionPrefix, StringComparison.Ordinal);

    public async Task<(PersonalAccessToken Token, string PlainText)> CreateAsync(long userId, string name,
        string? plainText = null, CancellationToken ct = default)
    {
        plainText ??= SecretTokens.New(24, Prefix);
        return (await AddAsync(userId, name, plainText, Lifetime, ct), plainText);
    }

    /// <summary>A new web session's token; it lives as long as an idle cookie and slides with use (the handler).</summary>
    public async Task<string> CreateWebSessionAsync(long userId, CancellationToken ct = default)
    {
        var plainText = SecretTokens.New(24, WebSessionPrefix);
        await AddAsync(userId, "Web session", plainText, AuthSetup.SessionLifetime, ct);
        return plainText;
    }

    private async Task<PersonalAccessToken> AddAsync(long userId, string name, string plainText, TimeSpan lifetime, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new PersonalAccessToken
        {
            UserId = userId,
            Name = name,
            TokenHash = SecretTokens.Hash(plainText),
            Prefix = plainText[..Math.Min(plainText.Length, Prefix.Length + 6)],
            CreatedAt = now,
            ExpiresAt = now.Add(lifetime),
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>Revokes the web session token a signed-out cookie carried.</summary>
    public async Task RevokeWebSessionAsync(string plainText, CancellationToken ct = default)
    {
        var hash = SecretTokens.Hash(plainText);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.PersonalAccessTokens.Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    /// <summary>Revokes every web session token of the user: a new password ends every session, and their API access.</summary>
    public async Task RevokeWebSessionsAsync(long userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.PersonalAccessTokens.Where(t => t.UserId == userId && t.RevokedAt == null && t.Prefix.StartsWith(WebSessionPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    public async Task<bool> RevokeAsync(long userId, long tokenId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.PersonalAccessTokens
            .Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct) > 0;
    }

    /// <summary>Revokes every live token of the user (a password reset by email takes the account back).</summary>
    public async Task RevokeAllAsync(long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.PersonalAccessTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }
}
