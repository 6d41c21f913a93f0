using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
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
        var (user, member, link) = await invitations.PrepareAsync(
            db, scope.WorkspaceId, request.Email!, request.Firstname!, request.Lastname!, role, now, ct);

        await using var transaction = await SaveForIds.BeginAsync(db, ct, "This email was invited by a concurrent request.");
        outbox.Record(scope.WorkspaceId, new MemberInvited(user.Id, user.Email, member.Role));
        await transaction.CommitAsync(ct);
        await Invitations.QueueMailAsync(db, mailer, scope.WorkspaceId, user.Email, member.Role, link, ct);
        return ApiResults.Created(new InviteResult(user.Id, link), "Member invited successfully");
    }
}
