using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Leaves;

public sealed record LeavePolicyResponse(
    long Id, string Name, string TimeUnit, decimal Duration, decimal HoursPerDay, string IsPaid,
    bool AllowNegativeBalance, bool ReasonRequired, bool ApplyToFutureMembers, DateTime UpdatedAt);

/// <summary>GET /leaves/policies, and the default policies every workspace starts with.</summary>
public static class LeavePolicies
{
    public static async Task<EnvelopeResult<IReadOnlyList<LeavePolicyResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, TimeProvider clock, SyncQuery sync, CancellationToken ct)
    {
        await EnsureDefaultsAsync(db, scope.WorkspaceId, clock, ct);
        var page = await db.LeavePolicies.AsNoTracking().Where(p => p.WorkspaceId == scope.WorkspaceId)
            .InSyncOrder(sync, p => p.Id, q => q.OrderBy(p => p.Id))
            .Select(p => new LeavePolicyResponse(p.Id, p.Name, p.TimeUnit, p.Duration, p.HoursPerDay, p.IsPaid ? "yes" : "no",
                p.AllowNegativeBalance, p.ReasonRequired, p.ApplyToFutureMembers, p.UpdatedAt))
            .ToPageAsync(paging, ct);
        var items = page.Items.Select(p => p with { Duration = Decimals.Trim(p.Duration), HoursPerDay = Decimals.Trim(p.HoursPerDay) }).ToList();
        return ApiResults.Page(new Page<LeavePolicyResponse>(items, page.Pagination));
    }

    /// <summary>
    /// There is no policy-management operation in the contract, so a workspace gets these on its first use of the
    /// Leaves group. Two first requests may race; the unique (workspace, name) index lets only one set land.
    /// </summary>
    public static async Task EnsureDefaultsAsync(TrackerDbContext db, long workspaceId, TimeProvider clock, CancellationToken ct)
    {
        if (await db.LeavePolicies.AnyAsync(p => p.WorkspaceId == workspaceId, ct)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        LeavePolicy Policy(string name, string unit, decimal duration, bool paid, bool negative, bool reason) => new()
        {
            WorkspaceId = workspaceId, Name = name, TimeUnit = unit, Duration = duration, HoursPerDay = 8, IsPaid = paid,
            AllowNegativeBalance = negative, ReasonRequired = reason, CreatedAt = now,
        };
        db.LeavePolicies.AddRange(
            Policy("Vacation", LeaveTimeUnits.Days, 20, paid: true, negative: false, reason: false),
            Policy("Sick leave", LeaveTimeUnits.Days, 10, paid: true, negative: true, reason: false),
            Policy("Unpaid leave", LeaveTimeUnits.Days, 30, paid: false, negative: false, reason: true),
            Policy("Personal time", LeaveTimeUnits.Hours, 16, paid: true, negative: false, reason: false));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveChangesExtensions.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear(); // a concurrent request seeded them first
        }
    }
}
