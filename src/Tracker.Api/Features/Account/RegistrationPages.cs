using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using static Tracker.Api.Infrastructure.Pages.HtmlPage;

namespace Tracker.Api.Features.Account;

/// <summary>
/// Self-service sign-up, off unless Registration:Open=true: a new account, its workspace, and its Owner membership.
/// An email that already has an account is never taken over: the page sends the person to sign in or reset.
/// </summary>
public static class RegistrationPages
{
    public static IEndpointRouteBuilder MapRegistrationPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/register", (HttpContext context, IConfiguration config) =>
            IsOpen(config) ? Form(context, null) : Closed(context)).ExcludeFromDescription();
        app.MapPost("/account/register", RegisterAsync).ExcludeFromDescription();
        return app;
    }

    public static bool IsOpen(IConfiguration config) => config.GetValue("Registration:Open", false);

    private static IResult Closed(HttpContext context) =>
        Render(context, "Not found", "<p>There is no such page.</p>", StatusCodes.Status404NotFound);

    private static IResult Form(HttpContext context, string? error, int status = 200) => Render(context, "Create an account", $"""
        {(error is null ? "" : $"<p class=\"error\">{E(error)}</p>")}
        <form method="post" action="/account/register">
          {Antiforgery(context)}
          <label>First name <input name="firstname" required maxlength="100" autofocus></label>
          <label>Last name <input name="lastname" required maxlength="100"></label>
          <label>Email <input name="email" type="email" required maxlength="254"></label>
          <label>Password (at least {Passwords.MinLength} characters) <input name="password" type="password" minlength="{Passwords.MinLength}" required></label>
          <label>Workspace name <input name="workspace" required maxlength="200"></label>
          <p><button type="submit">Create the account and workspace</button></p>
        </form>
        <p>Already have an account? <a href="/account/login">Sign in</a></p>
        """, status);

    private static IResult AlreadyRegistered(HttpContext context) => Render(context, "Create an account", """
        <p class="error">This email already has an account.</p>
        <p><a href="/account/login">Sign in</a> to it, or <a href="/account/forgot-password">reset its password</a> if you have forgotten it.</p>
        """, StatusCodes.Status400BadRequest);

    private static async Task<IResult> RegisterAsync(HttpContext context, [FromForm] string? firstname, [FromForm] string? lastname,
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? workspace, IConfiguration config,
        TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!IsOpen(config)) return Closed(context);
        var error = AccountFields.NameError("First name", firstname) ?? AccountFields.NameError("Last name", lastname)
            ?? AccountFields.EmailError(email) ?? AccountFields.TextError("Workspace name", workspace, NewWorkspace.MaxNameLength)
            ?? (Passwords.IsLongEnough(password) ? null : Passwords.TooShort);
        if (error is not null) return Form(context, error, StatusCodes.Status422UnprocessableEntity);

        var trimmedEmail = email!.Trim();
        var normalized = trimmedEmail.ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct)) return AlreadyRegistered(context);

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Email = trimmedEmail, NormalizedEmail = normalized, FirstName = firstname!.Trim(), LastName = lastname!.Trim(),
            CreatedAt = now, UpdatedAt = now,
        };
        Passwords.Set(user, password!);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveChangesExtensions.IsUniqueViolation(e))
        {
            return AlreadyRegistered(context); // registered by a concurrent request
        }
        var created = db.Workspaces.Add(NewWorkspace.Create(workspace!, user.Id, now)).Entity;
        await db.SaveChangesAsync(ct);
        db.Members.Add(NewWorkspace.ActiveOwner(created.Id, user.Id, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        await AccountPages.SignInAsync(context, user);
        return Results.Redirect("/settings/profile");
    }
}
