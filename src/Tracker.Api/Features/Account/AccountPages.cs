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
using Tracker.Api.Infrastructure.Pages;

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
        // The hand-built settings pages became /app/settings; their addresses (bookmarks, older links) lead there.
        app.MapGet("/settings/profile", () => Results.Redirect(SettingsPath)).ExcludeFromDescription();
        app.MapGet("/settings/rest-api", () => Results.Redirect(SettingsPath)).ExcludeFromDescription();
        app.MapInvitationPages();
        app.MapPasswordResetPages();
        app.MapRegistrationPages();
        return app;
    }

    public const string SettingsPath = "/app/settings";

    private static IResult LoginForm(HttpContext context, string? returnUrl, string? error, int status = StatusCodes.Status200OK) =>
        PageHeaders.Page<SignInPage>(new
        {
            ReturnUrl = returnUrl, Error = error,
            RegistrationOpen = RegistrationPages.IsOpen(context.RequestServices.GetRequiredService<IConfiguration>()),
        }, status);

    /// <summary>The throttled answer: a page, not the API's JSON envelope, with Retry-After.</summary>
    private static IResult TooManyAttempts(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = SignInPage.RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        return PageHeaders.Page<SignInPage>(new { RetryAfter = (TimeSpan?)retryAfter }, StatusCodes.Status429TooManyRequests);
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
