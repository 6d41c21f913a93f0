using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Features.Account;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Members;

public sealed record InviteMemberRequest(string? Email, string? Firstname, string? Lastname, string? Role);

/// <summary>
/// POST /members: Owners and Executive managers invite a person. The membership starts "inactive" and becomes
/// "active" when the invitee opens the invitation link and sets a password. An archived member can be invited again.
/// </summary>
public static class InviteMember
{
    public static async Task<CreatedEnvelopeResult<InviteResult>> HandleAsync(
        InviteMemberRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock,
        HttpContext context, CancellationToken ct)
    {
        scope.RequireAdmin();
        var request = body ?? new InviteMemberRequest(null, null, null, null);
        var v = new Validator()
            .Required("email", request.Email).Email("email", request.Email).MaxLength("email", request.Email, 254)
            .Required("firstname", request.Firstname).MaxLength("firstname", request.Firstname, 100)
            .Required("lastname", request.Lastname).MaxLength("lastname", request.Lastname, 100)
            .Required("role", request.Role).OneOf("role", request.Role, Roles.Assignable);
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow().UtcDateTime;
        var (user, member, token) = await PrepareInvitationAsync(
            db, scope, request.Email!, request.Firstname!, request.Lastname!, Roles.Canonical(request.Role, Roles.Assignable)!, now, ct);

        // The new user's id is needed for the event, so save twice inside one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesOrConflictAsync("This email was invited by a concurrent request.", ct);
        outbox.Record(scope.WorkspaceId, "member.invited", new { user_id = user.Id, email = user.Email, role = member.Role });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var link = InvitationPages.LinkFor(context.Request, token);
        await AccountMail.QueueInvitationAsync(context, scope.WorkspaceId, user.Email, member.Role, token, ct);
        return ApiResults.Created(new InviteResult(user.Id, link), "Member invited successfully");
    }

    /// <summary>
    /// Finds or creates the user by email and (re)creates their membership as invited ("inactive", fresh invitation
    /// token). 422 when they are already a live member. Shared with POST /project-viewers. The caller saves.
    /// </summary>
    internal static async Task<(User User, Member Member, string Token)> PrepareInvitationAsync(
        TrackerDbContext db, WorkspaceScope scope, string rawEmail, string firstname, string lastname, string role, DateTime now,
        CancellationToken ct)
    {
        var email = rawEmail.Trim();
        var normalized = email.ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is null)
        {
            user = new User
            {
                Email = email, NormalizedEmail = normalized, FirstName = firstname.Trim(),
                LastName = lastname.Trim(), CreatedAt = now, UpdatedAt = now,
            };
            db.Users.Add(user);
        }

        var member = user.Id == 0 ? null
            : await db.Members.FirstOrDefaultAsync(m => m.WorkspaceId == scope.WorkspaceId && m.UserId == user.Id, ct);
        if (member is { DeletedAt: null })
            throw ApiException.Invalid("email", "The email has already been taken in this workspace.");

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        if (member is null)
        {
            member = new Member { WorkspaceId = scope.WorkspaceId, User = user, Role = "", Status = "", CreatedAt = now };
            db.Members.Add(member);
        }
        member.Role = role;
        member.Status = MemberStatuses.Inactive;
        member.DeletedAt = null;
        member.UpdatedAt = now;
        member.InvitationTokenHash = PersonalAccessTokens.Hash(token);
        return (user, member, token);
    }
}
