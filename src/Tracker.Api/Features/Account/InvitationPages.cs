using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Pages;

namespace Tracker.Api.Features.Account;

/// <summary>
/// The invitation link (POST /members, POST /project-viewers). Accepting turns this one membership active and nothing
/// else. It never signs anyone in to an account that exists already: only a brand-new account (no password, no
/// token, no membership ever accepted) chooses its password here; any other account accepts while signed in as
/// itself. Expired, used and unknown links get the same page.
/// </summary>
public static class InvitationPages
{
    public static IEndpointRouteBuilder MapInvitationPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/invitations/{token}", ShowAsync).ExcludeFromDescription();
        app.MapPost("/invitations/{token}", AcceptAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>A live invitation, whether its account is brand-new, and who is signed in (cookie session only).</summary>
    public sealed record Invitation(string Token, Member Member, bool NewAccount, long? SignedInAs, string? SignedInEmail);

    private static async Task<Invitation?> FindAsync(string token, HttpContext context, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var hash = SecretTokens.Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var member = await db.Members.Include(m => m.User).Include(m => m.Workspace)
            .FirstOrDefaultAsync(m => m.InvitationTokenHash == hash && m.InvitationExpiresAt > now && m.DeletedAt == null
                && m.Workspace.DeletedAt == null, ct);
        if (member is null) return null;
        var userId = member.UserId;
        // Someone already holds an account that has a password, a token or a membership it accepted.
        var newAccount = member.User.PasswordHash is null
            && !await db.Members.AnyAsync(m => m.UserId == userId && m.InvitedFirstName == null, ct)
            && !await db.PersonalAccessTokens.AnyAsync(t => t.UserId == userId, ct);
        // The cookie only: a bearer token is no browser session.
        var session = (await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Principal;
        return new Invitation(token, member, newAccount, session?.UserId(), session?.FindFirstValue(OpenIddictConstants.Claims.Email));
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext context, TrackerDbContext db, TimeProvider clock, CancellationToken ct) =>
        await FindAsync(token, context, db, clock, ct) is { } invitation ? Page(invitation) : NoLongerValid();

    private static async Task<IResult> AcceptAsync(string token, [FromForm] string? password, HttpContext context,
        TrackerDbContext db, TimeProvider clock, Outbox outbox, CancellationToken ct)
    {
        if (await FindAsync(token, context, db, clock, ct) is not { } invitation) return NoLongerValid();
        var (member, user) = (invitation.Member, invitation.Member.User);
        var now = clock.GetUtcNow().UtcDateTime;
        if (invitation.NewAccount)
        {
            if (!Passwords.IsLongEnough(password)) return Page(invitation, Passwords.TooShort, 422);
            Passwords.Set(user, password!);
            user.UpdatedAt = now;
        }
        else if (invitation.SignedInAs != member.UserId)
            return Page(invitation, status: invitation.SignedInAs is null ? 401 : 403);

        member.AcceptInvitation();
        outbox.Record(member.WorkspaceId, new MemberActivated(member.UserId));
        try
        {
            // Conditional on the token and password hash read above (concurrency tokens): a link is used once.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return PageHeaders.Page<InvitationPage>(new { Changed = true }, StatusCodes.Status409Conflict);
        }
        if (invitation.NewAccount) await AccountPages.SignInAsync(context, user);
        return Results.Redirect("/app");
    }

    private static IResult NoLongerValid() => PageHeaders.Page<InvitationPage>(new { }, StatusCodes.Status404NotFound);

    private static IResult Page(Invitation invitation, string? error = null, int status = StatusCodes.Status200OK) =>
        PageHeaders.Page<InvitationPage>(new { Invitation = invitation, Error = error }, status);
}
