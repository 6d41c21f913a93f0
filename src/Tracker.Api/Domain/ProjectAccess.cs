using System.Linq.Expressions;
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
    /// <summary>
    /// The rule, written once for every query (compiled ones through <see cref="QueryRules.Inline{T}"/>): project
    /// <c>p</c> is in workspace <c>workspaceId</c>, live unless <c>withArchived</c>, and seen by the reader
    /// (<see cref="ProjectReader"/>). With <c>withArchived</c> (a sync's include_deleted) archived projects count
    /// too, those whose contract the caller held (archiving ends the contracts; a viewer's assignment goes, so a
    /// viewer never sees it archived). A null reader part drops out of the SQL.
    /// </summary>
    public static readonly Expression<Func<TrackerDbContext, Project, long, long?, long?, bool, bool>> Sees =
        (db, p, workspaceId, assignedViewer, contractHolder, withArchived) =>
            p.WorkspaceId == workspaceId && (withArchived || p.DeletedAt == null)
            && (assignedViewer == null || db.ProjectViewerAssignments.Any(a => a.ProjectId == p.Id && a.UserId == assignedViewer))
            && (contractHolder == null
                || db.Contracts.Any(c => c.ProjectId == p.Id && c.UserId == contractHolder && (withArchived || c.DeletedAt == null)));

    public static ProjectReader ReaderOf(WorkspaceScope scope) =>
        scope.IsAdmin ? default : scope.Role == Roles.ProjectViewer ? new(scope.UserId, null) : new(null, scope.UserId);

    public static IQueryable<Project> VisibleProjects(this TrackerDbContext db, WorkspaceScope scope, bool withArchived = false)
    {
        var (workspaceId, (viewer, holder)) = (scope.WorkspaceId, ReaderOf(scope));
        return db.Projects.Where(QueryRules.Inline((Project p) => Sees.Invoke(db, p, workspaceId, viewer, holder, withArchived)));
    }

    /// <summary>One visible project, tracked for a change; 404 when archived, foreign or not visible.</summary>
    public static async Task<Project> FindVisibleProjectAsync(this TrackerDbContext db, WorkspaceScope scope, long projectId, CancellationToken ct) =>
        await db.VisibleProjects(scope).FirstOrDefaultAsync(p => p.Id == projectId, ct) ?? throw ApiException.NotFound("Project");
}

/// <summary>
/// Whose projects a caller sees, as the two parameters of <see cref="ProjectAccess.Sees"/>: a Project viewer the
/// projects assigned to them, every other role below Executive manager the projects they hold a contract on; owners
/// and Executive managers every project (both null).
/// </summary>
public readonly record struct ProjectReader(long? AssignedViewer, long? ContractHolder);
