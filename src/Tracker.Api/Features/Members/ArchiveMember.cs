using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Members;

/// <summary>
/// DELETE /members/{memberId}: archives (soft-deletes) the membership. The member loses access at once; their
/// data stays. The Owner cannot be archived, nor can callers archive themselves; only the Owner archives an
/// Executive manager (<see cref="MemberRules"/>). Sends member.archived and member.deleted: archiving is how a
/// member leaves a workspace (docs/decisions.md).
/// </summary>
public static class ArchiveMember
{
    public static async Task<EnvelopeResult<object?>> HandleAsync(
        long memberId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var member = await db.FindForUpdateAsync(scope, memberId, ct);
        if (member.DeletedAt is not null) throw ApiException.NotFound("Member");
        MemberRules.RequireMayArchive(scope, member);

        member.Archive(clock.GetUtcNow().UtcDateTime);
        outbox.Record(scope.WorkspaceId, new MemberArchived(member.UserId));
        outbox.Record(scope.WorkspaceId, new MemberDeleted(member.UserId, member.User.Email));
        await db.SaveChangesOrConflictAsync("The member was changed by a concurrent request.", ct);
        return ApiResults.Done("Member archived successfully");
    }
}
