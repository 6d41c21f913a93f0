using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;
using static Tracker.Api.Infrastructure.Paging.PagingExtensions;
using PageQuery = System.Func<Tracker.Api.Infrastructure.Data.TrackerDbContext, long, long?, long?, long, bool, string?, int, int,
    System.Collections.Generic.IAsyncEnumerable<Tracker.Api.Infrastructure.Paging.PagingExtensions.CountedRow<Tracker.Api.Features.Projects.ProjectResponse>>>;
using PageSource = System.Func<Tracker.Api.Infrastructure.Data.TrackerDbContext, long, long?, long?, long, bool, string?, int, int,
    System.Linq.IQueryable<Tracker.Api.Infrastructure.Paging.PagingExtensions.CountedRow<Tracker.Api.Features.Projects.ProjectResponse>>>;

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
        var page = sync.UpdatedSince is null && !sync.WithDeleted
            ? await CompiledPageAsync(db, scope, paging, term, ct)
            : await db.VisibleProjects(scope, sync.WithDeleted).AsNoTracking().Where(p => term == null || p.Name.ToLower().Contains(term))
                .InSyncOrder(sync, p => p.Id, q => q.OrderBy(p => p.Id)).Select(Projection(db, scope)).ToPageAsync(paging, ct);
        return ApiResults.Page(page, "Projects retrieved successfully");
    }

    private static Task<Page<ProjectResponse>> CompiledPageAsync(TrackerDbContext db, WorkspaceScope scope, PageRequest paging, string? term,
        CancellationToken ct)
    {
        var (viewer, holder) = ProjectAccess.ReaderOf(scope);
        Func<int, int, IAsyncEnumerable<CountedRow<ProjectResponse>>> compiled = (skip, take) =>
            PageQuery(db, scope.WorkspaceId, viewer, holder, scope.OwnerId, scope.CanSeeRates, term, skip, take);
        return compiled.ToPageAsync(paging, ct);
    }

    /// <summary>
    /// The list without a sync (what a client reads) is compiled once, like the members list (docs/decisions.md,
    /// "Compiled members list"): a null name and null reader parts drop out of the SQL. The count repeats the filter
    /// (a compiled query cannot share a sub-expression that uses its parameters).
    /// </summary>
    private static readonly PageQuery PageQuery =
        EF.CompileAsyncQuery(QueryRules.Inline<PageSource>(
            (db, workspaceId, viewer, holder, ownerId, canSeeRates, term, skip, take) =>
                db.Projects.AsNoTracking()
                    .Where(p => ProjectAccess.Sees.Invoke(db, p, workspaceId, viewer, holder, false) && (term == null || p.Name.ToLower().Contains(term)))
                    .OrderBy(p => p.Id).Skip(skip).Take(take)
                    .Select(p => ProjectResponse.Projection.Invoke(db, p, ownerId, canSeeRates))
                    .Select(item => new CountedRow<ProjectResponse>(item, db.Projects
                        .Count(p => ProjectAccess.Sees.Invoke(db, p, workspaceId, viewer, holder, false) && (term == null || p.Name.ToLower().Contains(term)))))));

    private static Expression<Func<Project, ProjectResponse>> Projection(TrackerDbContext db, WorkspaceScope scope)
    {
        var (ownerId, canSeeRates) = (scope.OwnerId, scope.CanSeeRates);
        return QueryRules.Inline((Project p) => ProjectResponse.Projection.Invoke(db, p, ownerId, canSeeRates));
    }

    private static async Task<EnvelopeResult<ProjectResponse>> GetAsync(long projectId, WorkspaceScope scope, TrackerDbContext db, CancellationToken ct) =>
        ApiResults.Ok(await ReadAsync(db, scope, projectId, ct), "Project retrieved successfully");

    internal static async Task<ProjectResponse> ReadAsync(TrackerDbContext db, WorkspaceScope scope, long projectId, CancellationToken ct) =>
        await db.VisibleProjects(scope).AsNoTracking().Where(p => p.Id == projectId)
            .Select(Projection(db, scope)).FirstOrDefaultAsync(ct)
        ?? throw ApiException.NotFound("Project");
}
