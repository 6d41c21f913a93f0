using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

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
        var query = db.VisibleProjects(scope, sync.WithDeleted).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(name))
        {
            var term = name.Trim().ToLower();
            query = query.Where(p => p.Name.ToLower().Contains(term));
        }
        var page = await query.InSyncOrder(sync, p => p.Id, q => q.OrderBy(p => p.Id)).Select(ProjectResponse.Projection(db, scope)).ToPageAsync(paging, ct);
        return ApiResults.Page(page, "Projects retrieved successfully");
    }

    private static async Task<EnvelopeResult<ProjectResponse>> GetAsync(long projectId, WorkspaceScope scope, TrackerDbContext db, CancellationToken ct) =>
        ApiResults.Ok(await ReadAsync(db, scope, projectId, ct), "Project retrieved successfully");

    internal static async Task<ProjectResponse> ReadAsync(TrackerDbContext db, WorkspaceScope scope, long projectId, CancellationToken ct) =>
        await db.VisibleProjects(scope).AsNoTracking().Where(p => p.Id == projectId)
            .Select(ProjectResponse.Projection(db, scope)).FirstOrDefaultAsync(ct)
        ?? throw ApiException.NotFound("Project");
}
