using Microsoft.EntityFrameworkCore;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Domain;

/// <summary>
/// Which live (not archived) projects a caller may see. Owners and Executive managers: all. Project viewers: the
/// projects assigned to them. Everyone else (Project managers, Team managers, Regular users): the projects they
/// hold a contract on — holding a contract is what "manages"/"is assigned to" means here (docs/decisions.md, What "manages" means).
/// Tasks, contracts and viewers build on this one rule.
/// </summary>
public static class ProjectAccess
{
    /// <remarks>
    /// <paramref name="withArchived"/> (a sync's include_deleted): archived projects too, those whose contract the
    /// caller held (archiving ends the contracts; a viewer's assignment goes, so a viewer never sees it archived).
    /// </remarks>
    public static IQueryable<Project> VisibleProjects(this TrackerDbContext db, WorkspaceScope scope, bool withArchived = false)
    {
        var live = db.Projects.Where(p => p.WorkspaceId == scope.WorkspaceId && (withArchived || p.DeletedAt == null));
        if (scope.IsAdmin) return live;
        var me = scope.UserId;
        return scope.Role == Roles.ProjectViewer
            ? live.Where(p => db.ProjectViewerAssignments.Any(a => a.ProjectId == p.Id && a.UserId == me))
            : live.Where(p => db.Contracts.Any(c => c.ProjectId == p.Id && c.UserId == me && (withArchived || c.DeletedAt == null)));
    }

    /// <summary>One visible project, tracked for a change; 404 when archived, foreign or not visible.</summary>
    public static async Task<Project> FindVisibleProjectAsync(this TrackerDbContext db, WorkspaceScope scope, long projectId, CancellationToken ct) =>
        await db.VisibleProjects(scope).FirstOrDefaultAsync(p => p.Id == projectId, ct) ?? throw ApiException.NotFound("Project");
}
