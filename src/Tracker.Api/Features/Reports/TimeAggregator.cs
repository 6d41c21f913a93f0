using System.Text;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Features.Reports;

/// <summary>One GROUP BY row: a member's time on one local day for one project/contract/task (/description).</summary>
public sealed class TimeBucket
{
    public long UserId { get; set; }
    public int DayIndex { get; set; }
    public long? ProjectId { get; set; }
    public long? ContractId { get; set; }
    public long? TaskId { get; set; }
    public string? Description { get; set; }
    public double Seconds { get; set; }
    /// <summary>Seconds of time that carries an activity level (desktop tracker).</summary>
    public double MeasuredSeconds { get; set; }
    /// <summary>Σ seconds × activity level: divided by <see cref="MeasuredSeconds"/> gives the weighted average.</summary>
    public double ActivitySeconds { get; set; }
}

public sealed record TimeFilter(long[] ProjectIds, long[] TaskIds, bool IncludeNoTask, long? ContractId, bool ByDescription);

/// <summary>
/// Sums tracked time per member, local day and project/contract/task in the database. Each member's days are cut at
/// their own zone's midnights (computed here, DST-aware, and passed as a VALUES table of UTC bounds); an entry that
/// crosses midnight counts on both days, a running entry counts up to now. Nothing is loaded per entry; long ranges
/// run as 31-day windows so each query joins only the window's entries (index on WorkspaceId, StartedAt) to its days.
/// </summary>
public static class TimeAggregator
{
    /// <summary>Days per query: entries are index-filtered to the window, so the day join stays small for long ranges.</summary>
    private const int WindowDays = 31;

    public static async Task<List<TimeBucket>> SumAsync(
        TrackerDbContext db, long workspaceId, IReadOnlyList<ReportMember> members, DateOnly from, DateOnly to,
        TimeFilter filter, DateTime now, CancellationToken ct)
    {
        var result = new List<TimeBucket>();
        if (members.Count == 0) return result;
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        foreach (var zoneGroup in members.GroupBy(m => m.Zone.Id))
            for (var window = from; window <= to; window = window.AddDays(WindowDays))
            {
                var windowEnd = window.AddDays(WindowDays - 1) < to ? window.AddDays(WindowDays - 1) : to;
                result.AddRange(await SumWindowAsync(db, workspaceId, zoneGroup.ToList(), from, window, windowEnd, filter, now, postgres, ct));
            }
        return result;
    }

    private static async Task<List<TimeBucket>> SumWindowAsync(
        TrackerDbContext db, long workspaceId, List<ReportMember> members, DateOnly reportStart, DateOnly from, DateOnly to,
        TimeFilter filter, DateTime now, bool postgres, CancellationToken ct)
    {
        var zone = members[0].Zone;
        var args = new List<object> { workspaceId, now };
        string Arg(object value) { args.Add(value); return "{" + (args.Count - 1) + "}"; }

        var days = new StringBuilder();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (day > from) days.Append(", ");
            days.Append($"({Arg(day.DayNumber - reportStart.DayNumber)}, {Arg(zone.DayStartUtc(day))}, {Arg(zone.DayStartUtc(day.AddDays(1)))})");
        }
        var end = "COALESCE(e.\"EndedAt\", {1})";
        var where = new StringBuilder($"e.\"WorkspaceId\" = {{0}} AND e.\"UserId\" IN ({string.Join(", ", members.Select(m => Arg(m.UserId)))})");
        where.Append($" AND e.\"StartedAt\" < {Arg(zone.DayStartUtc(to.AddDays(1)))} AND {end} > {Arg(zone.DayStartUtc(from))}");
        if (filter.ProjectIds.Length > 0) where.Append($" AND e.\"ProjectId\" IN ({string.Join(", ", filter.ProjectIds.Select(p => Arg(p)))})");
        if (filter.ContractId is { } contractId) where.Append($" AND e.\"ContractId\" = {Arg(contractId)}");
        if (filter.TaskIds.Length > 0)
            where.Append($" AND (e.\"TaskId\" IN ({string.Join(", ", filter.TaskIds.Select(t => Arg(t)))}){(filter.IncludeNoTask ? " OR e.\"TaskId\" IS NULL" : "")})");
        else if (!filter.IncludeNoTask) where.Append(" AND e.\"TaskId\" IS NOT NULL");

        var overlap = postgres
            ? $"CAST(EXTRACT(EPOCH FROM (LEAST({end}, d.column3) - GREATEST(e.\"StartedAt\", d.column2))) AS double precision)"
            : $"((julianday(MIN({end}, d.column3)) - julianday(MAX(e.\"StartedAt\", d.column2))) * 86400.0)";
        var description = filter.ByDescription ? "e.\"ActivityDescription\"" : "CAST(NULL AS text)";
        var sql = $"""
            SELECT x."UserId", x."DayIndex", x."ProjectId", x."ContractId", x."TaskId", x."Description",
                   SUM(x.s) AS "Seconds",
                   SUM(CASE WHEN x.a IS NULL THEN 0 ELSE x.s END) AS "MeasuredSeconds",
                   SUM(CASE WHEN x.a IS NULL THEN 0 ELSE x.s * x.a END) AS "ActivitySeconds"
            FROM (
                SELECT e."UserId" AS "UserId", d.column1 AS "DayIndex", e."ProjectId" AS "ProjectId",
                       e."ContractId" AS "ContractId", e."TaskId" AS "TaskId", {description} AS "Description",
                       e."ActivityLevel" AS a, {overlap} AS s
                FROM "TimeEntries" AS e
                JOIN (VALUES {days}) AS d ON e."StartedAt" < d.column3 AND {end} > d.column2
                WHERE {where}
            ) AS x
            GROUP BY x."UserId", x."DayIndex", x."ProjectId", x."ContractId", x."TaskId", x."Description"
            """;
        return await db.Database.SqlQueryRaw<TimeBucket>(sql, [.. args]).ToListAsync(ct);
    }

    public static int Minutes(double seconds) => (int)Math.Round(seconds / 60, MidpointRounding.AwayFromZero);

    /// <summary>Duration-weighted activity percentage, or null when none of the time carried an activity level.</summary>
    public static int? ActivityLevel(IEnumerable<TimeBucket> buckets)
    {
        double measured = 0, weighted = 0;
        foreach (var b in buckets) { measured += b.MeasuredSeconds; weighted += b.ActivitySeconds; }
        return measured <= 0 ? null : (int)Math.Round(weighted / measured, MidpointRounding.AwayFromZero);
    }
}
