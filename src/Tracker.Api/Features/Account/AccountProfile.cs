using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.RateLimiting;

namespace Tracker.Api.Features.Account;

/// <summary>
/// The profile rules of /app/settings: the signed-in person's own account fields, shared by all their workspaces
/// (email, names, time zone, password). Changing the email or the password takes the current password, checked under the sign-in throttle
/// (a stolen session must not become a password oracle). A new password ends every other session (SessionStamp).
/// </summary>
public static class AccountProfile
{
    /// <summary>What a profile form did: the person (saved, or as stored), a notice or an error with its status, or a sign-in lock.</summary>
    public sealed record Outcome(User User, string? Notice, string? Error = null, int Status = StatusCodes.Status200OK, TimeSpan Locked = default);

    public static Task<User> CurrentUserAsync(HttpContext context, TrackerDbContext db, CancellationToken ct)
    {
        var id = context.User.UserId() ?? throw new InvalidOperationException("Signed-in user expected");
        return db.Users.FirstAsync(u => u.Id == id, ct);
    }

    /// <summary>The profile rules, used by the app's settings page.</summary>
    public static async Task<Outcome> SaveProfileAsync(HttpContext context, string? email, string? firstname, string? lastname,
        string? timezone, string? currentPassword, TrackerDbContext db, SignInThrottle throttle, TimeProvider clock, CancellationToken ct)
    {
        var user = await CurrentUserAsync(context, db, ct);
        var error = AccountFields.EmailError(email) ?? AccountFields.NameError("First name", firstname)
            ?? AccountFields.NameError("Last name", lastname) ?? AccountFields.TimeZoneError(timezone);
        if (error is not null) return new(user, null, error, StatusCodes.Status422UnprocessableEntity);

        var normalized = email!.Trim().ToLowerInvariant();
        if (normalized != user.NormalizedEmail)
        {
            if (await CheckCurrentPasswordAsync(context, user, currentPassword, throttle, ct) is { } refused) return refused;
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != user.Id, ct))
                return new(user, null, "That email is used by another account.", StatusCodes.Status422UnprocessableEntity);
        }
        user.Email = email.Trim();
        user.NormalizedEmail = normalized;
        user.FirstName = firstname!.Trim();
        user.LastName = lastname!.Trim();
        user.Timezone = string.IsNullOrWhiteSpace(timezone) ? null : timezone.Trim();
        user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveChangesExtensions.IsUniqueViolation(e))
        {
            await db.Entry(user).ReloadAsync(ct);
            return new(user, null, "That email is used by another account.", StatusCodes.Status422UnprocessableEntity);
        }
        await AccountPages.SignInAsync(context, user); // the session's email and name claims follow the change
        return new(user, "Profile saved.");
    }

    /// <summary>The password rules, used by the app's settings page.</summary>
    public static async Task<Outcome> ChangePasswordAsync(HttpContext context, string? currentPassword, string? newPassword,
        TrackerDbContext db, SignInThrottle throttle, TimeProvider clock, PersonalAccessTokens tokens, CancellationToken ct)
    {
        var user = await CurrentUserAsync(context, db, ct);
        if (await CheckCurrentPasswordAsync(context, user, currentPassword, throttle, ct) is { } refused) return refused;
        if (!Passwords.IsLongEnough(newPassword)) return new(user, null, Passwords.TooShort, StatusCodes.Status422UnprocessableEntity);
        Passwords.Set(user, newPassword!);
        user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await tokens.RevokeWebSessionsAsync(user.Id, ct); // every session's API access ends with it
        await AccountPages.SignInAsync(context, user); // this session carries the new stamp; every other one ends
        return new(user, "Password changed. Your other sessions were signed out.");
    }

    /// <summary>Null when the password is the user's; otherwise the refusal (wrong password, or throttled).</summary>
    private static async Task<Outcome?> CheckCurrentPasswordAsync(HttpContext context, User user, string? password,
        SignInThrottle throttle, CancellationToken ct)
    {
        var address = context.Connection.RemoteIpAddress;
        var locked = await throttle.LockedForAsync(user.NormalizedEmail, address, ct);
        if (locked > TimeSpan.Zero) return new(user, null, null, StatusCodes.Status429TooManyRequests, locked);
        if (Passwords.Verify(user, password)) return null;
        await throttle.FailedAsync(user.NormalizedEmail, address, ct);
        return new(user, null, "Your current password is incorrect.", StatusCodes.Status400BadRequest);
    }
}
