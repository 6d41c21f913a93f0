using Npgsql;
using System.Text;

namespace Tracker.Bench;

/// <summary>One load run. <see cref="Baseline"/> marks the baselines ("a" or "b") and <see cref="Family"/> says which
/// baselines a run is compared with: the reads with the members list's, start/stop with its own. <see cref="SkipReason"/>
/// marks an endpoint this build of the server does not have (judged by its OpenAPI document).</summary>
public sealed record Scenario(string Name, string Url, int Threads, int Connections, string? Script = null,
    string? SkipReason = null, string? Baseline = null, int? Seconds = null, string Family = Scenarios.Reads);

public static class Scenarios
{
    public const string Reads = "reads", Writes = "start/stop";
    public const string MonthReport = "GET tracked-hours report, month, 500 members", StartStop = "POST start/stop tracking (500 members in turn)";
    /// <summary>A run long enough for a report of several seconds to complete more than once.</summary>
    private const int ReportSeconds = 20;
    private const int StartStopThreads = 4;
    public const int StartStopConnections = 16;
    private const string Day = "2025-06-10", MonthStart = "2025-06-01", MonthEnd = "2025-06-30";

    public static List<Scenario> All(BenchOptions o, string token, Func<string, bool> exists)
    {
        var s = o.ServerUrl;
        var c = o.Connections;
        var startStop = exists("/api/v2/time-tracking/start") ? StartStopScript(token, "/api/v2") : null;
        Scenario Api(string name, string path, string query, int threads = 2, int? connections = null, string? script = null, int? seconds = null) =>
            new(name, $"{s}{path}{query}", threads, connections ?? c, script,
                exists(path) ? null : $"`{path}` is not in this build's OpenAPI document (its area is not merged yet)", Seconds: seconds);
        return
        [
            new("baseline (b): bare query, no auth/envelope", $"{o.BaselineUrl}/bare/members?workspace_id=1&page=1&per_page=50", 2, c, Baseline: "b"),
            new("baseline (a): raw Npgsql, same JSON", $"{o.BaselineUrl}/baseline/members?workspace_id=1&page=1&per_page=50", 2, c, Baseline: "a"),
            Api("GET members list", "/api/v2/members", "?workspace_id=1&page=1&per_page=50"),
            Api("GET workspaces list", "/api/v2/workspaces", ""),
            Api("GET tasks list", "/api/v2/tasks", "?workspace_id=1&project_id=1&per_page=50"),
            Api("GET time entries for a day", "/api/v2/time-entries", $"?workspace_id=1&user_id={Seeder.UserIdOf(3)}&date={Day}&per_page=50"),
            new("baseline (b): bare start/stop, no auth/checks/event/envelope", o.BaselineUrl, StartStopThreads, StartStopConnections,
                StartStopScript(token, "/bare"), Baseline: "b", Family: Writes),
            new("baseline (a): start/stop by hand, raw Npgsql, same JSON", o.BaselineUrl, StartStopThreads, StartStopConnections,
                StartStopScript(token, "/baseline"), Baseline: "a", Family: Writes),
            Api(StartStop, "/api/v2/time-tracking/start", "", StartStopThreads, StartStopConnections, startStop) with { Family = Writes },
            Api(MonthReport, "/api/v2/reports/tracked-hours",
                $"?workspace_id=1&start_date={MonthStart}&end_date={MonthEnd}", 1, 1, seconds: ReportSeconds),
        ];
    }

    /// <summary>Ends any tracker a previous run left going for the start/stop members, so every first start succeeds.</summary>
    /// Done in SQL because a wrk run ends mid-round, leaving up to half the members running; the pause first lets the
    /// server finish the starts still in flight when wrk exits, which would otherwise survive the UPDATE.
    public static async Task StopTrackersAsync(NpgsqlDataSource db)
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        await using var cmd = db.CreateCommand("""UPDATE "TimeEntries" SET "EndedAt" = now(), "UpdatedAt" = now() WHERE "EndedAt" IS NULL""");
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// wrk script: the 500 members are dealt out to the threads; each thread starts every one of its members in turn,
    /// then stops them in the same order, and again. A member's start and stop are a whole round of the thread's
    /// members apart (125 requests with 4 threads) while at most <see cref="StartStopConnections"/> are in flight, so
    /// a member is never started twice or stopped while not running, and every request should answer 200.
    /// Written to a temporary file, deleted after the runs.
    /// </summary>
    private static string StartStopScript(string token, string prefix)
    {
        var members = new StringBuilder();
        for (var i = 0; i < Seeder.Members; i++) members.Append($"{{{Seeder.UserIdOf(i)},{Seeder.ContractIdOf(i, 0)}}},");
        var script = $$"""
            local members = { {{members}} }
            local threads = {{StartStopThreads}}
            local next_thread = 0
            local all_threads = {}
            function setup(thread)
              thread:set("first", next_thread)
              next_thread = next_thread + 1
              all_threads[#all_threads + 1] = thread
            end
            -- Refused requests by status, so a non-2xx count in RESULTS.md can be explained.
            bad = ""
            function response(status, headers, body)
              if status >= 300 and #bad < 400 then bad = bad .. status .. " " .. string.sub(body or "", 1, 160) .. " | " end
            end
            function done(summary, latency, requests)
              local all = ""
              for _, t in ipairs(all_threads) do all = all .. (t:get("bad") or "") end
              if #all > 0 then io.write("refused: " .. all .. "\n") end
            end
            local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer {{token}}" }
            local mine = nil
            local position = 0
            local starting = true
            -- wrk calls request() once on the first thread before the run to check the script; that call must not
            -- use up a member (its start would never be sent and its stop would be refused), so it gets a harmless GET.
            local checked = false
            function request()
              if first == 0 and not checked then checked = true; return wrk.format("GET", "/health") end
              if mine == nil then
                mine = {}
                for i = first + 1, #members, threads do mine[#mine + 1] = members[i] end
              end
              position = position + 1
              if position > #mine then position = 1; starting = not starting end
              local m = mine[position]
              if starting then
                return wrk.format("POST", "{{prefix}}/time-tracking/start", headers,
                  string.format('{"workspace_id":1,"user_id":%d,"contract_id":%d}', m[1], m[2]))
              end
              return wrk.format("POST", "{{prefix}}/time-tracking/stop", headers, string.format('{"workspace_id":1,"user_id":%d}', m[1]))
            end
            """;
        var path = Path.Combine(Path.GetTempPath(), $"tracker-bench-startstop{prefix.Replace('/', '-')}-{Environment.ProcessId}.lua");
        File.WriteAllText(path, script);
        return path;
    }
}
