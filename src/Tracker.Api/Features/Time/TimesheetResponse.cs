using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Time;

public sealed record TimesheetMember(long Id, string Firstname, string Lastname, string Email);

/// <summary><c>total_amount</c> only for callers who may see rates (time.md 6), one currency: the item's contract's.</summary>
public sealed record DailyBreakdownItem(
    long? ProjectId, string? ProjectName, long? ContractId, long TotalMinutes,
    [property: RateField] IReadOnlyDictionary<string, decimal>? TotalAmount) : IRateFields
{
    public bool RatesVisible { get; init; }
}

/// <summary>
/// The contract's Timesheet (union of generations A and B): <c>total_minutes</c> (A) and <c>total_hours</c> (B),
/// <c>submitted_on</c> and <c>reject_reason</c> (B), <c>daily_breakdown</c> keyed by member-local date (A),
/// <c>total_amount</c> per currency for callers who may see rates (A).
/// </summary>
public sealed record TimesheetResponse(
    string Id, long UserId, TimesheetMember Member, DateOnly DateFrom, DateOnly DateTo, long TotalMinutes, decimal TotalHours,
    DateTime? SubmittedOn, string? RejectReason, string Status, [property: RateField] IReadOnlyDictionary<string, decimal>? TotalAmount,
    IReadOnlyDictionary<string, IReadOnlyList<DailyBreakdownItem>> DailyBreakdown, DateTime CreatedAt, DateTime UpdatedAt) : IRateFields
{
    public bool RatesVisible { get; init; }
}

public sealed record TimesheetRow(
    string Id, long UserId, string FirstName, string LastName, string Email, string? Timezone, string? SystemTimezone,
    DateOnly DateFrom, DateOnly DateTo, string Status, DateTime? SubmittedAt, string? RejectReason, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>
/// Totals of a page of timesheets from the members' entries, each day cut at the member's local midnight; amounts
/// (<see cref="Rates"/>) only for callers who may see rates.
/// </summary>
public static class TimesheetTotals
{
    public static async Task<List<TimesheetResponse>> BuildAsync(TrackerDbContext db, long workspaceId, IReadOnlyList<TimesheetRow> rows,
        bool canSeeRates, DateTime now, CancellationToken ct)
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
                ProjectRate = db.Projects.Where(p => p.Id == e.ProjectId).Select(p => p.Rate).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var contractIds = canSeeRates ? entries.Where(e => e.ContractId != null).Select(e => e.ContractId!.Value).Distinct().ToList() : [];
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && contractIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => new Rates.ContractTerms(c.Rate, c.RateType, c.Currency), ct);
        var memberRates = canSeeRates
            ? await db.Members.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && userIds.Contains(m.UserId)).ToDictionaryAsync(m => m.UserId, m => m.Rate, ct)
            : [];

        return rows.Select(row =>
        {
            var zone = MemberZone.For(row.SystemTimezone, row.Timezone);
            var breakdown = new SortedDictionary<string, IReadOnlyList<DailyBreakdownItem>>(StringComparer.Ordinal);
            long totalSeconds = 0;
            var totalAmount = new Dictionary<string, decimal>();
            for (var day = row.DateFrom; day <= row.DateTo; day = day.AddDays(1))
            {
                var items = entries.Where(e => e.UserId == row.UserId)
                    .Select(e => new { e.ProjectId, e.ProjectName, e.ContractId, e.ProjectRate, Seconds = zone.SecondsOn(day, e.StartedAt, e.EndedAt ?? now) })
                    .Where(x => x.Seconds > 0)
                    .GroupBy(x => new { x.ProjectId, x.ProjectName, x.ContractId, x.ProjectRate })
                    .Select(g => (g.Key, Seconds: g.Sum(x => x.Seconds)))
                    .OrderBy(g => g.Key.ProjectId)
                    .ToList();
                if (items.Count == 0) continue;
                totalSeconds += items.Sum(i => i.Seconds);
                breakdown[day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] = items.Select(i =>
                {
                    var minutes = i.Seconds / 60;
                    Dictionary<string, decimal>? amount = null;
                    if (canSeeRates)
                    {
                        var (rate, currency) = Rates.Hourly(i.Key.ContractId is { } c ? contracts.GetValueOrDefault(c) : null,
                            memberRates.GetValueOrDefault(row.UserId), i.Key.ProjectRate);
                        amount = new() { [currency] = Rates.Amount(rate, minutes) };
                        totalAmount[currency] = totalAmount.GetValueOrDefault(currency) + amount[currency];
                    }
                    return new DailyBreakdownItem(i.Key.ProjectId, i.Key.ProjectName, i.Key.ContractId, minutes, amount) { RatesVisible = canSeeRates };
                }).ToList();
            }
            return new TimesheetResponse(row.Id, row.UserId, new TimesheetMember(row.UserId, row.FirstName, row.LastName, row.Email),
                row.DateFrom, row.DateTo, totalSeconds / 60, Math.Round(totalSeconds / 3600m, 2), row.SubmittedAt, row.RejectReason,
                row.Status, canSeeRates ? totalAmount : null, breakdown, row.CreatedAt, row.UpdatedAt)
            {
                RatesVisible = canSeeRates,
            };
        }).ToList();
    }
}
