using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tracker.Bench;

/// <summary>
/// Fills the SQLite database the server created (its migrations ran at start) with the PostgreSQL seed, table by
/// table, so both providers are measured on the same rows: every column the SQLite table has, read from PostgreSQL and
/// inserted with one prepared statement in one transaction. Values go in as EF Core stores them on SQLite (instants
/// as text, GUIDs as upper-case text). Then ANALYZE, as after the PostgreSQL seed.
/// </summary>
public static class SqliteCopy
{
    private static readonly string[] Tables =
    [
        "Users", "Workspaces", "Members", "Projects", "Tasks", "Contracts", "ProjectTags", "TaskAssignees", "LeavePolicies", "LeaveRequests",
        "ExpenseCategories", "Expenses", "TimeRequests", "TimeEntries",
    ];

    public static async Task<TimeSpan> CopyAsync(NpgsqlDataSource postgres, string sqliteFile, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqliteFile, Pooling = false }.ConnectionString);
        await target.OpenAsync();
        await using (var fast = target.CreateCommand())
        {
            fast.CommandText = "PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;";
            await fast.ExecuteNonQueryAsync();
        }
        foreach (var table in Tables)
        {
            var columns = new List<string>();
            await using (var info = target.CreateCommand())
            {
                info.CommandText = $"""SELECT name FROM pragma_table_info('{table}')""";
                await using var r = await info.ExecuteReaderAsync();
                while (await r.ReadAsync()) columns.Add(r.GetString(0));
            }
            var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
            await using var tx = (SqliteTransaction)await target.BeginTransactionAsync();
            await using var insert = target.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO \"{table}\" ({list}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})";
            var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"${i + 1}", null))).ToArray();
            long rows = 0;
            await using (var read = postgres.CreateCommand($"SELECT {list} FROM \"{table}\""))
            await using (var r = await read.ExecuteReaderAsync())
            {
                while (await r.ReadAsync())
                {
                    for (var i = 0; i < columns.Count; i++)
                        parameters[i].Value = r.IsDBNull(i) ? DBNull.Value : r.GetDataTypeName(i) switch
                        {
                            "date" => r.GetFieldValue<DateOnly>(i),
                            "time without time zone" => r.GetFieldValue<TimeOnly>(i),
                            _ => r.GetValue(i),
                        } switch
                        {
                            Guid g => g.ToString().ToUpperInvariant(),
                            DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Unspecified),
                            var v => v,
                        };
                    await insert.ExecuteNonQueryAsync();
                    rows++;
                }
            }
            await tx.CommitAsync();
            log.WriteLine($"  sqlite: {table} {rows:N0} rows, {clock.Elapsed.TotalSeconds:F0} s");
        }
        await using (var analyze = target.CreateCommand())
        {
            analyze.CommandText = "ANALYZE";
            await analyze.ExecuteNonQueryAsync();
        }
        return clock.Elapsed;
    }
}
