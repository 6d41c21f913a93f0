using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer trk_pat_…</c> (and the web app's <c>trk_web_…</c>). A PAT carries every
/// scope of its owner; a web session token is marked with <see cref="KindClaim"/>, for its own rate budget.
/// </summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TrackerDbContext db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalAccessToken";
    public const string KindClaim = "token_kind";
    public const string WebSessionKind = "web_session";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs on every API request, so each form is compiled once rather than looked up in EF's query cache each time.
    /// A route that reads a workspace (<see cref="WorkspaceScopeRoutes.ReadsWorkspaceScope"/>) gets the token and its
    /// owner's memberships in one query; any other (the workspaces list) only the token, which on SQLite answered the
    /// workspaces list ~25% faster (bench/RESULTS.md). The memberships come as flat rows of a left join, not as a
    /// collection: SQLite prepares every statement anew, and it prepares and runs this form in ~26 µs against ~34 µs.
    /// </summary>
    private static readonly Func<TrackerDbContext, string, IAsyncEnumerable<TokenAndMembership>> FindWithMemberships = EF.CompileAsyncQuery(
        QueryRules.Inline<Func<TrackerDbContext, string, IQueryable<TokenAndMembership>>>((db, hash) => db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .LeftJoin(db.Members.Where(m => Membership.Grants.Invoke(db, m)), t => t.UserId, m => m.UserId, (t, m) => new TokenAndMembership(
                new TokenRow(t.Id, t.UserId, t.TokenHash, t.ExpiresAt, t.RevokedAt, t.LastUsedAt), m == null ? null : Membership.Of.Invoke(db, m)))));

    private static readonly Func<TrackerDbContext, string, Task<TokenRow?>> FindAlone = EF.CompileAsyncQuery(
        (TrackerDbContext db, string hash) => db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Select(t => new TokenRow(t.Id, t.UserId, t.TokenHash, t.ExpiresAt, t.RevokedAt, t.LastUsedAt))
            .FirstOrDefault());

    /// <summary>Compiles both lookups at start-up (<c>StartupWarmup</c>); no token has an empty hash.</summary>
    internal static async Task WarmAsync(TrackerDbContext db)
    {
        await FindAsync(db, "", withMemberships: true);
        await FindAlone(db, "");
    }

    private sealed record TokenRow(long Id, long UserId, string TokenHash, DateTime ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt);

    private sealed record TokenAndMembership(TokenRow Token, Membership? Membership);

    /// <summary>The token, and its owner's memberships when asked for (null when not).</summary>
    private static async Task<(TokenRow? Token, List<Membership>? Memberships)> FindAsync(TrackerDbContext db, string hash, bool withMemberships)
    {
        if (!withMemberships) return (await FindAlone(db, hash), null);
        TokenRow? token = null;
        var memberships = new List<Membership>();
        await foreach (var row in FindWithMemberships(db, hash))
        {
            token = row.Token;
            if (row.Membership is { } membership) memberships.Add(membership);
        }
        return (token, memberships);
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var plainText = BearerToken.From(Request);
        if (plainText is null || !Handles(plainText)) return AuthenticateResult.NoResult();
        var webSession = PersonalAccessTokens.IsWebSession(plainText);

        var hash = SecretTokens.Hash(plainText);
        // On SQLite the lookup opens the request's connection and leaves it open for the endpoint's own queries, since
        // EF registers its SQL functions again on every open of a pooled SQLite connection. The pooled context closes it
        // when the request ends. PostgreSQL showed no gain, and there it would hold a pooled connection while the
        // answer is written.
        if (db.Database.IsSqlite()) await db.Database.OpenConnectionAsync(Context.RequestAborted);
        var (token, memberships) = await FindAsync(db, hash,
            withMemberships: Context.GetEndpoint()?.Metadata.GetMetadata<WorkspaceScopeRoutes.ReadsWorkspaceScope>() is not null);
        // The index lookup finds the row; the fixed-time compare keeps the final check free of timing signal.
        if (token is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token.TokenHash), Encoding.ASCII.GetBytes(hash)))
            return AuthenticateResult.Fail("Unknown token");
        var now = clock.GetUtcNow().UtcDateTime;
        if (token.RevokedAt is not null) return AuthenticateResult.Fail("Token revoked");
        if (token.ExpiresAt <= now) return AuthenticateResult.Fail("Token expired");

        // A web session token slides like its cookie: use keeps it alive, a closed browser lets it lapse.
        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution)
        {
            var expiresAt = webSession ? now.Add(AuthSetup.SessionLifetime) : token.ExpiresAt;
            await db.PersonalAccessTokens.Where(t => t.Id == token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now).SetProperty(t => t.ExpiresAt, expiresAt), Context.RequestAborted);
        }

        // Same query, same moment: the workspace check of this request needs no second round trip.
        if (memberships is not null) Context.Features.Set(new PreloadedMemberships(memberships));
        var identity = new ClaimsIdentity(SchemeName, OpenIddictConstants.Claims.Name, OpenIddictConstants.Claims.Role);
        identity.SetClaim(OpenIddictConstants.Claims.Subject, token.UserId.ToString());
        identity.SetScopes(ApiScopes.All);
        if (webSession) identity.SetClaim(KindClaim, WebSessionKind);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    public static bool Handles(string token) =>
        token.StartsWith(PersonalAccessTokens.Prefix, StringComparison.Ordinal) || PersonalAccessTokens.IsWebSession(token);
}

public static class BearerToken
{
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}
