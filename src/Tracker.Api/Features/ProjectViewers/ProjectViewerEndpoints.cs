using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.ProjectViewers;

/// <summary>
/// Project viewers are members with role "Project viewer"; their read-only access is the list of projects assigned
/// to them. Every operation here is for Owners and Executive managers.
/// </summary>
public static class ProjectViewerEndpoints
{
    public static RouteGroupBuilder MapProjectViewers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/project-viewers").WithTags("Project Viewers").RequireWorkspaceRole(Roles.Admins);
        group.MapGet("/", ListAsync).WithName("getProjectViewers").WithSummary("Get All Project Viewers").ReadsFromReplica();
        group.MapPost("/", ProjectViewerWrites.CreateAsync).WithName("createProjectViewer").WithSummary("Create New Project Viewer");
        group.MapGet("/{viewerId:long}", GetAsync).WithName("getProjectViewer").WithSummary("Get Single Project Viewer");
        group.MapDelete("/{viewerId:long}", ProjectViewerWrites.ArchiveAsync).WithName("deleteProjectViewer").WithSummary("Delete (Archive) Project Viewer");
        group.MapPost("/{viewerId:long}/restore", ProjectViewerWrites.RestoreAsync).WithName("restoreProjectViewer").WithSummary("Restore Archived Project Viewer");
        group.MapPost("/{viewerId:long}/assign-project", ProjectViewerWrites.AssignProjectAsync).WithName("assignProjectToViewer").WithSummary("Assign Project to Viewer");
        group.MapDelete("/{viewerId:long}/unassign-project", ProjectViewerWrites.UnassignProjectAsync).WithName("unassignProjectFromViewer").WithSummary("Unassign Project from Viewer");
        return api;
    }

    internal static IQueryable<Member> Viewers(this TrackerDbContext db, WorkspaceScope scope) =>
        db.Members.Where(m => m.WorkspaceId == scope.WorkspaceId && m.Role == Roles.ProjectViewer);

    /// <summary>
    /// Live viewers; archived ones (status "left") only with <c>status=left</c> or include_deleted. <c>email</c> is an
    /// exact, case-insensitive match.
    /// </summary>
    private static async Task<EnvelopeResult<IReadOnlyList<ProjectViewerResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, string? email, string? status, SyncQuery sync, CancellationToken ct)
    {
        var v = new Validator().OneOf("status", status, [MemberStatuses.Active, MemberStatuses.Inactive, MemberStatuses.Left]);
        v.ThrowIfInvalid();
        var query = db.Viewers(scope).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(email)) query = query.Where(m => m.User.NormalizedEmail == email.Trim().ToLowerInvariant());
        var wanted = Roles.Canonical(status, MemberStatuses.All);
        if (wanted is not null) query = query.Where(m => m.Status == wanted);
        else if (!sync.WithDeleted) query = query.Where(m => m.DeletedAt == null);
        var page = await query.InSyncOrder(sync, m => m.UserId, q => q.OrderBy(m => m.UserId)).Select(MemberProfile.Of).Select(ProjectViewerResponse.Projection(db))
            .ToPageAsync(paging, ct);
        return ApiResults.Page(page, "Project viewers retrieved successfully");
    }

    private static async Task<EnvelopeResult<ProjectViewerResponse>> GetAsync(long viewerId, WorkspaceScope scope, TrackerDbContext db, CancellationToken ct)
    {
        return ApiResults.Ok(await ReadAsync(db, scope, viewerId, ct), "Project viewer retrieved successfully");
    }

    /// <summary>One viewer, archived or not (an archived one answers with status "left").</summary>
    internal static async Task<ProjectViewerResponse> ReadAsync(TrackerDbContext db, WorkspaceScope scope, long viewerId, CancellationToken ct) =>
        await db.Viewers(scope).AsNoTracking().Where(m => m.UserId == viewerId)
            .Select(MemberProfile.Of).Select(ProjectViewerResponse.Projection(db)).FirstOrDefaultAsync(ct)
        ?? throw ApiException.NotFound("Project viewer");
}
