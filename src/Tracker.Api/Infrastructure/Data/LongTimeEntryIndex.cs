using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Data;

/// <summary>
/// A partial index of the rare time entries that are running or longer than <see cref="MaxShortEntry"/>. Range scans
/// (reports) bound StartedAt from below by window start − 24 h, which finds every shorter entry overlapping the
/// window; this index finds the rest. The filter differs per provider (PostgreSQL needs an IMMUTABLE expression,
/// SQLite has no interval type), and a query must repeat it word for word so the planner may use the index.
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

    internal static void Configure(ModelBuilder modelBuilder, string filter) =>
        modelBuilder.Entity<TimeEntry>().HasIndex(e => new { e.WorkspaceId, e.StartedAt }, Name).HasFilter(filter);
}
