using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Features.Account;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Email;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Members;

public sealed record InviteMemberRequest(string? Email, string? Firstname, string? Lastname, string? Role);

/// <summary>
/// POST /members: Owners and Executive managers invite a person; only the Owner invites an Executive manager. The
/// membership starts "inactive" and becomes "active" only when this invitation's link is accepted (InvitationPages).
/// An archived member, or one whose invitation expired, can be invited again.
/// </summary>
public static class InviteMember
{
    public static async Task<CreatedEnvelopeResult<InviteResult>> HandleAsync(
        InviteMemberRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock,
        Invitations invitations, Mailer mailer, CancellationToken ct)
    {
        var request = body ?? new InviteMemberRequest(null, null, null, null);
        var v = new Validator()
            .Required("email", request.Email).Email("email", request.Email).MaxLength("email", request.Email, 254)
            .Required("firstname", request.Firstname).MaxLength("firstname", request.Firstname, 100)
            .Required("lastname", request.Lastname).MaxLength("lastname", request.Lastname, 100)
            .Required("role", request.Role).OneOf("role", request.Role, Roles.Assignable);
        v.ThrowIfInvalid();
        var role = Roles.Canonical(request.Role, Roles.Assignable)!;
        MemberRules.RequireMayGrantRole(scope, role);

        var now = clock.GetUtcNow().UtcDateTime;
        var (user, member, link) = await PrepareInvitationAsync(
            db, invitations, scope, request.Email!, request.Firstname!, request.Lastname!, role, now, ct);

        // The new user's id is needed for the event, so save twice inside one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesOrConflictAsync("This email was invited by a concurrent request.", ct);
        outbox.Record(scope.WorkspaceId, new MemberInvited(user.Id, user.Email, member.Role));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await AccountMail.QueueInvitationAsync(db, mailer, scope.WorkspaceId, user.Email, member.Role, link, ct);
        return ApiResults.Created(new InviteResult(user.Id, link), "Member invited successfully");
    }

    /// <summary>
    /// Finds or creates the user by email and (re)creates their membership as invited ("inactive", fresh link). An
    /// existing account is never changed: what the inviter sent is kept on the membership. 422 when they are a live
    /// member already or hold an invitation that still works. Shared with POST /project-viewers. The caller saves.
    /// </summary>
    internal static async Task<(User User, Member Member, string Link)> PrepareInvitationAsync(
        TrackerDbContext db, Invitations invitations, WorkspaceScope scope, string rawEmail, string rawFirstname, string rawLastname,
        string role, DateTime now, CancellationToken ct)
    {
        var (email, firstname, lastname) = (rawEmail.Trim(), rawFirstname.Trim(), rawLastname.Trim());
        var normalized = email.ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is null)
        {
            user = new User
            {
                Email = email, NormalizedEmail = normalized, FirstName = firstname, LastName = lastname, CreatedAt = now, UpdatedAt = now,
            };
            db.Users.Add(user);
        }

        var member = user.Id == 0 ? null
            : await db.Members.FirstOrDefaultAsync(m => m.WorkspaceId == scope.WorkspaceId && m.UserId == user.Id, ct);
        if (member is { DeletedAt: null } && !(member.AwaitsAcceptance && member.InvitationExpiresAt <= now))
            throw ApiException.Invalid("email", member.AwaitsAcceptance
                ? "This email has an invitation to this workspace that has not expired yet."
                : "The email has already been taken in this workspace.");

        if (member is null)
        {
            member = new Member { WorkspaceId = scope.WorkspaceId, User = user, Role = "", Status = "", CreatedAt = now };
            db.Members.Add(member);
        }
        member.Role = role;
        var link = invitations.Issue(member, firstname, lastname, now);
        return (user, member, link);
    }
}
