using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Members;

/// <summary>
/// DELETE /members/{memberId}: archives (soft-deletes) the membership. The member loses access at once; their
/// data stays. The Owner cannot be archived, nor can callers archive themselves.
/// </summary>
public static class ArchiveMember
{
    public static async Task<EnvelopeResult<object?>> HandleAsync(
        long memberId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        scope.RequireAdmin();
        var member = await db.FindForUpdateAsync(scope, memberId, ct);
        if (member.DeletedAt is not null) throw ApiException.NotFound("Member");
        if (member.Role == Roles.Owner) throw ApiException.BadRequest("The workspace owner cannot be archived.");
        if (member.UserId == scope.UserId) throw ApiException.BadRequest("You cannot archive yourself.");

        member.Archive(clock.GetUtcNow().UtcDateTime);
        outbox.Record(scope.WorkspaceId, "member.archived", new { user_id = member.UserId });
        await db.SaveChangesOrConflictAsync("The member was changed by a concurrent request.", ct);
        return ApiResults.Done("Member archived successfully");
    }
}
