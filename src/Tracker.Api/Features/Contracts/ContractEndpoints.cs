using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;
using static Tracker.Api.Infrastructure.Paging.PagingExtensions;
using PageQuery = System.Func<Tracker.Api.Infrastructure.Data.TrackerDbContext, long, long?, long?, long?, bool, long?, long?, string?, int, int,
    System.Collections.Generic.IAsyncEnumerable<Tracker.Api.Infrastructure.Paging.PagingExtensions.CountedRow<Tracker.Api.Features.Contracts.ContractResponse>>>;
using PageSource = System.Func<Tracker.Api.Infrastructure.Data.TrackerDbContext, long, long?, long?, long?, bool, long?, long?, string?, int, int,
    System.Linq.IQueryable<Tracker.Api.Infrastructure.Paging.PagingExtensions.CountedRow<Tracker.Api.Features.Contracts.ContractResponse>>>;

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
    /// Contract <c>c</c> is in the workspace, live on a live project unless <c>withDeleted</c>, and seen by the reader
    /// (<see cref="ContractReader"/>): owners and Executive managers see all; Project and Team managers every contract
    /// on a project they hold a contract on (their own included); Regular users their own; Project viewers (the
    /// contract's "Clients") the contracts on projects assigned to them. A sync with include_deleted also sees deleted
    /// contracts and those of archived projects, by the same rule over the contracts they held. A null reader part
    /// drops out of the SQL.
    /// </summary>
    private static readonly Expression<Func<TrackerDbContext, Contract, long, long?, long?, long?, bool, bool>> Sees =
        (db, c, workspaceId, holder, viewer, own, withDeleted) =>
            c.WorkspaceId == workspaceId && (withDeleted || (c.DeletedAt == null && c.Project.DeletedAt == null))
            && (holder == null || db.Contracts.Any(mine => mine.ProjectId == c.ProjectId && mine.UserId == holder && (withDeleted || mine.DeletedAt == null)))
            && (viewer == null || db.ProjectViewerAssignments.Any(a => a.ProjectId == c.ProjectId && a.UserId == viewer))
            && (own == null || c.UserId == own);

    internal static IQueryable<Contract> VisibleContracts(this TrackerDbContext db, WorkspaceScope scope, bool withDeleted = false)
    {
        var (workspaceId, (holder, viewer, own)) = (scope.WorkspaceId, ContractReader.Of(scope));
        return db.Contracts.Where(QueryRules.Inline((Contract c) => Sees.Invoke(db, c, workspaceId, holder, viewer, own, withDeleted)));
    }

    /// <summary>Pagination is answered at the top level as well as in meta: the contract's examples show it there.</summary>
    private static async Task<EnvelopeResult<IReadOnlyList<ContractResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, ContractListQuery filter, SyncQuery sync, CancellationToken ct)
    {
        var (projectId, userId, status) = filter;
        new Validator().OneOf("status", status, ContractStatuses.All).ThrowIfInvalid();
        var wanted = status?.Trim().ToLowerInvariant();
        Page<ContractResponse> page;
        if (sync.UpdatedSince is null && !sync.WithDeleted)
        {
            var (holder, viewer, own) = ContractReader.Of(scope);
            Func<int, int, IAsyncEnumerable<CountedRow<ContractResponse>>> compiled = (skip, take) =>
                PageQuery(db, scope.WorkspaceId, holder, viewer, own, scope.CanSeeRates, projectId, userId, wanted, skip, take);
            page = await compiled.ToPageAsync(paging, ct);
        }
        else
        {
            var query = db.VisibleContracts(scope, sync.WithDeleted).AsNoTracking()
                .Where(c => (projectId == null || c.ProjectId == projectId) && (userId == null || c.UserId == userId) && (wanted == null || c.Status == wanted));
            page = await query.InSyncOrder(sync, c => c.Id, q => q.OrderBy(c => c.Id))
                .ToPageAsync(paging, rows => rows.WithProfile(db.Members, Projection(scope)), ct);
        }
        return ApiResults.PageWithTopLevelPagination(page, "Contracts retrieved successfully");
    }

    /// <summary>
    /// The list without a sync (what a client reads) is compiled once, like the members list (docs/decisions.md,
    /// "Compiled members list"): null filters and reader parts drop out of the SQL. The count repeats the filter (a
    /// compiled query cannot share a sub-expression that uses its parameters), and the join to the member's profile
    /// is <see cref="MemberProfiles.WithProfile"/>'s, written out: a compiled query cannot call it.
    /// </summary>
    private static readonly PageQuery PageQuery = EF.CompileAsyncQuery(QueryRules.Inline<PageSource>(
        (db, workspaceId, holder, viewer, own, canSeeRates, projectId, userId, status, skip, take) =>
            db.Contracts.AsNoTracking()
                .Where(c => Sees.Invoke(db, c, workspaceId, holder, viewer, own, false)
                    && (projectId == null || c.ProjectId == projectId) && (userId == null || c.UserId == userId) && (status == null || c.Status == status))
                .OrderBy(c => c.Id).Skip(skip).Take(take)
                .Join(db.Members.Select(MemberProfile.Of), c => new { c.WorkspaceId, c.UserId }, p => new { p.Member.WorkspaceId, p.Member.UserId },
                    (c, p) => ContractResponse.Projection.Invoke(c, p, canSeeRates))
                .Select(item => new CountedRow<ContractResponse>(item, db.Contracts
                    .Count(c => Sees.Invoke(db, c, workspaceId, holder, viewer, own, false)
                        && (projectId == null || c.ProjectId == projectId) && (userId == null || c.UserId == userId) && (status == null || c.Status == status))))));

    private static Expression<Func<Contract, MemberProfile, ContractResponse>> Projection(WorkspaceScope scope)
    {
        var canSeeRates = scope.CanSeeRates;
        return QueryRules.Inline<Func<Contract, MemberProfile, ContractResponse>>((c, p) => ContractResponse.Projection.Invoke(c, p, canSeeRates));
    }

    private static async Task<EnvelopeResult<ContractResponse>> GetAsync(long contractId, WorkspaceScope scope, TrackerDbContext db, CancellationToken ct) =>
        ApiResults.Ok(await ReadAsync(db, scope, contractId, ct), "Contract retrieved successfully");

    internal static async Task<ContractResponse> ReadAsync(TrackerDbContext db, WorkspaceScope scope, long contractId, CancellationToken ct) =>
        await db.VisibleContracts(scope).AsNoTracking().Where(c => c.Id == contractId)
            .WithProfile(db.Members, Projection(scope)).FirstOrDefaultAsync(ct)
        ?? throw ApiException.NotFound("Contract");
}

/// <summary>
/// Whose contracts a caller sees, as the three parameters of the contracts' rule: a Project or Team manager those on
/// the projects they hold a contract on, a Project viewer those on the projects assigned to them, a Regular user their
/// own; owners and Executive managers all (every part null).
/// </summary>
public readonly record struct ContractReader(long? ContractHolder, long? AssignedViewer, long? Own)
{
    public static ContractReader Of(WorkspaceScope scope) => scope.Role switch
    {
        Roles.Owner or Roles.ExecutiveManager => default,
        Roles.ProjectManager or Roles.TeamManager => new(scope.UserId, null, null),
        Roles.ProjectViewer => new(null, scope.UserId, null),
        _ => new(null, null, scope.UserId),
    };
}

/// <summary>The filters of GET /contracts.</summary>
public sealed record ContractListQuery(long? ProjectId, long? UserId, string? Status) : IQueryRecord
{
    public static ValueTask<ContractListQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<ContractListQuery>(context);
}
