using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.RateLimiting;
using Tracker.Api.Infrastructure.Data;
using static Tracker.Api.Features.Account.HtmlPage;

namespace Tracker.Api.Features.Account;

/// <summary>Sign-in and sign-out for the browser pages (cookie session).</summary>
public static class AccountPages
{
    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/settings/rest-api")).ExcludeFromDescription();
        app.MapGet("/account/login", (HttpContext context, string? returnUrl) => LoginForm(context, returnUrl, null)).ExcludeFromDescription();
        app.MapPost("/account/login", LoginAsync).ExcludeFromDescription().ThrottleSignIn();
        app.MapPost("/account/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/account/login");
        }).ExcludeFromDescription();
        app.MapSettingsPages();
        app.MapInvitationPages();
        return app;
    }

    private static IResult LoginForm(HttpContext context, string? returnUrl, string? error, int status = 200) => Render(context, "Sign in", $"""
        {(error is null ? "" : $"<p class=\"error\">{E(error)}</p>")}
        <form method="post" action="/account/login">
          {Antiforgery(context)}
          <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
          <label>Email <input name="email" type="email" required autofocus></label>
          <label>Password <input name="password" type="password" required></label>
          <p><button type="submit">Sign in</button></p>
        </form>
        """, status);

    private static async Task<IResult> LoginAsync(
        HttpContext context, [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        TrackerDbContext db)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized);
        var ok = user?.PasswordHash is not null && password is not null &&
                 new PasswordHasher<User>().VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (!ok) return LoginForm(context, returnUrl, "Email or password is incorrect.", StatusCodes.Status401Unauthorized);

        await SignInAsync(context, user!);
        // Only local return URLs: an open redirect here would hand the session to another site.
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/settings/rest-api");
    }

    public static Task SignInAsync(HttpContext context, User user)
    {
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme);
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Email, user.Email));
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Name, $"{user.FirstName} {user.LastName}"));
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
