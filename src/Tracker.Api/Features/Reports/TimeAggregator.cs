using System.Text;
using Microsoft.EntityFrameworkCore;
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
/// crosses midnight counts on both days, a running entry counts up to now. Nothing is loaded per entry.
/// </summary>
public static class TimeAggregator
{
    public static async Task<List<TimeBucket>> SumAsync(
        TrackerDbContext db, long workspaceId, IReadOnlyList<ReportMember> members, DateOnly from, DateOnly to,
        TimeFilter filter, DateTime now, CancellationToken ct)
    {
        var result = new List<TimeBucket>();
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        foreach (var zoneGroup in members.GroupBy(m => m.Zone.Id))
        {
            var zone = zoneGroup.First().Zone;
            var args = new List<object> { workspaceId, now };
            string Arg(object value) { args.Add(value); return "{" + (args.Count - 1) + "}"; }

            var days = new StringBuilder();
            for (var i = 0; i <= to.DayNumber - from.DayNumber; i++)
            {
                var day = from.AddDays(i);
                if (i > 0) days.Append(", ");
                days.Append($"({Arg(i)}, {Arg(ReportMembers.DayStartUtc(day, zone))}, {Arg(ReportMembers.DayStartUtc(day.AddDays(1), zone))})");
            }
            var where = new StringBuilder($"e.\"WorkspaceId\" = {{0}} AND e.\"UserId\" IN ({string.Join(", ", zoneGroup.Select(m => Arg(m.UserId)))})");
            if (filter.ProjectIds.Length > 0) where.Append($" AND e.\"ProjectId\" IN ({string.Join(", ", filter.ProjectIds.Select(p => Arg(p)))})");
            if (filter.ContractId is { } contractId) where.Append($" AND e.\"ContractId\" = {Arg(contractId)}");
            if (filter.TaskIds.Length > 0)
                where.Append($" AND (e.\"TaskId\" IN ({string.Join(", ", filter.TaskIds.Select(t => Arg(t)))}){(filter.IncludeNoTask ? " OR e.\"TaskId\" IS NULL" : "")})");
            else if (!filter.IncludeNoTask) where.Append(" AND e.\"TaskId\" IS NOT NULL");

            var end = "COALESCE(e.\"EndedAt\", {1})";
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
            result.AddRange(await db.Database.SqlQueryRaw<TimeBucket>(sql, [.. args]).ToListAsync(ct));
        }
        return result;
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
