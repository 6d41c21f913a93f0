using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// Ends every cookie session when the account's password changes: the session cookie carries a stamp derived from the
/// password hash at sign-in, and each cookie-authenticated request (the HTML pages only; the API uses bearer tokens)
/// compares it with the current hash, one primary-key read of one column. No stamp column: a new password is a new
/// (salted) hash.
/// </summary>
public static class SessionStamp
{
    public const string ClaimType = "pwd_stamp";

    private static readonly Func<TrackerDbContext, long, Task<PasswordRow?>> CurrentHash = EF.CompileAsyncQuery(
        (TrackerDbContext db, long id) => db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new PasswordRow(u.PasswordHash)).FirstOrDefault());

    private sealed record PasswordRow(string? Hash);

    public static string For(string? passwordHash) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("session:" + passwordHash)), 0, 16);

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(ClaimType);
        var row = principal?.UserId() is { } userId
            ? await CurrentHash(context.HttpContext.RequestServices.GetRequiredService<TrackerDbContext>(), userId)
            : null;
        // A session from before web session tokens cannot reach the app's API: it ends, and the person signs in again.
        if (stamp is not null && row is not null && principal!.HasClaim(c => c.Type == PersonalAccessTokens.WebSessionClaim) &&
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stamp), Encoding.ASCII.GetBytes(For(row.Hash)))) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
