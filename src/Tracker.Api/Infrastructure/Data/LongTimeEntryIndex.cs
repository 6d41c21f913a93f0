using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Data;

/// <summary>
/// Partial indexes of the rare time entries that are running or longer than <see cref="MaxShortEntry"/>, by workspace
/// and by member. Range scans (reports, a member's day) bound StartedAt from below by window start − 24 h, which finds
/// every shorter entry overlapping the window; these indexes find the rest. The filter differs per provider
/// (PostgreSQL needs an IMMUTABLE expression, SQLite has no interval type), and a query must repeat it word for word so
/// the planner may use the index.
/// </summary>
public static class LongTimeEntryIndex
{
    public const string Name = "IX_TimeEntries_Long";
    public static readonly TimeSpan MaxShortEntry = TimeSpan.FromHours(24);

    public const string PostgresFilter = "\"EndedAt\" IS NULL OR \"EndedAt\" - \"StartedAt\" > interval '24 hours'";
    public const string SqliteFilter = "\"EndedAt\" IS NULL OR julianday(\"EndedAt\") - julianday(\"StartedAt\") > 1.0";

    public static string Filter(bool postgres) => postgres ? PostgresFilter : SqliteFilter;

    public static string Filter(DatabaseFacade database) => Filter(IsPostgres(database));

    public static bool IsPostgres(DatabaseFacade database) => database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    /// <summary>The same entries by member: one member's are an index range (<see cref="Touching"/>).</summary>
    public const string ByMemberName = "IX_TimeEntries_LongByMember";

    /// <summary>
    /// Both indexes are partial: an entry enters them only while it runs or when it is longer than a day, so a stop adds
    /// nothing to them.
    /// </summary>
    internal static void Configure(ModelBuilder modelBuilder, string filter)
    {
        modelBuilder.Entity<TimeEntry>().HasIndex(e => new { e.WorkspaceId, e.StartedAt }, Name).HasFilter(filter);
        modelBuilder.Entity<TimeEntry>().HasIndex(e => new { e.WorkspaceId, e.UserId, e.StartedAt }, ByMemberName).HasFilter(filter);
    }

    /// <summary>
    /// <see cref="Touching"/> on PostgreSQL, written in LINQ so that a compiled query can hold it (for
    /// <see cref="QueryRules.Inline{T}"/>), without its final "touches" filter. Its interval is
    /// <see cref="MaxShortEntry"/> as a literal: a parameter would hide the index's filter from the planner, and
    /// PostgreSQL proves that <c>INTERVAL '1 00:00:00'</c> implies the index's <c>interval '24 hours'</c>.
    /// </summary>
    public static readonly Expression<Func<TrackerDbContext, long, long, DateTime, DateTime, IQueryable<TimeEntry>>> PostgresTouching =
        (db, workspaceId, userId, from, end) => db.TimeEntries
            .Where(e => e.WorkspaceId == workspaceId && e.UserId == userId && e.StartedAt >= from && e.StartedAt < end)
            .Concat(db.TimeEntries.Where(e => e.WorkspaceId == workspaceId && e.UserId == userId && e.StartedAt < from
                && (e.EndedAt == null || e.EndedAt - e.StartedAt > new TimeSpan(24, 0, 0))));

    /// <summary>
    /// One member's entries that touch [<paramref name="start"/>, <paramref name="end"/>), running ones included: those
    /// started from start − <see cref="MaxShortEntry"/> by index range, and the rare older running or long ones through
    /// <see cref="ByMemberName"/>. Bounded only by "started before the end", a day's list read the member's whole
    /// history before that day (~900 rows for 8 in the bench data), and so did each manual entry's overlap and
    /// weekly-limit checks. (Through the workspace's index instead, PostgreSQL misjudges the filter's rows and plans a
    /// parallel scan: ~6 ms.)
    /// </summary>
    public static IQueryable<TimeEntry> Touching(this TrackerDbContext db, long workspaceId, long userId, DateTime start, DateTime end)
    {
        var sql = $$"""
            SELECT * FROM "TimeEntries" WHERE "WorkspaceId" = {0} AND "UserId" = {1} AND "StartedAt" >= {2} AND "StartedAt" < {3}
            UNION ALL
            SELECT * FROM "TimeEntries" WHERE "WorkspaceId" = {0} AND "UserId" = {1} AND "StartedAt" < {2} AND ({{Filter(db.Database)}})
            """;
        return db.TimeEntries.FromSqlRaw(sql, workspaceId, userId, start - MaxShortEntry, end)
            .Where(e => e.StartedAt < end && (e.EndedAt == null || e.EndedAt > start));
    }
}
