using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Leaves;

public sealed record LeaveInformation(long PolicyId, string LeaveType, string Balance);

public sealed record LeaveBalanceResponse(long UserId, string UserName, IReadOnlyList<LeaveInformation> LeaveInformation, string? TotalBalance);

/// <summary>
/// GET /leaves/balances. A member's balance of a policy over the window is the yearly allowance of every calendar
/// year the window touches, less the approved leave counted in those years. <c>total_balance</c> stays null: every
/// policy keeps its own allowance here.
/// </summary>
public static class LeaveBalances
{
    public static async Task<EnvelopeResult<IReadOnlyList<LeaveBalanceResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, TimeProvider clock, LeaveBalanceQuery filter, CancellationToken ct)
    {
        var (from, to, userId) = filter;
        var v = new Validator().Required("date_from", from).Required("date_to", to);
        v.DateOrder("date_from", from, "date_to", to);
        v.ThrowIfInvalid();
        var forUser = userId is null ? (long?)null : scope.ActingFor(userId);
        await LeavePolicies.EnsureDefaultsAsync(db, scope.WorkspaceId, clock, ct);

        var members = db.Members.AsNoTracking()
            .Where(m => m.WorkspaceId == scope.WorkspaceId && m.DeletedAt == null && m.Role != Roles.ProjectViewer);
        if (!scope.IsAdmin) members = members.Where(m => m.UserId == scope.UserId);
        if (forUser is not null) members = members.Where(m => m.UserId == forUser);
        var page = await members.OrderBy(m => m.UserId)
            .Select(MemberProfile.Of).Select(p => new { p.Member.UserId, Name = p.FirstName + " " + p.LastName })
            .ToPageAsync(paging, ct);

        var policies = await db.LeavePolicies.AsNoTracking().Where(p => p.WorkspaceId == scope.WorkspaceId).OrderBy(p => p.Id).ToListAsync(ct);
        var userIds = page.Items.Select(m => m.UserId).ToList();
        int firstYear = from!.Value.Year, lastYear = to!.Value.Year;
        var used = await db.LeaveBalances.AsNoTracking()
            .Where(b => b.WorkspaceId == scope.WorkspaceId && userIds.Contains(b.UserId) && b.Year >= firstYear && b.Year <= lastYear)
            .GroupBy(b => new { b.UserId, b.PolicyId })
            .Select(g => new { g.Key.UserId, g.Key.PolicyId, Used = g.Sum(b => b.UsedThousandths) })
            .ToDictionaryAsync(x => (x.UserId, x.PolicyId), x => x.Used, ct);

        var years = lastYear - firstYear + 1;
        var items = page.Items.Select(m => new LeaveBalanceResponse(m.UserId, m.Name,
            policies.Select(p =>
            {
                var remaining = years * LeaveCalendar.ToThousandths(p.Duration) - used.GetValueOrDefault((m.UserId, p.Id));
                return new LeaveInformation(p.Id, p.Name, LeaveCalendar.Describe(LeaveCalendar.FromThousandths(remaining), p.TimeUnit));
            }).ToList(), null)).ToList();
        return ApiResults.Page(new Page<LeaveBalanceResponse>(items, page.Pagination));
    }

    /// <summary>Thousandths still available per year (allowance less approved use), for the check at filing time.</summary>
    public static async Task<Dictionary<int, long>> RemainingAsync(
        TrackerDbContext db, long workspaceId, long userId, LeavePolicy policy, IEnumerable<int> years, CancellationToken ct)
    {
        var list = years.ToList();
        var used = await db.LeaveBalances.AsNoTracking()
            .Where(b => b.WorkspaceId == workspaceId && b.UserId == userId && b.PolicyId == policy.Id && list.Contains(b.Year))
            .ToDictionaryAsync(b => b.Year, b => b.UsedThousandths, ct);
        var allowance = LeaveCalendar.ToThousandths(policy.Duration);
        return list.ToDictionary(y => y, y => allowance - used.GetValueOrDefault(y));
    }

    /// <summary>
    /// Creates the (member, policy, year) rows an approval will update. Runs before the approval's transaction: a
    /// concurrent approval may create the same row, and the unique index makes that harmless.
    /// </summary>
    public static async Task EnsureRowsAsync(
        TrackerDbContext db, long workspaceId, long userId, long policyId, IEnumerable<int> years, DateTime now, CancellationToken ct)
    {
        foreach (var year in years)
        {
            if (await db.LeaveBalances.AnyAsync(b => b.WorkspaceId == workspaceId && b.UserId == userId && b.PolicyId == policyId && b.Year == year, ct))
                continue;
            db.LeaveBalances.Add(new LeaveBalance { WorkspaceId = workspaceId, UserId = userId, PolicyId = policyId, Year = year, UpdatedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (SaveChangesExtensions.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}

/// <summary>The filters of GET /leaves/balances (both dates required).</summary>
public sealed record LeaveBalanceQuery(DateOnly? DateFrom, DateOnly? DateTo, long? UserId) : IQueryRecord
{
    public static ValueTask<LeaveBalanceQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<LeaveBalanceQuery>(context);
}
