using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Pages;

namespace Tracker.Api.Features.Account;

/// <summary>
/// Self-service sign-up, off unless Registration:Open=true: a new account, its workspace, and its Owner membership.
/// An email that already has an account is never taken over: the page sends the person to sign in or reset.
/// </summary>
public static class RegistrationPages
{
    public static IEndpointRouteBuilder MapRegistrationPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/register", (IConfiguration config) => IsOpen(config) ? Form(null) : Closed()).ExcludeFromDescription();
        app.MapPost("/account/register", RegisterAsync).ExcludeFromDescription();
        return app;
    }

    public static bool IsOpen(IConfiguration config) => config.GetValue("Registration:Open", false);

    /// <summary>While registration is closed, the page does not exist.</summary>
    private static IResult Closed() =>
        PageHeaders.Page<ErrorPage>(new { Status = StatusCodes.Status404NotFound, Message = "There is no such page." }, StatusCodes.Status404NotFound);

    private static IResult Form(string? error, int status = StatusCodes.Status200OK) =>
        PageHeaders.Page<RegistrationPage>(new { Error = error }, status);

    private static IResult AlreadyRegistered() =>
        PageHeaders.Page<RegistrationPage>(new { AlreadyRegistered = true }, StatusCodes.Status400BadRequest);

    private static async Task<IResult> RegisterAsync(HttpContext context, [FromForm] string? firstname, [FromForm] string? lastname,
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? workspace, IConfiguration config,
        TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!IsOpen(config)) return Closed();
        var error = AccountFields.NameError("First name", firstname) ?? AccountFields.NameError("Last name", lastname)
            ?? AccountFields.EmailError(email) ?? AccountFields.TextError("Workspace name", workspace, NewWorkspace.MaxNameLength)
            ?? (Passwords.IsLongEnough(password) ? null : Passwords.TooShort);
        if (error is not null) return Form(error, StatusCodes.Status422UnprocessableEntity);

        var trimmedEmail = email!.Trim();
        var normalized = trimmedEmail.ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct)) return AlreadyRegistered();

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
            return AlreadyRegistered(); // registered by a concurrent request
        }
        var created = db.Workspaces.Add(NewWorkspace.Create(workspace!, user.Id, now)).Entity;
        await db.SaveChangesAsync(ct);
        db.Members.Add(NewWorkspace.ActiveOwner(created.Id, user.Id, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        await AccountPages.SignInAsync(context, user);
        return Results.Redirect(AccountPages.SettingsPath);
    }
}
