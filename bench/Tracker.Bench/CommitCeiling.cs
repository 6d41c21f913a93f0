using System.Diagnostics;
using Npgsql;

namespace Tracker.Bench;

/// <summary>
/// How many transactions per second the database itself commits on this machine: the same number of connections as
/// the start/stop run, each committing one-row INSERTs as fast as it can, no HTTP and no server. A start or a stop
/// is one such commit (plus reads), so this is the write path's ceiling, against which start/stop is also shown.
/// </summary>
public static class CommitCeiling
{
    public static async Task<double> MeasureAsync(NpgsqlDataSource db, int connections, TimeSpan duration)
    {
        // A logged table: every commit waits for its WAL flush, as the server's do.
        await db.CreateCommand("CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, at timestamptz NOT NULL)").ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            await using var conn = await db.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO bench_commits (at) VALUES (now())", conn);
            var done = 0;
            while (clock.Elapsed < duration)
            {
                await insert.ExecuteNonQueryAsync();
                done++;
            }
            return done;
        }));
        var perSecond = counts.Sum() / clock.Elapsed.TotalSeconds;
        await db.CreateCommand("DROP TABLE bench_commits").ExecuteNonQueryAsync();
        return perSecond;
    }
}
