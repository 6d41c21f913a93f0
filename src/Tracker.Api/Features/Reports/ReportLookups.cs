using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Features.Reports;

/// <summary>Names and rates for the ids that appear in a report's buckets (one query each, only those ids).</summary>
public sealed class ReportLookups
{
    public Dictionary<long, string> Projects { get; private init; } = [];
    public Dictionary<long, string> Tasks { get; private init; } = [];
    private Dictionary<long, decimal?> _projectRates = [];
    private Dictionary<long, Rates.ContractTerms> _contracts = [];

    public static async Task<ReportLookups> LoadAsync(TrackerDbContext db, long workspaceId, IReadOnlyCollection<TimeBucket> buckets, CancellationToken ct)
    {
        // One pass over the buckets (a month of 500 members has ~44k).
        HashSet<long> projectSet = [], taskSet = [], contractSet = [];
        foreach (var b in buckets)
        {
            if (b.ProjectId is { } p) projectSet.Add(p);
            if (b.TaskId is { } t) taskSet.Add(t);
            if (b.ContractId is { } c) contractSet.Add(c);
        }
        List<long> projectIds = [.. projectSet], taskIds = [.. taskSet], contractIds = [.. contractSet];
        var projects = await db.Projects.AsNoTracking().Where(p => p.WorkspaceId == workspaceId && projectIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.Rate }).ToListAsync(ct);
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.WorkspaceId == workspaceId && taskIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Title }).ToDictionaryAsync(t => t.Id, t => t.Title, ct);
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && contractIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Rate, c.RateType, c.Currency }).ToListAsync(ct);
        return new ReportLookups
        {
            Projects = projects.ToDictionary(p => p.Id, p => p.Name),
            Tasks = tasks,
            _projectRates = projects.ToDictionary(p => p.Id, p => p.Rate),
            _contracts = contracts.ToDictionary(c => c.Id, c => new Rates.ContractTerms(c.Rate, c.RateType, c.Currency)),
        };
    }

    public string? ProjectName(long? id) => id is { } p && Projects.TryGetValue(p, out var n) ? n : null;
    public string? TaskTitle(long? id) => id is { } t && Tasks.TryGetValue(t, out var n) ? n : null;

    /// <summary>Hourly rate and currency for a bucket (<see cref="Rates.Hourly"/>).</summary>
    public (decimal Rate, string Currency) RateFor(TimeBucket bucket, ReportMember member) =>
        Rates.Hourly(bucket.ContractId is { } id ? _contracts.GetValueOrDefault(id) : null, member.Rate,
            bucket.ProjectId is { } p ? _projectRates.GetValueOrDefault(p) : null);

    /// <summary>
    /// <see cref="Amounts"/> of one bucket whose displayed minutes are <paramref name="minutes"/>, without the
    /// intermediate totals (a month report builds tens of thousands of these).
    /// </summary>
    public CurrencyAmount Amount(TimeBucket bucket, ReportMember member, int minutes, string[] currencies)
    {
        var (rate, currency) = RateFor(bucket, member);
        if (currencies.Length > 0 && !currencies.Contains(currency, StringComparer.OrdinalIgnoreCase)) return CurrencyAmount.None;
        return new CurrencyAmount(currency, Rates.Amount(rate, minutes));
    }

    /// <summary>Amount per currency for <paramref name="buckets"/>; minutes are rounded per bucket like the displayed minutes.</summary>
    public Dictionary<string, decimal> Amounts(IEnumerable<TimeBucket> buckets, IReadOnlyDictionary<long, ReportMember> members, string[] currencies)
    {
        var totals = new Dictionary<string, decimal>();
        foreach (var b in buckets)
        {
            var (rate, currency) = RateFor(b, members[b.UserId]);
            if (currencies.Length > 0 && !currencies.Contains(currency, StringComparer.OrdinalIgnoreCase)) continue;
            totals[currency] = totals.GetValueOrDefault(currency) + rate * TimeAggregator.Minutes(b.Seconds) / 60m;
        }
        // Currencies in ordinal order, as ReportTally writes them, whatever order the buckets came in.
        return totals.OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToDictionary(t => t.Key, t => Math.Round(t.Value, 2, MidpointRounding.AwayFromZero));
    }
}
