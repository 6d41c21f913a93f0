using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;
using static Tracker.Api.Infrastructure.Paging.PagingExtensions;

namespace Tracker.Api.Features.Projects;

public static class ProjectEndpoints
{
    public static RouteGroupBuilder MapProjects(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects").WithTags("Projects");
        group.MapGet("/", ListAsync).WithName("getProjects").WithSummary("Get All Workspace Projects").ReadsFromReplica();
        group.MapPost("/", SaveProject.CreateAsync).WithName("createProject").WithSummary("Create New Project").RequireWorkspaceRole(Roles.Admins);
        group.MapGet("/{projectId:long}", GetAsync).WithName("getProject").WithSummary("Get Single Project");
        group.MapPut("/{projectId:long}", SaveProject.UpdateAsync).WithName("updateProject").WithSummary("Update Project").RequireWorkspaceRole(Roles.Admins);
        group.MapDelete("/{projectId:long}", ArchiveProject.HandleAsync).WithName("deleteProject").WithSummary("Delete (Archive) Project").RequireWorkspaceRole(Roles.Admins);
        return api;
    }

    /// <summary>Live projects the caller may see; <c>name</c> is a case-insensitive partial match.</summary>
    private static async Task<EnvelopeResult<IReadOnlyList<ProjectResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, string? name, SyncQuery sync, CancellationToken ct)
    {
        var term = string.IsNullOrWhiteSpace(name) ? null : name.Trim().ToLower();
        if (sync.UpdatedSince is null && !sync.WithDeleted)
        {
            var (all, viewer) = (scope.IsAdmin, scope.Role == Roles.ProjectViewer);
            Func<int, int, IAsyncEnumerable<CountedRow<ProjectResponse>>> compiled = (skip, take) =>
                PageQuery(db, scope.WorkspaceId, scope.UserId, all, viewer, scope.OwnerId, scope.CanSeeRates, term, skip, take);
            return ApiResults.Page(await compiled.ToPageAsync(paging, ct), "Projects retrieved successfully");
        }
        var query = db.VisibleProjects(scope, sync.WithDeleted).AsNoTracking();
        if (term is not null) query = query.Where(p => p.Name.ToLower().Contains(term));
        var page = await query.InSyncOrder(sync, p => p.Id, q => q.OrderBy(p => p.Id)).Select(ProjectResponse.Projection(db, scope)).ToPageAsync(paging, ct);
        return ApiResults.Page(page, "Projects retrieved successfully");
    }

    /// <summary>
    /// The list without a sync, compiled once like the members list (docs/decisions.md, "Compiled members list").
    /// <see cref="ProjectAccess.VisibleProjects"/> and <see cref="ProjectResponse.Projection"/> are written out with
    /// the caller's role and rate visibility as parameters, because both take the context as a value and a compiled
    /// query has it only as a parameter; the count repeats the filter for the same reason.
    /// </summary>
    private static readonly Func<TrackerDbContext, long, long, bool, bool, long, bool, string?, int, int,
        IAsyncEnumerable<CountedRow<ProjectResponse>>> PageQuery = EF.CompileAsyncQuery(
        (TrackerDbContext db, long workspaceId, long me, bool all, bool viewer, long ownerId, bool canSeeRates, string? term, int skip, int take) =>
            db.Projects.AsNoTracking()
                .Where(p => p.WorkspaceId == workspaceId && p.DeletedAt == null && (term == null || p.Name.ToLower().Contains(term))
                    && (all || (viewer
                        ? db.ProjectViewerAssignments.Any(a => a.ProjectId == p.Id && a.UserId == me)
                        : db.Contracts.Any(c => c.ProjectId == p.Id && c.UserId == me && c.DeletedAt == null))))
                .OrderBy(p => p.Id).Skip(skip).Take(take)
                .Select(p => new CountedRow<ProjectResponse>(new ProjectResponse(
                    p.Id, p.Name, ownerId, p.StartDate, p.Deadline, p.Estimation, p.BudgetEstimation, p.Notes, p.Icon,
                    p.IsBillable, canSeeRates ? p.Rate : null, p.WeeklyHoursLimit, p.Screenshots,
                    db.ProjectTags.Where(t => t.ProjectId == p.Id).OrderBy(t => t.Id).Select(t => new ProjectTagResponse(t.Id, t.Name, t.Color)).ToList(),
                    db.Contracts.Count(c => c.ProjectId == p.Id && c.DeletedAt == null && c.Status == ContractStatuses.Active),
                    p.Status, p.CreatedAt, p.UpdatedAt, p.DeletedAt)
                {
                    RatesVisible = canSeeRates,
                }, db.Projects.Count(c => c.WorkspaceId == workspaceId && c.DeletedAt == null && (term == null || c.Name.ToLower().Contains(term))
                    && (all || (viewer
                        ? db.ProjectViewerAssignments.Any(a => a.ProjectId == c.Id && a.UserId == me)
                        : db.Contracts.Any(k => k.ProjectId == c.Id && k.UserId == me && k.DeletedAt == null)))))));

    private static async Task<EnvelopeResult<ProjectResponse>> GetAsync(long projectId, WorkspaceScope scope, TrackerDbContext db, CancellationToken ct) =>
        ApiResults.Ok(await ReadAsync(db, scope, projectId, ct), "Project retrieved successfully");

    internal static async Task<ProjectResponse> ReadAsync(TrackerDbContext db, WorkspaceScope scope, long projectId, CancellationToken ct) =>
        await db.VisibleProjects(scope).AsNoTracking().Where(p => p.Id == projectId)
            .Select(ProjectResponse.Projection(db, scope)).FirstOrDefaultAsync(ct)
        ?? throw ApiException.NotFound("Project");
}
