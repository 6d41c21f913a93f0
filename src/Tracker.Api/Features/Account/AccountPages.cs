using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.RateLimiting;
using Tracker.Api.Infrastructure.Data;
using static Tracker.Api.Infrastructure.Pages.HtmlPage;

namespace Tracker.Api.Features.Account;

/// <summary>Sign-in and sign-out for the browser pages (cookie session).</summary>
public static class AccountPages
{
    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/app")).ExcludeFromDescription();
        app.MapGet("/account/login", (HttpContext context, string? returnUrl) => LoginForm(context, returnUrl, null)).ExcludeFromDescription();
        app.MapPost("/account/login", LoginAsync).ExcludeFromDescription();
        app.MapPost("/account/logout", async (HttpContext context, PersonalAccessTokens tokens, CancellationToken ct) =>
        {
            // The session's web session token ends with it.
            if (context.User.FindFirstValue(PersonalAccessTokens.WebSessionClaim) is { } token) await tokens.RevokeWebSessionAsync(token, ct);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/account/login");
        }).ExcludeFromDescription();
        app.MapSettingsPages();
        app.MapProfilePages();
        app.MapInvitationPages();
        app.MapPasswordResetPages();
        app.MapRegistrationPages();
        return app;
    }

    private static IResult LoginForm(HttpContext context, string? returnUrl, string? error, int status = 200)
    {
        var register = RegistrationPages.IsOpen(context.RequestServices.GetRequiredService<IConfiguration>())
            ? " · <a href=\"/account/register\">Create an account</a>" : "";
        return Render(context, "Sign in", $"""
            {(error is null ? "" : $"<p class=\"error\">{E(error)}</p>")}
            <form method="post" action="/account/login">
              {Antiforgery(context)}
              <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
              <label>Email <input name="email" type="email" required autofocus></label>
              <label>Password <input name="password" type="password" required></label>
              <p><button type="submit">Sign in</button></p>
            </form>
            <p><a href="/account/forgot-password">Forgot password?</a>{register}</p>
            """, status);
    }

    /// <summary>The throttled answer: a page, not the API's JSON envelope, with Retry-After.</summary>
    /// <summary>What a locked-out person reads, here and on the app's settings page.</summary>
    public static string TooManyAttemptsText(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var wait = seconds < 120 ? $"{seconds} seconds" : $"{(seconds + 59) / 60} minutes";
        return $"Too many failed sign-in attempts. Try again in {wait}.";
    }

    public static IResult TooManyAttempts(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Render(context, "Too many attempts", $"""
            <p class="error">{E(TooManyAttemptsText(retryAfter))}</p>
            <p><a href="/account/forgot-password">Forgot password?</a></p>
            """, StatusCodes.Status429TooManyRequests);
    }

    /// <summary>
    /// A locked account or address is refused before the password is checked, so a lock reveals nothing about it.
    /// An unknown email costs one full hash check too (<see cref="Passwords.Verify"/>).
    /// </summary>
    private static async Task<IResult> LoginAsync(
        HttpContext context, [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        TrackerDbContext db, SignInThrottle throttle, CancellationToken ct)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        var address = context.Connection.RemoteIpAddress;
        var locked = await throttle.LockedForAsync(normalized, address, ct);
        if (locked > TimeSpan.Zero) return TooManyAttempts(context, locked);

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (!Passwords.Verify(user, password))
        {
            await throttle.FailedAsync(normalized, address, ct);
            return LoginForm(context, returnUrl, "Email or password is incorrect.", StatusCodes.Status401Unauthorized);
        }

        await throttle.SucceededAsync(normalized, ct);
        await SignInAsync(context, user!);
        // Only local return URLs: an open redirect here would hand the session to another site.
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/app");
    }

    /// <summary>
    /// Starts (or renews) the cookie session; its stamp ties it to the current password (SessionStamp). It carries a
    /// new web session token for the app's API calls; a renewed session's previous token is revoked.
    /// </summary>
    public static async Task SignInAsync(HttpContext context, User user)
    {
        var tokens = context.RequestServices.GetRequiredService<PersonalAccessTokens>();
        var previous = (await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Principal;
        if (previous?.FindFirstValue(PersonalAccessTokens.WebSessionClaim) is { } old) await tokens.RevokeWebSessionAsync(old);
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme);
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Email, user.Email));
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Name, $"{user.FirstName} {user.LastName}"));
        identity.AddClaim(new Claim(SessionStamp.ClaimType, SessionStamp.For(user.PasswordHash)));
        identity.AddClaim(new Claim(PersonalAccessTokens.WebSessionClaim, await tokens.CreateWebSessionAsync(user.Id)));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
