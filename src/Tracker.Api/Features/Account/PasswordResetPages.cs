using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Email;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.RateLimiting;
using Tracker.Api.Infrastructure.Pages;
using static Tracker.Api.Features.Account.PasswordResetPage;

namespace Tracker.Api.Features.Account;

/// <summary>
/// A password-reset link's token: the user id, an expiry and a stamp of the account's email and password hash,
/// protected by DataProtection. Valid for an hour by the injected clock, and once: setting a password changes the
/// hash, so the stamp no longer matches (nor does it after an email change: the link proved the old mailbox).
/// </summary>
public sealed class PasswordResetTokens(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Tracker.PasswordReset.v1");

    public string Create(User user) =>
        _protector.Protect($"{user.Id}|{clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds()}|{Stamp(user)}");

    /// <summary>The (tracked) user the token still resets, or null when it is forged, expired or used.</summary>
    public async Task<User?> FindAsync(TrackerDbContext db, string token, CancellationToken ct)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
        if (payload.Split('|') is not [var rawId, var rawExpiry, var stamp] || !long.TryParse(rawId, out var id) ||
            !long.TryParse(rawExpiry, out var expiry) || clock.GetUtcNow().ToUnixTimeSeconds() >= expiry) return null;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        return user is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stamp), Encoding.ASCII.GetBytes(Stamp(user)))
            ? user : null;
    }

    private static string Stamp(User user) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"reset:{user.NormalizedEmail}\n{user.PasswordHash}")));
}

/// <summary>"Forgot password?": a reset link by email, and the page that link opens.</summary>
public static class PasswordResetPages
{
    /// <summary>Reset mails one email address receives per hour, whoever asks: the form must not be a mail cannon.</summary>
    private const int MailsPerHour = 3;

    public static IEndpointRouteBuilder MapPasswordResetPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/forgot-password", () => Show(ResetStep.Ask)).ExcludeFromDescription();
        app.MapPost("/account/forgot-password", ForgotAsync).ExcludeFromDescription();
        app.MapGet("/account/reset-password/{token}", ShowResetAsync).ExcludeFromDescription();
        app.MapPost("/account/reset-password/{token}", ResetAsync).ExcludeFromDescription();
        return app;
    }

    private static IResult Show(ResetStep step, string? error = null, string? email = null, int status = StatusCodes.Status200OK) =>
        PageHeaders.Page<PasswordResetPage>(new { Step = step, Error = error, Email = email }, status);

    private static IResult InvalidLink() => Show(ResetStep.InvalidLink, status: StatusCodes.Status404NotFound);

    /// <summary>
    /// One answer whether or not the email has an account, in the same time: the same lookup and counting run for
    /// both, and the mail is queued, never awaited.
    /// </summary>
    private static async Task<IResult> ForgotAsync([FromForm] string? email, TrackerDbContext db,
        PasswordResetTokens tokens, Mailer mailer, IRateLimitStore store, IConfiguration config, CancellationToken ct)
    {
        var trimmed = (email ?? "").Trim();
        if (!Validator.IsEmail(trimmed)) return Show(ResetStep.Ask, "Enter a valid email address.", status: StatusCodes.Status422UnprocessableEntity);
        var normalized = trimmed.ToLowerInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        var underCap = (await store.IncrementAsync("password-reset-mail:" + normalized, TimeSpan.FromHours(1), ct)).Count <= MailsPerHour;
        if (user is not null && underCap)
            AccountMail.QueuePasswordReset(mailer, user.Email, $"{PublicUrl.Base(config)}/account/reset-password/{tokens.Create(user)}");
        return Show(ResetStep.Sent);
    }

    private static async Task<IResult> ShowResetAsync(string token, TrackerDbContext db, PasswordResetTokens tokens,
        CancellationToken ct) =>
        await tokens.FindAsync(db, token, ct) is { } user ? Show(ResetStep.Choose, email: user.Email) : InvalidLink();

    private static async Task<IResult> ResetAsync(string token, [FromForm] string? password, TrackerDbContext db,
        PasswordResetTokens tokens, PersonalAccessTokens accessTokens, OAuthClients clients, IOpenIddictTokenManager oauthTokens,
        IOpenIddictAuthorizationManager authorizations, TimeProvider clock, CancellationToken ct)
    {
        var user = await tokens.FindAsync(db, token, ct);
        if (user is null) return InvalidLink();
        if (!Passwords.IsLongEnough(password)) return Show(ResetStep.Choose, Passwords.TooShort, user.Email, StatusCodes.Status422UnprocessableEntity);

        // Mail proves the mailbox, so this takes the account back from whoever held it: an inviter may have set the
        // first password through the invitation link and made tokens with it (docs/decisions.md). Sessions end by
        // the new hash (SessionStamp); the rest is revoked here, all or nothing.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Passwords.Set(user, password!);
        user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await accessTokens.RevokeAllAsync(user.Id, ct);
        var subject = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await oauthTokens.RevokeBySubjectAsync(subject, ct);
        await authorizations.RevokeBySubjectAsync(subject, ct);
        foreach (var app in await clients.ListAsync(user.Id, ct))
            if (app.ClientCredentials) await clients.DeleteAsync(user.Id, app.ClientId, ct);
        await transaction.CommitAsync(ct);

        return Show(ResetStep.Changed);
    }
}
