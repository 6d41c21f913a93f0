using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

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

        var query = db.LeaveRequests.AsNoTracking().Where(l => l.WorkspaceId == scope.WorkspaceId);
        if (!scope.IsAdmin) query = query.Where(l => l.UserId == scope.UserId);
        if (!string.IsNullOrWhiteSpace(id)) query = query.Where(l => l.Id == id.Trim());
        if (userId is not null) query = query.Where(l => l.UserId == userId);
        if (policyId is not null) query = query.Where(l => l.PolicyId == policyId);
        if (isPaid is not null) query = query.Where(l => l.Policy.IsPaid == isPaid.Equals("yes", StringComparison.OrdinalIgnoreCase));
        if (status is not null) query = query.Where(l => l.Status == status.ToLowerInvariant());
        if (from is { } f) query = query.Where(l => l.EndDate >= f);
        if (to is { } t) query = query.Where(l => l.StartDate <= t);

        var page = await query.InSyncOrder(sync, l => l.Id, q => q.OrderByDescending(l => l.StartDate).ThenByDescending(l => l.CreatedAt).ThenBy(l => l.Id))
            .Select(LeaveRow.Projection).ToPageAsync(paging, ct);
        return ApiResults.Page(new Page<LeaveResponse>(page.Items.Select(r => r.ToResponse()).ToList(), page.Pagination));
    }

    internal static async Task<LeaveResponse> ReadAsync(TrackerDbContext db, string id, CancellationToken ct) =>
        (await db.LeaveRequests.AsNoTracking().Where(l => l.Id == id).Select(LeaveRow.Projection).FirstAsync(ct)).ToResponse();
}

/// <summary>The filters of GET /leaves.</summary>
public sealed record LeaveListQuery(string? Id, long? UserId, long? PolicyId, string? IsPaid, string? Status, DateOnly? DateFrom, DateOnly? DateTo)
    : IQueryRecord
{
    public static ValueTask<LeaveListQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<LeaveListQuery>(context);
}
