using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;
using static Tracker.Api.Infrastructure.Paging.PagingExtensions;

namespace Tracker.Api.Features.Leaves;

public static class LeaveEndpoints
{
    public static RouteGroupBuilder MapLeaves(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/leaves").WithTags("Leaves").RequireWorkspaceRole(Roles.Staff);
        group.MapGet("/", ListAsync).WithName("getLeaves").WithSummary("Get All Leave Requests").ReadsFromReplica();
        group.MapPost("/", RequestLeave.HandleAsync).WithName("createLeaveRequest").WithSummary("Request Leave");
        group.MapGet("/balances", LeaveBalances.ListAsync).WithName("getLeaveBalances").WithSummary("Get Leave Balances").ReadsFromReplica();
        group.MapGet("/policies", LeavePolicies.ListAsync).WithName("getLeavePolicies").WithSummary("Get Leave Policies").ReadsFromReplica();
        group.MapPut("/{leaveId}/approve", DecideLeave.ApproveAsync).WithName("approveLeaveRequest").WithSummary("Approve Leave Request").RequireWorkspaceRole(Roles.Admins);
        group.MapPut("/{leaveId}/reject", DecideLeave.RejectAsync).WithName("rejectLeaveRequest").WithSummary("Reject Leave Request").RequireWorkspaceRole(Roles.Admins);
        // Aliases the contract asks for defensively: POST on the same paths and the V1-style path order.
        group.MapPost("/{leaveId}/approve", DecideLeave.ApproveAsync).ExcludeFromDescription().RequireWorkspaceRole(Roles.Admins);
        group.MapPost("/{leaveId}/reject", DecideLeave.RejectAsync).ExcludeFromDescription().RequireWorkspaceRole(Roles.Admins);
        group.MapPut("/approve/{leaveId}", DecideLeave.ApproveAsync).ExcludeFromDescription().RequireWorkspaceRole(Roles.Admins);
        group.MapPut("/reject/{leaveId}", DecideLeave.RejectAsync).ExcludeFromDescription().RequireWorkspaceRole(Roles.Admins);
        return api;
    }

    /// <summary>Managers see every request of the workspace; other staff only their own. Newest start first.</summary>
    private static async Task<EnvelopeResult<IReadOnlyList<LeaveResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, LeaveListQuery filter, SyncQuery sync, CancellationToken ct)
    {
        var (id, userId, policyId, isPaid, status, from, to) = filter;
        var v = new Validator().OneOf("is_paid", isPaid, ["yes", "no"]).OneOf("status", status, LeaveStatuses.All);
        v.DateOrder("date_from", from, "date_to", to);
        v.ThrowIfInvalid();

        var onlyUserId = scope.IsAdmin ? null : (long?)scope.UserId;
        var onlyId = string.IsNullOrWhiteSpace(id) ? null : id.Trim();
        bool? paid = isPaid is null ? null : isPaid.Equals("yes", StringComparison.OrdinalIgnoreCase);
        var canonicalStatus = status?.ToLowerInvariant();
        if (sync.UpdatedSince is null)
        {
            Func<int, int, IAsyncEnumerable<CountedRow<LeaveRow>>> compiled = (skip, take) =>
                PageQuery(db, scope.WorkspaceId, onlyUserId, onlyId, userId, policyId, paid, canonicalStatus, from, to, skip, take);
            return Answer(await compiled.ToPageAsync(paging, ct));
        }

        var query = db.LeaveRequests.AsNoTracking().Where(l => l.WorkspaceId == scope.WorkspaceId);
        if (onlyUserId is not null) query = query.Where(l => l.UserId == onlyUserId);
        if (onlyId is not null) query = query.Where(l => l.Id == onlyId);
        if (userId is not null) query = query.Where(l => l.UserId == userId);
        if (policyId is not null) query = query.Where(l => l.PolicyId == policyId);
        if (paid is not null) query = query.Where(l => l.Policy.IsPaid == paid);
        if (canonicalStatus is not null) query = query.Where(l => l.Status == canonicalStatus);
        if (from is { } f) query = query.Where(l => l.EndDate >= f);
        if (to is { } t) query = query.Where(l => l.StartDate <= t);

        return Answer(await query.InSyncOrder(sync, l => l.Id, q => q.OrderByDescending(l => l.StartDate).ThenByDescending(l => l.CreatedAt).ThenBy(l => l.Id))
            .Select(LeaveRow.Projection).ToPageAsync(paging, ct));
    }

    private static EnvelopeResult<IReadOnlyList<LeaveResponse>> Answer(Page<LeaveRow> page) =>
        ApiResults.Page(new Page<LeaveResponse>(page.Items.Select(r => r.ToResponse()).ToList(), page.Pagination));

    /// <summary>
    /// The list without a sync is compiled once, like the time requests list (docs/decisions.md, "Compiled members
    /// list"); null filters drop out of the SQL. The count repeats the filter (a compiled query cannot share a
    /// sub-expression that uses its parameters). The paid filter asks about the policy in a subquery, which drops out
    /// with the filter; through the navigation, the count joined the policies on every call.
    /// </summary>
    private static readonly Func<TrackerDbContext, long, long?, string?, long?, long?, bool?, string?, DateOnly?, DateOnly?, int, int,
        IAsyncEnumerable<CountedRow<LeaveRow>>> PageQuery = EF.CompileAsyncQuery(
        (TrackerDbContext db, long workspaceId, long? onlyUserId, string? id, long? userId, long? policyId, bool? paid, string? status,
            DateOnly? from, DateOnly? to, int skip, int take) =>
            db.LeaveRequests.AsNoTracking()
                .Where(l => l.WorkspaceId == workspaceId && (onlyUserId == null || l.UserId == onlyUserId) && (id == null || l.Id == id)
                    && (userId == null || l.UserId == userId) && (policyId == null || l.PolicyId == policyId)
                    && (paid == null || db.LeavePolicies.Any(p => p.Id == l.PolicyId && p.IsPaid == paid)) && (status == null || l.Status == status)
                    && (from == null || l.EndDate >= from) && (to == null || l.StartDate <= to))
                .OrderByDescending(l => l.StartDate).ThenByDescending(l => l.CreatedAt).ThenBy(l => l.Id).Skip(skip).Take(take)
                .Select(LeaveRow.Projection)
                .Select(row => new CountedRow<LeaveRow>(row, db.LeaveRequests
                    .Count(l => l.WorkspaceId == workspaceId && (onlyUserId == null || l.UserId == onlyUserId) && (id == null || l.Id == id)
                        && (userId == null || l.UserId == userId) && (policyId == null || l.PolicyId == policyId)
                        && (paid == null || db.LeavePolicies.Any(p => p.Id == l.PolicyId && p.IsPaid == paid)) && (status == null || l.Status == status)
                        && (from == null || l.EndDate >= from) && (to == null || l.StartDate <= to)))));

    internal static async Task<LeaveResponse> ReadAsync(TrackerDbContext db, string id, CancellationToken ct) =>
        (await db.LeaveRequests.AsNoTracking().Where(l => l.Id == id).Select(LeaveRow.Projection).FirstAsync(ct)).ToResponse();
}

/// <summary>The filters of GET /leaves.</summary>
public sealed record LeaveListQuery(string? Id, long? UserId, long? PolicyId, string? IsPaid, string? Status, DateOnly? DateFrom, DateOnly? DateTo)
    : IQueryRecord
{
    public static ValueTask<LeaveListQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<LeaveListQuery>(context);
}
