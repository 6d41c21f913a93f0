using System.Text;
using static System.FormattableString;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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

/// <summary>What a bucket is cut by beyond member and day: project + contract, also task, also description.</summary>
public enum TimeGrouping { Project, Task, Description }

public sealed record TimeFilter(long[] ProjectIds, long[] TaskIds, bool IncludeNoTask, long? ContractId, TimeGrouping GroupBy);

/// <summary>
/// Sums tracked time per member, local day and <see cref="TimeGrouping"/> in the database. Each member's days are cut
/// at their own zone's midnights (computed here, DST-aware, and passed as a VALUES table of UTC bounds per zone, joined
/// to a VALUES table of member → zone); an entry that crosses midnight counts on both days, a running entry counts up
/// to now. Nothing is loaded per entry. Long ranges run as 31-day windows, one query each for all zones. Each query
/// reads only entries started from window start − 24 h (an index range) plus the rare running or longer ones (their
/// own partial index, <see cref="LongTimeEntryIndex"/>), so the scan does not grow with the history before the window.
/// </summary>
public static class TimeAggregator
{
    /// <summary>Days per query: entries are index-filtered to the window, so the day join stays small for long ranges.</summary>
    private const int WindowDays = 31;

    /// <summary>
    /// Up to this many members the scan also narrows by UserId (index WorkspaceId, UserId, StartedAt: one page of a
    /// per-user report); for more, the workspace's StartedAt range is cheaper and the member join does the narrowing.
    /// </summary>
    private const int UserFilterLimit = 100;

    public static async Task<List<TimeBucket>> SumAsync(
        TrackerDbContext db, long workspaceId, IReadOnlyList<ReportMember> members, DateOnly from, DateOnly to,
        TimeFilter filter, DateTime now, CancellationToken ct)
    {
        var result = new List<TimeBucket>();
        if (members.Count == 0) return result;
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        var zones = members.Select(m => m.Zone).DistinctBy(z => z.Id).ToList();
        var zoneIndex = zones.Select((z, i) => (z.Id, i)).ToDictionary(z => z.Id, z => z.i);
        // Integers we generate ourselves are inlined; instants and caller-given ids stay parameters.
        var memberZones = string.Join(", ", members.Select(m => Invariant($"({m.UserId}, {zoneIndex[m.Zone.Id]})")));
        var userFilter = members.Count <= UserFilterLimit
            ? $" AND \"UserId\" IN ({string.Join(", ", members.Select(m => Invariant($"{m.UserId}")))})"
            : "";
        for (var window = from; window <= to; window = window.AddDays(WindowDays))
        {
            var windowEnd = window.AddDays(WindowDays - 1) < to ? window.AddDays(WindowDays - 1) : to;
            result.AddRange(await SumWindowAsync(db, workspaceId, zones, memberZones, userFilter, from, window, windowEnd, filter, now, postgres, ct));
        }
        return result;
    }

    private static async Task<List<TimeBucket>> SumWindowAsync(
        TrackerDbContext db, long workspaceId, List<MemberZone> zones, string memberZones, string userFilter,
        DateOnly reportStart, DateOnly from, DateOnly to, TimeFilter filter, DateTime now, bool postgres, CancellationToken ct)
    {
        var args = new List<object> { workspaceId, now };
        string Arg(object value) { args.Add(value); return ParameterName(args.Count - 1); }

        // d: (zone, day, start, end) per zone and local day; a day's end is the next day's start, one parameter each.
        // k: the same days keyed by the UTC days (days since 1970) on which an entry of at most 24 h touching them can
        // start: an entry started on UTC day u ends before u + 2, so it only meets local days overlapping
        // [u − 1, u + 3) (one day of slack each side for float rounding of u). Short entries join k on (zone, u): an
        // equality join meeting ~4 days instead of every day of the window.
        var days = new StringBuilder();
        var keyed = new StringBuilder();
        DateTime earliest = DateTime.MaxValue, latest = DateTime.MinValue;
        for (var z = 0; z < zones.Count; z++)
        {
            var dayStart = zones[z].DayStartUtc(from);
            var startArg = Arg(dayStart);
            earliest = dayStart < earliest ? dayStart : earliest;
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                var dayEnd = zones[z].DayStartUtc(day.AddDays(1));
                var endArg = Arg(dayEnd);
                var index = day.DayNumber - reportStart.DayNumber;
                Append(days, Invariant($"({z}, {index}, {startArg}, {endArg})"));
                for (var u = UnixDay(dayStart) - 2; u <= UnixDay(dayEnd.AddTicks(-1)) + 1; u++)
                    Append(keyed, Invariant($"({z}, {u}, {index}, {startArg}, {endArg})"));
                (dayStart, startArg) = (dayEnd, endArg);
                latest = dayEnd > latest ? dayEnd : latest;
            }
        }

        const string workspace = "@p0", nowArg = "@p1", end = "COALESCE(e.\"EndedAt\", " + nowArg + ")";
        // The long branch repeats the filters on "+column" (no index use) so that SQLite, like PostgreSQL, reads it
        // through the small partial index rather than a user or project index over all of history.
        var projects = filter.ProjectIds.Select(p => Arg(p)).ToList();
        var contract = filter.ContractId is { } contractId ? Arg(contractId) : null;
        var tasks = filter.TaskIds.Select(t => Arg(t)).ToList();
        string Where(string prefix)
        {
            var where = new StringBuilder();
            if (projects.Count > 0) where.Append($" AND {prefix}\"ProjectId\" IN ({string.Join(", ", projects)})");
            if (contract is not null) where.Append($" AND {prefix}\"ContractId\" = {contract}");
            if (tasks.Count > 0)
                where.Append($" AND ({prefix}\"TaskId\" IN ({string.Join(", ", tasks)}){(filter.IncludeNoTask ? $" OR {prefix}\"TaskId\" IS NULL" : "")})");
            else if (!filter.IncludeNoTask) where.Append($" AND {prefix}\"TaskId\" IS NOT NULL");
            return where.ToString();
        }

        // Short entries (≤ 24 h) that overlap the window started at or after its first instant − 24 h: an index range.
        // Running and longer ones come from the partial index, whose filter is repeated verbatim so the planner uses it.
        var shortFrom = Arg(earliest - LongTimeEntryIndex.MaxShortEntry);
        var windowStart = Arg(earliest);
        var windowEnd = Arg(latest);
        var longEntry = LongTimeEntryIndex.Filter(postgres);
        const string columns = "\"UserId\", \"ProjectId\", \"ContractId\", \"TaskId\", \"ActivityDescription\", \"ActivityLevel\", \"StartedAt\", \"EndedAt\"";
        var (overlap, startDay) = postgres
            ? ($"date_part('epoch', LEAST({end}, d.day_end) - GREATEST(e.\"StartedAt\", d.day_start))",
               "CAST(FLOOR(date_part('epoch', e.\"StartedAt\") / 86400) AS integer)")
            : ($"((julianday(MIN({end}, d.day_end)) - julianday(MAX(e.\"StartedAt\", d.day_start))) * 86400.0)",
               "CAST(julianday(e.\"StartedAt\") - 2440587.5 AS INTEGER)");
        // Each scan is planned on its own (a subquery with OFFSET is not flattened): the planner cannot tell how many
        // rows the member and day tables give, and when it guessed few it looped over member × day with an index probe
        // each (PostgreSQL, one zone, a month: 5 s instead of 0.3 s).
        var fence = postgres ? " OFFSET 0" : " LIMIT -1 OFFSET 0";
        var task = filter.GroupBy == TimeGrouping.Project ? "CAST(NULL AS bigint)" : "e.\"TaskId\"";
        var description = filter.GroupBy == TimeGrouping.Description ? "e.\"ActivityDescription\"" : "CAST(NULL AS text)";
        var slice = $"""
            e."UserId" AS "UserId", d.day AS "DayIndex", e."ProjectId" AS "ProjectId", e."ContractId" AS "ContractId",
                       {task} AS "TaskId", {description} AS "Description", e."ActivityLevel" AS a, {overlap} AS s
            """;
        var sql = $"""
            WITH m (user_id, zone) AS (VALUES {memberZones}),
                 d (zone, day, day_start, day_end) AS (VALUES {days}),
                 k (zone, start_day, day, day_start, day_end) AS (VALUES {keyed})
            SELECT x."UserId", x."DayIndex", x."ProjectId", x."ContractId", x."TaskId", x."Description",
                   SUM(x.s) AS "Seconds",
                   SUM(CASE WHEN x.a IS NULL THEN 0 ELSE x.s END) AS "MeasuredSeconds",
                   SUM(CASE WHEN x.a IS NULL THEN 0 ELSE x.s * x.a END) AS "ActivitySeconds"
            FROM (
                SELECT {slice}
                FROM (SELECT {columns} FROM "TimeEntries"
                      WHERE "WorkspaceId" = {workspace} AND "StartedAt" >= {shortFrom} AND "StartedAt" < {windowEnd}
                        AND NOT ({longEntry}){userFilter}{Where("")}{fence}) AS e
                JOIN m ON m.user_id = e."UserId"
                JOIN k AS d ON d.zone = m.zone AND d.start_day = {startDay} AND e."StartedAt" < d.day_end AND {end} > d.day_start
                UNION ALL
                SELECT {slice}
                FROM (SELECT {columns} FROM "TimeEntries"
                      WHERE "WorkspaceId" = {workspace} AND "StartedAt" < {windowEnd} AND ({longEntry})
                        AND COALESCE("EndedAt", {nowArg}) > {windowStart}{Where("+")}{fence}) AS e
                JOIN m ON m.user_id = e."UserId"
                JOIN d ON d.zone = m.zone AND e."StartedAt" < d.day_end AND {end} > d.day_start
            ) AS x
            GROUP BY x."UserId", x."DayIndex", x."ProjectId", x."ContractId", x."TaskId", x."Description"
            """;
        return await ReadAsync(db, sql, args, ct);
    }

    private static string ParameterName(int index) => Invariant($"@p{index}");

    /// <summary>
    /// Runs the query on the context's own connection with a plain data reader. A month of a large workspace is tens
    /// of thousands of rows, and EF's per-row materialisation of raw SQL (async state, boxed values) allocated more
    /// than the buckets themselves (bench, issue 8).
    /// </summary>
    private static async Task<List<TimeBucket>> ReadAsync(TrackerDbContext db, string sql, List<object> args, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.Database.GetCommandTimeout() is { } timeout) command.CommandTimeout = timeout;
        for (var i = 0; i < args.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = ParameterName(i);
            parameter.Value = args[i];
            command.Parameters.Add(parameter);
        }
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var buckets = new List<TimeBucket>();
            while (await reader.ReadAsync(ct))
                buckets.Add(new TimeBucket
                {
                    UserId = reader.GetInt64(0),
                    DayIndex = reader.GetInt32(1),
                    ProjectId = reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    ContractId = reader.IsDBNull(3) ? null : reader.GetInt64(3),
                    TaskId = reader.IsDBNull(4) ? null : reader.GetInt64(4),
                    Description = reader.IsDBNull(5) ? null : reader.GetString(5),
                    Seconds = reader.GetDouble(6),
                    MeasuredSeconds = reader.GetDouble(7),
                    ActivitySeconds = reader.GetDouble(8),
                });
            return buckets;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Append(StringBuilder values, string row)
    {
        if (values.Length > 0) values.Append(", ");
        values.Append(row);
    }

    private static long UnixDay(DateTime utc) => (long)Math.Floor((utc - DateTime.UnixEpoch).TotalDays);

    public static int Minutes(double seconds) => (int)Math.Round(seconds / 60, MidpointRounding.AwayFromZero);

    /// <summary>Duration-weighted activity percentage, or null when none of the time carried an activity level.</summary>
    public static int? ActivityLevel(IEnumerable<TimeBucket> buckets)
    {
        double measured = 0, weighted = 0;
        foreach (var b in buckets) { measured += b.MeasuredSeconds; weighted += b.ActivitySeconds; }
        return measured <= 0 ? null : (int)Math.Round(weighted / measured, MidpointRounding.AwayFromZero);
    }
}
