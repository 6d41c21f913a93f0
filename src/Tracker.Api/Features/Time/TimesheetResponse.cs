using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Features.Time;

public sealed record TimesheetMember(long Id, string Firstname, string Lastname, string Email);

public sealed record DailyBreakdownItem(long? ProjectId, string? ProjectName, long? ContractId, long TotalMinutes);

/// <summary>
/// The contract's Timesheet (union of generations A and B): <c>total_minutes</c> (A) and <c>total_hours</c> (B),
/// <c>submitted_on</c> and <c>reject_reason</c> (B), <c>daily_breakdown</c> keyed by member-local date (A).
/// </summary>
public sealed record TimesheetResponse(
    string Id, long UserId, TimesheetMember Member, DateOnly DateFrom, DateOnly DateTo, long TotalMinutes, decimal TotalHours,
    DateTime? SubmittedOn, string? RejectReason, string Status, IReadOnlyDictionary<string, IReadOnlyList<DailyBreakdownItem>> DailyBreakdown,
    DateTime CreatedAt, DateTime UpdatedAt);

public sealed record TimesheetRow(
    string Id, long UserId, string FirstName, string LastName, string Email, string? Timezone, string? SystemTimezone,
    DateOnly DateFrom, DateOnly DateTo, string Status, DateTime? SubmittedAt, string? RejectReason, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Totals of a page of timesheets from the members' entries, each day cut at the member's local midnight.</summary>
public static class TimesheetTotals
{
    public static async Task<List<TimesheetResponse>> BuildAsync(TrackerDbContext db, long workspaceId, IReadOnlyList<TimesheetRow> rows,
        DateTime now, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var userIds = rows.Select(r => r.UserId).Distinct().ToList();
        // A day before and after the widest local range covers every zone's offset.
        var rangeStart = rows.Min(r => r.DateFrom).AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rangeEnd = rows.Max(r => r.DateTo).AddDays(2).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var entries = await db.TimeEntries.AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId && userIds.Contains(e.UserId) && e.StartedAt < rangeEnd && (e.EndedAt == null || e.EndedAt > rangeStart))
            .Select(e => new
            {
                e.UserId, e.StartedAt, e.EndedAt, e.ProjectId, e.ContractId,
                ProjectName = db.Projects.Where(p => p.Id == e.ProjectId).Select(p => p.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);

        return rows.Select(row =>
        {
            var zone = MemberZone.For(row.SystemTimezone, row.Timezone);
            var breakdown = new SortedDictionary<string, IReadOnlyList<DailyBreakdownItem>>(StringComparer.Ordinal);
            long totalSeconds = 0;
            for (var day = row.DateFrom; day <= row.DateTo; day = day.AddDays(1))
            {
                var items = entries.Where(e => e.UserId == row.UserId)
                    .Select(e => new { e.ProjectId, e.ProjectName, e.ContractId, Seconds = zone.SecondsOn(day, e.StartedAt, e.EndedAt ?? now) })
                    .Where(x => x.Seconds > 0)
                    .GroupBy(x => new { x.ProjectId, x.ProjectName, x.ContractId })
                    .Select(g => (g.Key, Seconds: g.Sum(x => x.Seconds)))
                    .OrderBy(g => g.Key.ProjectId)
                    .ToList();
                if (items.Count == 0) continue;
                totalSeconds += items.Sum(i => i.Seconds);
                breakdown[day.ToString("yyyy-MM-dd")] = items
                    .Select(i => new DailyBreakdownItem(i.Key.ProjectId, i.Key.ProjectName, i.Key.ContractId, i.Seconds / 60)).ToList();
            }
            return new TimesheetResponse(row.Id, row.UserId, new TimesheetMember(row.UserId, row.FirstName, row.LastName, row.Email),
                row.DateFrom, row.DateTo, totalSeconds / 60, Math.Round(totalSeconds / 3600m, 2), row.SubmittedAt, row.RejectReason,
                row.Status, breakdown, row.CreatedAt, row.UpdatedAt);
        }).ToList();
    }
}
