using Microsoft.EntityFrameworkCore;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Features.Time;

/// <summary>
/// Weekly hour limits on manual time: the member's limit (all their time) and the contract's (time on it), counted
/// over the member-local Monday–Sunday week of the entry. Null or 0 means no limit.
/// </summary>
public static class WeeklyLimits
{
    /// <summary>Seconds still allowed in the week containing <paramref name="start"/>, or null when nothing limits it.</summary>
    public static async Task<long?> RemainingSecondsAsync(this TrackerDbContext db, long workspaceId, TimeOwner owner, long? contractId,
        DateTime start, DateTime now, CancellationToken ct)
    {
        var memberLimit = await db.Members.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.UserId == owner.UserId)
            .Select(m => m.WeeklyHoursLimit).FirstOrDefaultAsync(ct);
        var contractLimit = contractId is null ? null : await db.Contracts.AsNoTracking().Where(c => c.Id == contractId)
            .Select(c => c.WeeklyHoursLimit).FirstOrDefaultAsync(ct);
        if (memberLimit is null or 0 && contractLimit is null or 0) return null;

        var (from, to) = PayPeriod.Containing(owner.Zone.LocalDate(start));
        var weekStart = owner.Zone.DayStartUtc(from);
        var weekEnd = owner.Zone.DayStartUtc(to.AddDays(1));
        var entries = await db.Touching(workspaceId, owner.UserId, weekStart, weekEnd).AsNoTracking()
            .Select(e => new { e.StartedAt, e.EndedAt, e.ContractId }).ToListAsync(ct);
        long Used(bool onContractOnly) => entries.Where(e => !onContractOnly || e.ContractId == contractId)
            .Sum(e => Clip(e.StartedAt, e.EndedAt ?? now, weekStart, weekEnd));

        long? remaining = null;
        if (memberLimit is > 0) remaining = memberLimit.Value * 3600L - Used(false);
        if (contractLimit is > 0) remaining = Math.Min(remaining ?? long.MaxValue, contractLimit.Value * 3600L - Used(true));
        return Math.Max(0, remaining!.Value);
    }

    /// <summary>Keeps the earliest stretches up to <paramref name="allowedSeconds"/>, cutting the last one short.</summary>
    public static List<(DateTime Start, DateTime End)> Cap(List<(DateTime Start, DateTime End)> stretches, long allowedSeconds)
    {
        var kept = new List<(DateTime, DateTime)>();
        var left = allowedSeconds;
        foreach (var (start, end) in stretches)
        {
            if (left < 60) break;
            var length = (long)(end - start).TotalSeconds;
            var take = Math.Min(length, left) / 60 * 60; // whole minutes
            kept.Add((start, start.AddSeconds(take)));
            left -= take;
        }
        return kept;
    }

    private static long Clip(DateTime start, DateTime end, DateTime from, DateTime to)
    {
        var s = start > from ? start : from;
        var e = end < to ? end : to;
        return e > s ? (long)(e - s).TotalSeconds : 0;
    }
}
