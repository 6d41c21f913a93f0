using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using static Tracker.Api.Infrastructure.Paging.PagingExtensions;

namespace Tracker.Api.Features.Workspaces;

public static class WorkspaceEndpoints
{
    public static RouteGroupBuilder MapWorkspaces(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workspaces").WithTags("Workspaces");
        group.MapGet("/", ListAsync).WithName("getWorkspaces").WithSummary("Get All Workspaces").ReadsFromReplica();
        return api;
    }

    /// <summary>
    /// Clients read this list on every start, so, like the members list, it is compiled once instead of being re-read
    /// and looked up in EF's query cache on every call (docs/decisions.md, "Compiled members list").
    /// </summary>
    private static readonly Func<TrackerDbContext, long, int, int, IAsyncEnumerable<CountedRow<WorkspaceResponse>>> PageQuery =
        EF.CompileAsyncQuery((TrackerDbContext db, long userId, int skip, int take) =>
            db.Members.AsNoTracking()
                .Where(m => m.UserId == userId && m.DeletedAt == null && !m.Workspace.IsBlocked && m.Workspace.DeletedAt == null)
                .OrderBy(m => m.WorkspaceId).Skip(skip).Take(take)
                .Select(m => new WorkspaceResponse(m.WorkspaceId, m.Workspace.OwnerId, m.UserId, m.Workspace.Name, m.Role,
                    m.Status, m.Workspace.CreatedAt, m.Workspace.ActivatedAt))
                .Select(item => new CountedRow<WorkspaceResponse>(item, db.Members
                    .Count(m => m.UserId == userId && m.DeletedAt == null && !m.Workspace.IsBlocked && m.Workspace.DeletedAt == null))));

    /// <summary>The caller's workspaces (live ones only) with the caller's role and membership status in each.</summary>
    private static async Task<EnvelopeResult<IReadOnlyList<WorkspaceResponse>>> ListAsync(
        HttpContext context, PageRequest paging, TrackerDbContext db, CancellationToken ct)
    {
        var userId = context.User.UserId()!.Value;
        Func<int, int, IAsyncEnumerable<CountedRow<WorkspaceResponse>>> compiled = (skip, take) => PageQuery(db, userId, skip, take);
        return ApiResults.Page(await compiled.ToPageAsync(paging, ct));
    }
}

public sealed record WorkspaceResponse(
    long Id, long OwnerId, long UserId, string WorkspaceName, string Role, string Status, DateTime CreatedAt, [property: JsonConverter(typeof(LegacyDateTimeJsonConverter))] DateTime ActivatedAt);
