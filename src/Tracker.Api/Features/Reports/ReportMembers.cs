using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Reports;

/// <summary>A member as reports need them: name, the zone their days are cut in, and their own rate.</summary>
public sealed record ReportMember(long UserId, string Name, MemberZone Zone, decimal? Rate);

public static class ReportMembers
{
    /// <summary>
    /// The workspace's current (not archived) members, narrowed to <paramref name="userIds"/> when given, ordered by
    /// user id. Zone: the requested one, else the workspace's system zone, else the member's own (none while invited), else UTC.
    /// </summary>
    public static async Task<List<ReportMember>> LoadAsync(
        TrackerDbContext db, WorkspaceScope scope, long[] userIds, string? requestedZone, CancellationToken ct)
    {
        var systemZone = await db.Workspaces.Where(w => w.Id == scope.WorkspaceId).Select(w => w.SystemTimezone).FirstAsync(ct);
        var query = db.Members.AsNoTracking().Where(m => m.WorkspaceId == scope.WorkspaceId && m.DeletedAt == null);
        if (userIds.Length > 0) query = query.Where(m => userIds.Contains(m.UserId));
        var rows = await query.OrderBy(m => m.UserId)
            .Select(MemberProfile.Of).Select(p => new { p.Member.UserId, p.FirstName, p.LastName, p.Timezone, p.Member.Rate }).ToListAsync(ct);
        return rows.Select(m => new ReportMember(m.UserId, $"{m.FirstName} {m.LastName}".Trim(),
            MemberZone.For(requestedZone ?? systemZone ?? m.Timezone, null), m.Rate)).ToList();
    }
}
