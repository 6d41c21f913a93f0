using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>Creates, finds and revokes personal access tokens. Only the SHA-256 of a token is stored.</summary>
public sealed class PersonalAccessTokens(TrackerDbContext db, TimeProvider clock)
{
    /// <summary>Tokens start with this, so the auth handler can tell them from OAuth access tokens (JWTs).</summary>
    public const string Prefix = "trk_pat_";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(182);

    public async Task<(PersonalAccessToken Token, string PlainText)> CreateAsync(long userId, string name,
        string? plainText = null, CancellationToken ct = default)
    {
        plainText ??= SecretTokens.New(24, Prefix);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new PersonalAccessToken
        {
            UserId = userId,
            Name = name,
            TokenHash = SecretTokens.Hash(plainText),
            Prefix = plainText[..Math.Min(plainText.Length, Prefix.Length + 6)],
            CreatedAt = now,
            ExpiresAt = now.Add(Lifetime),
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return (token, plainText);
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
