using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Contracts;

public static class ContractEndpoints
{
    public static RouteGroupBuilder MapContracts(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/contracts").WithTags("Contracts");
        group.MapGet("/", ListAsync).WithName("getContracts").WithSummary("Get All Workspace Contracts").ReadsFromReplica();
        group.MapPost("/", SaveContract.CreateAsync).WithName("createContract").WithSummary("Create New Contract").RequireWorkspaceRole(Roles.Admins);
        group.MapGet("/{contractId:long}", GetAsync).WithName("getContract").WithSummary("Get Single Contract");
        group.MapPut("/{contractId:long}", SaveContract.UpdateAsync).WithName("updateContract").WithSummary("Update Contract").RequireWorkspaceRole(Roles.Admins);
        group.MapDelete("/{contractId:long}", SaveContract.DeleteAsync).WithName("deleteContract").WithSummary("Delete Contract").RequireWorkspaceRole(Roles.Admins);
        return api;
    }

    /// <summary>
    /// Live contracts on live projects the caller may see. Owners/Executive managers: all. Project and Team managers:
    /// every contract on a project they hold a contract on (their own included). Regular users: their own. Project
    /// viewers (the contract's "Clients"): contracts on projects assigned to them. A sync with include_deleted also
    /// sees deleted contracts and those of archived projects, by the same rule over the contracts they held.
    /// </summary>
    internal static IQueryable<Contract> VisibleContracts(this TrackerDbContext db, WorkspaceScope scope, bool withDeleted = false)
    {
        var live = db.Contracts.Where(c => c.WorkspaceId == scope.WorkspaceId && (withDeleted || (c.DeletedAt == null && c.Project.DeletedAt == null)));
        var me = scope.UserId;
        return scope.Role switch
        {
            Roles.Owner or Roles.ExecutiveManager => live,
            Roles.ProjectManager or Roles.TeamManager =>
                live.Where(c => db.Contracts.Any(mine => mine.ProjectId == c.ProjectId && mine.UserId == me && (withDeleted || mine.DeletedAt == null))),
            Roles.ProjectViewer => live.Where(c => db.ProjectViewerAssignments.Any(a => a.ProjectId == c.ProjectId && a.UserId == me)),
            _ => live.Where(c => c.UserId == me),
        };
    }

    /// <summary>Pagination is answered at the top level as well as in meta: the contract's examples show it there.</summary>
    private static async Task<EnvelopeResult<IReadOnlyList<ContractResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, ContractListQuery filter, SyncQuery sync, CancellationToken ct)
    {
        var (projectId, userId, status) = filter;
        new Validator().OneOf("status", status, ContractStatuses.All).ThrowIfInvalid();
        var query = db.VisibleContracts(scope, sync.WithDeleted).AsNoTracking();
        if (projectId is not null) query = query.Where(c => c.ProjectId == projectId);
        if (userId is not null) query = query.Where(c => c.UserId == userId);
        if (status is not null)
        {
            var wanted = status.Trim().ToLowerInvariant();
            query = query.Where(c => c.Status == wanted);
        }
        var page = await query.InSyncOrder(sync, c => c.Id, q => q.OrderBy(c => c.Id))
            .ToPageAsync(paging, rows => rows.WithProfile(db.Members, ContractResponse.Projection(scope)), ct);
        return ApiResults.PageWithTopLevelPagination(page, "Contracts retrieved successfully");
    }

    private static async Task<EnvelopeResult<ContractResponse>> GetAsync(long contractId, WorkspaceScope scope, TrackerDbContext db, CancellationToken ct) =>
        ApiResults.Ok(await ReadAsync(db, scope, contractId, ct), "Contract retrieved successfully");

    internal static async Task<ContractResponse> ReadAsync(TrackerDbContext db, WorkspaceScope scope, long contractId, CancellationToken ct) =>
        await db.VisibleContracts(scope).AsNoTracking().Where(c => c.Id == contractId)
            .WithProfile(db.Members, ContractResponse.Projection(scope)).FirstOrDefaultAsync(ct)
        ?? throw ApiException.NotFound("Contract");
}

/// <summary>The filters of GET /contracts.</summary>
public sealed record ContractListQuery(long? ProjectId, long? UserId, string? Status) : IQueryRecord
{
    public static ValueTask<ContractListQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<ContractListQuery>(context);
}
