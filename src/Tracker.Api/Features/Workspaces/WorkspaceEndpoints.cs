using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;

namespace Tracker.Api.Features.Workspaces;

public static class WorkspaceEndpoints
{
    public static RouteGroupBuilder MapWorkspaces(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workspaces").WithTags("Workspaces");
        group.MapGet("/", ListAsync).WithName("getWorkspaces").WithSummary("Get All Workspaces").ReadsFromReplica();
        return api;
    }

    /// <summary>The caller's workspaces (live ones only) with the caller's role and membership status in each.</summary>
    private static async Task<EnvelopeResult<IReadOnlyList<WorkspaceResponse>>> ListAsync(
        HttpContext context, PageRequest paging, TrackerDbContext db, CancellationToken ct)
    {
        var userId = context.User.UserId()!.Value;
        var page = await db.Members.AsNoTracking()
            .Where(m => m.UserId == userId && m.DeletedAt == null && !m.Workspace.IsBlocked && m.Workspace.DeletedAt == null)
            .OrderBy(m => m.WorkspaceId)
            .Select(m => new WorkspaceResponse(m.WorkspaceId, m.Workspace.OwnerId, m.UserId, m.Workspace.Name, m.Role,
                m.Status, m.Workspace.CreatedAt, m.Workspace.ActivatedAt))
            .ToPageAsync(paging, ct);
        return ApiResults.Page(page);
    }
}

public sealed record WorkspaceResponse(
    long Id, long OwnerId, long UserId, string WorkspaceName, string Role, string Status, DateTime CreatedAt, [property: JsonConverter(typeof(LegacyDateTimeJsonConverter))] DateTime ActivatedAt);
