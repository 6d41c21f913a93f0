using System.Collections;
using System.Data.Common;
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

/// <summary>What a bucket is cut by beyond member and day: nothing, project + contract, also task, also description.</summary>
public enum TimeGrouping { Member, Project, Task, Description }

/// <summary>What a scan reads: <see cref="Activity"/> false leaves the activity level out (the buckets' activity stays 0).</summary>
public sealed record TimeFilter(long[] ProjectIds, long[] TaskIds, bool IncludeNoTask, long? ContractId, TimeGrouping GroupBy, bool Activity);

/// <summary>
/// Sums tracked time per member, local day and <see cref="TimeGrouping"/>. Each member's days are cut at their own
/// zone's midnights (DST-aware); an entry that crosses midnight counts on both days, a running entry counts up to now.
/// The database reads only the entries that can touch the range — those started from its first instant − 24 h (an
/// index range) plus the rare running or longer ones (their own partial index, <see cref="LongTimeEntryIndex"/>) — and
/// the cutting and summing happen here while the rows stream in, one bucket per key. Summing in SQL (a VALUES table of
/// UTC day bounds per zone joined to the entries) kept the month report of 500 members waiting on the database for
/// ~1 s on PostgreSQL and ~2–3 s on SQLite, where reading the ~90k entries and summing them here takes a fraction of
/// that (bench, issue 20: its hand-written baseline does it this way).
/// </summary>
public static class TimeAggregator
{
    /// <summary>
    /// Up to this many members the scan also narrows by UserId (index WorkspaceId, UserId, StartedAt: one page of a
    /// per-user report); for more, the workspace's StartedAt range is cheaper and the member lookup does the narrowing.
    /// </summary>
    private const int UserFilterLimit = 100;

    /// <summary>
    /// Buckets of one member are the same bucket when their day, project, contract, task and description are. The set
    /// holds each bucket once, keyed by its own fields: a dictionary kept a copy of the key beside it (56 bytes an
    /// entry against 16), a third of what a month report allocated (bench, issue 20).
    /// </summary>
    private sealed class SameBucket : IEqualityComparer<TimeBucket>
    {
        public static readonly SameBucket Instance = new();

        public bool Equals(TimeBucket? x, TimeBucket? y) =>
            x!.DayIndex == y!.DayIndex && x.ProjectId == y.ProjectId && x.ContractId == y.ContractId && x.TaskId == y.TaskId
            && string.Equals(x.Description, y.Description, StringComparison.Ordinal);

        public int GetHashCode(TimeBucket b) => HashCode.Combine(b.DayIndex, b.ProjectId, b.ContractId, b.TaskId, b.Description);
    }

    /// <summary>
    /// One member's day bounds and buckets. Buckets are kept per member: one dictionary of a month's ~44k buckets
    /// (500 members) grew through arrays on the large object heap, and those forced about two full collections per
    /// report (bench, issue 20); a member's own set stays small.
    /// </summary>
    private sealed class MemberBuckets(DateTime[] bounds)
    {
        public DateTime[] Bounds { get; } = bounds;
        public HashSet<TimeBucket> Buckets { get; } = new(SameBucket.Instance);
    }

    public static async Task<IReadOnlyCollection<TimeBucket>> SumAsync(
        TrackerDbContext db, long workspaceId, IReadOnlyList<ReportMember> members, DateOnly from, DateOnly to,
        TimeFilter filter, DateTime now, CancellationToken ct)
    {
        if (members.Count == 0) return Array.Empty<TimeBucket>();
        var postgres = LongTimeEntryIndex.IsPostgres(db.Database);
        // Per zone, the UTC instants where each local day of the range starts, and the end of the last one.
        var dayCount = to.DayNumber - from.DayNumber + 1;
        var bounds = new Dictionary<string, DateTime[]>();
        var perMember = new Dictionary<long, MemberBuckets>(members.Count);
        foreach (var m in members)
        {
            if (!bounds.TryGetValue(m.Zone.Id, out var b))
            {
                b = new DateTime[dayCount + 1];
                for (var i = 0; i <= dayCount; i++) b[i] = m.Zone.DayStartUtc(from.AddDays(i));
                bounds[m.Zone.Id] = b;
            }
            perMember[m.UserId] = new MemberBuckets(b);
        }
        var earliest = bounds.Values.Min(b => b[0]);
        var latest = bounds.Values.Max(b => b[dayCount]);

        var args = new List<object> { workspaceId, now, earliest - LongTimeEntryIndex.MaxShortEntry, earliest, latest };
        string Arg(object value) { args.Add(value); return ParameterName(args.Count - 1); }
        const string workspace = "@p0", nowArg = "@p1", shortFrom = "@p2", windowStart = "@p3", windowEnd = "@p4";
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
        // Integers we generate ourselves are inlined; instants and caller-given ids stay parameters.
        var userFilter = members.Count <= UserFilterLimit
            ? $" AND \"UserId\" IN ({string.Join(", ", members.Select(m => Invariant($"{m.UserId}")))})"
            : "";
        var longEntry = LongTimeEntryIndex.Filter(postgres);
        // Only the columns the report uses travel: a month of 500 members is ~90k rows, and every column is work at
        // both ends. By member, neither project nor task nor description; the activity level only where it is shown.
        var selected = new List<string> { "UserId", "StartedAt", "EndedAt" };
        int Column(string name, bool wanted)
        {
            if (!wanted) return -1;
            selected.Add(name);
            return selected.Count - 1;
        }
        var projectColumn = Column("ProjectId", filter.GroupBy >= TimeGrouping.Project);
        var contractColumn = Column("ContractId", filter.GroupBy >= TimeGrouping.Project);
        var taskColumn = Column("TaskId", filter.GroupBy >= TimeGrouping.Task);
        var textColumn = Column("ActivityDescription", filter.GroupBy >= TimeGrouping.Description);
        var levelColumn = Column("ActivityLevel", filter.Activity);
        var columns = string.Join(", ", selected.Select(c => $"\"{c}\""));
        // Raw SQL skips EF's query filters, so the soft-delete filter is written out in both branches.
        var sql = $"""
            SELECT {columns} FROM "TimeEntries"
            WHERE "WorkspaceId" = {workspace} AND "StartedAt" >= {shortFrom} AND "StartedAt" < {windowEnd} AND NOT ({longEntry}) AND "DeletedAt" IS NULL{userFilter}{Where("")}
            UNION ALL
            SELECT {columns} FROM "TimeEntries"
            WHERE "WorkspaceId" = {workspace} AND "StartedAt" < {windowEnd} AND ({longEntry})
              AND COALESCE("EndedAt", {nowArg}) > {windowStart} AND "DeletedAt" IS NULL{Where("+")}
            """;

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
            var probe = new TimeBucket();
            while (await reader.ReadAsync(ct))
            {
                var userId = reader.GetInt64(0);
                if (!perMember.TryGetValue(userId, out var member)) continue; // not a current member
                var b = member.Bounds;
                var start = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
                var end = reader.IsDBNull(2) ? now : DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
                // The days with start < day end and end > day start; the first is the one whose end passes start.
                var day = Array.BinarySearch(b, start);
                day = day >= 0 ? day : Math.Max(0, ~day - 1);
                if (day < dayCount && b[day + 1] <= start) day++;
                if (day >= dayCount || b[day] >= end) continue;
                // Each column is read once per row, not once per day the entry touches.
                var projectId = Id(reader, projectColumn);
                var entryContract = Id(reader, contractColumn);
                var taskId = Id(reader, taskColumn);
                var text = textColumn < 0 || reader.IsDBNull(textColumn) ? null : reader.GetString(textColumn);
                int? level = levelColumn < 0 || reader.IsDBNull(levelColumn) ? null : reader.GetInt32(levelColumn);
                for (; day < dayCount && b[day] < end; day++)
                {
                    var seconds = ((end < b[day + 1] ? end : b[day + 1]) - (start > b[day] ? start : b[day])).TotalSeconds;
                    // The probe carries the key; a bucket is made only when the set has none like it.
                    (probe.DayIndex, probe.ProjectId, probe.ContractId, probe.TaskId, probe.Description) = (day, projectId, entryContract, taskId, text);
                    if (!member.Buckets.TryGetValue(probe, out var bucket))
                    {
                        bucket = new TimeBucket
                        {
                            UserId = userId, DayIndex = day, ProjectId = projectId, ContractId = entryContract, TaskId = taskId, Description = text,
                        };
                        member.Buckets.Add(bucket);
                    }
                    bucket.Seconds += seconds;
                    if (level is { } activity)
                    {
                        bucket.MeasuredSeconds += seconds;
                        bucket.ActivitySeconds += seconds * activity;
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return new Buckets(perMember.Values);
    }

    /// <summary>Every member's buckets, read where they were summed: no one array of them all (see <see cref="MemberBuckets"/>).</summary>
    private sealed class Buckets(ICollection<MemberBuckets> members) : IReadOnlyCollection<TimeBucket>
    {
        public int Count { get; } = members.Sum(m => m.Buckets.Count);

        public IEnumerator<TimeBucket> GetEnumerator()
        {
            foreach (var member in members)
                foreach (var bucket in member.Buckets)
                    yield return bucket;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>An id column of the scan: null when absent or not selected (<paramref name="column"/> −1).</summary>
    private static long? Id(DbDataReader reader, int column) => column < 0 || reader.IsDBNull(column) ? null : reader.GetInt64(column);

    private static string ParameterName(int index) => Invariant($"@p{index}");

    public static int Minutes(double seconds) => (int)Math.Round(seconds / 60, MidpointRounding.AwayFromZero);

    /// <summary>Duration-weighted activity percentage, or null when none of the time carried an activity level.</summary>
    public static int? ActivityLevel(IEnumerable<TimeBucket> buckets)
    {
        double measured = 0, weighted = 0;
        foreach (var b in buckets) { measured += b.MeasuredSeconds; weighted += b.ActivitySeconds; }
        return ActivityLevel(measured, weighted);
    }

    /// <summary>The same from the sums: seconds with a level, and Σ seconds × level.</summary>
    public static int? ActivityLevel(double measuredSeconds, double activitySeconds) =>
        measuredSeconds <= 0 ? null : (int)Math.Round(activitySeconds / measuredSeconds, MidpointRounding.AwayFromZero);
}
