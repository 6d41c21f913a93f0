using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Leaves;

public sealed record RejectLeaveBody(string? Reason);

/// <summary>
/// PUT /leaves/{leaveId}/approve and /reject: Owners and Executive managers decide pending requests. The status
/// moves with a conditional UPDATE (<c>WHERE Status = 'pending'</c>) inside one transaction with the balance
/// deduction, so a request is decided once and its days are taken once: a second call that read "pending" before
/// the first committed finds nothing to update and answers 409; one made afterwards answers 400 "not pending".
/// </summary>
public static class DecideLeave
{
    private const string LostRace = "The leave request was decided by a concurrent request.";

    public static async Task<EnvelopeResult<object?>> ApproveAsync(
        string leaveId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, ChangeClock changes, CancellationToken ct)
    {
        var leave = await FindDecidableAsync(db, scope, leaveId, ct);
        var policy = await db.LeavePolicies.AsNoTracking().FirstAsync(p => p.Id == leave.PolicyId, ct);
        var needed = LeaveCalendar.UsePerYear(leave, policy);
        var now = clock.GetUtcNow().UtcDateTime;
        await LeaveBalances.EnsureRowsAsync(db, leave.WorkspaceId, leave.UserId, policy.Id, needed.Keys, now, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // A conditional UPDATE bypasses the DbContext's stamping, so it takes its stamp from the same clock.
        var moved = await Pending(db, leave).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.Status, LeaveStatuses.Approved).SetProperty(l => l.ApprovedBy, scope.UserId)
            .SetProperty(l => l.UpdatedAt, changes.Next()), ct);
        if (moved == 0) throw ApiException.Conflict(LostRace);

        var allowance = LeaveCalendar.ToThousandths(policy.Duration);
        foreach (var (year, amount) in needed)
        {
            var row = db.LeaveBalances.Where(b => b.WorkspaceId == leave.WorkspaceId && b.UserId == leave.UserId
                                                  && b.PolicyId == policy.Id && b.Year == year);
            if (!policy.AllowNegativeBalance) row = row.Where(b => b.UsedThousandths + amount <= allowance);
            var deducted = await row.ExecuteUpdateAsync(s => s
                .SetProperty(b => b.UsedThousandths, b => b.UsedThousandths + amount).SetProperty(b => b.UpdatedAt, now), ct);
            // Disposing the transaction without committing rolls the status change back too.
            if (deducted == 0) throw ApiException.BadRequest("Insufficient leave balance.");
        }

        outbox.Record(scope.WorkspaceId, new LeaveApproved(
            leave.Id, leave.UserId, policy.Id, leave.StartDate, leave.EndDate, scope.UserId, leave.Days, leave.Hours));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ApiResults.Done("Leave request approved successfully");
    }

    public static async Task<EnvelopeResult<object?>> RejectAsync(
        string leaveId, RejectLeaveBody? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, ChangeClock changes,
        CancellationToken ct)
    {
        // The path id resolves first (404 for another workspace's request), then the body is validated.
        var leave = await FindDecidableAsync(db, scope, leaveId, ct);
        var reason = body?.Reason?.Trim();
        new Validator().Required("reason", reason).MaxLength("reason", reason, 1000).ThrowIfInvalid();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var moved = await Pending(db, leave).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.Status, LeaveStatuses.Rejected).SetProperty(l => l.RejectedBy, scope.UserId)
            .SetProperty(l => l.RejectReason, reason).SetProperty(l => l.UpdatedAt, changes.Next()), ct);
        if (moved == 0) throw ApiException.Conflict(LostRace);
        outbox.Record(scope.WorkspaceId, new LeaveRejected(leave.Id, leave.UserId, leave.PolicyId, scope.UserId, reason));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ApiResults.Done("Leave request rejected successfully");
    }

    private static async Task<LeaveRequest> FindDecidableAsync(TrackerDbContext db, WorkspaceScope scope, string leaveId, CancellationToken ct)
    {
        var leave = await db.LeaveRequests.AsNoTracking().FirstOrDefaultAsync(l => l.WorkspaceId == scope.WorkspaceId && l.Id == leaveId, ct)
            ?? throw ApiException.NotFound("Leave request");
        scope.RequireDecidesFor(leave.UserId);
        if (leave.Status != LeaveStatuses.Pending) throw ApiException.BadRequest($"The leave request is not pending (it is {leave.Status}).");
        return leave;
    }

    private static IQueryable<LeaveRequest> Pending(TrackerDbContext db, LeaveRequest leave) =>
        db.LeaveRequests.Where(l => l.Id == leave.Id && l.WorkspaceId == leave.WorkspaceId && l.Status == LeaveStatuses.Pending);
}
