using System.Text;

namespace Tracker.Bench;

/// <summary>
/// One load scenario: a path (with its query) that the server and its baseline (a) answer alike, each on its own host.
/// <see cref="Script"/> marks the start/stop pair (a wrk script); <see cref="BareUrl"/> the (b) floor where there is one.
/// </summary>
public sealed record Scenario(string Name, string Path, int Threads, int Connections, bool Script = false, string? BarePath = null,
    int? Seconds = null, string Kind = Scenarios.List)
{
    public bool IsStartStop => Script;
}

public static class Scenarios
{
    public const string List = "list", Write = "start/stop", Report = "report";
    public const string MonthReport = "GET tracked-hours report, month, 500 members", StartStop = "POST start/stop tracking (500 members in turn)";
    public const int ReportReaders = 4;
    public const int StartStopConnections = 16;
    /// <summary>One connection per wrk thread: a thread sends its next request only after the last one's answer.</summary>
    public const int StartStopThreads = StartStopConnections;
    public const string Day = "2025-06-10", MonthStart = "2025-06-01", MonthEnd = "2025-06-30";

    public static List<Scenario> All(int connections) =>
    [
        new("GET members list", "/api/v2/members?workspace_id=1&page=1&per_page=50", 2, connections, BarePath: "/bare/members?workspace_id=1&page=1&per_page=50"),
        new("GET workspaces list", "/api/v2/workspaces", 2, connections),
        new("GET projects list", "/api/v2/projects?workspace_id=1&per_page=50", 2, connections),
        new("GET tasks list", "/api/v2/tasks?workspace_id=1&project_id=1&per_page=50", 2, connections),
        new("GET contracts list", "/api/v2/contracts?workspace_id=1&per_page=50", 2, connections),
        new("GET time entries for a day", $"/api/v2/time-entries?workspace_id=1&user_id={Seeder.UserIdOf(3)}&date={Day}&per_page=50", 2, connections),
        new("GET time requests list", $"/api/v2/time-requests?workspace_id=1&date_from={MonthStart}&date_to={MonthEnd}&per_page=50", 2, connections),
        new("GET leaves list", "/api/v2/leaves?workspace_id=1&per_page=50", 2, connections),
        new("GET expenses list", "/api/v2/expenses?workspace_id=1&per_page=50", 2, connections),
        new(StartStop, "/api/v2/time-tracking/start", StartStopThreads, StartStopConnections, Script: true, BarePath: "/bare", Kind: Write),
        new(MonthReport, $"/api/v2/reports/tracked-hours?workspace_id=1&start_date={MonthStart}&end_date={MonthEnd}", ReportReaders, ReportReaders,
            Seconds: 10, Kind: Report),
    ];

    /// <summary>Ends any tracker a previous run left going, so every first start succeeds.</summary>
    /// Done in SQL because a wrk run ends mid-round, leaving up to half the members running; the pause first lets the
    /// server finish the starts still in flight when wrk exits, which would otherwise survive the UPDATE.
    public static async Task StopTrackersAsync(BenchDb db)
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        await using var conn = await db.OpenAsync();
        await using var cmd = db.Command(conn, """UPDATE "TimeEntries" SET "EndedAt" = $1, "UpdatedAt" = $1 WHERE "EndedAt" IS NULL""", DateTime.UtcNow);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The Lua that deals the 500 members out to the threads; each thread starts every one of its members in turn,
    /// then stops them in the same order, and again. With one connection per thread a member's stop is sent only after
    /// its start was answered, so a member is never started twice or stopped while not running, and every request
    /// should answer 200. (With 4 threads of 4 connections, a start slower than 125 of its thread's requests was
    /// overtaken by its own stop: the fastest baseline answered a few 400s.)
    /// <paramref name="prefix"/> is <c>/api/v2</c> (server and baseline (a)) or <c>/bare</c>.
    /// </summary>
    public static string StartStopLua(string token, string prefix, int threads, string? request = null)
    {
        var members = new StringBuilder();
        for (var i = 0; i < Seeder.Members; i++) members.Append($"{{{Seeder.UserIdOf(i)},{Seeder.ContractIdOf(i, 0)}}},");
        return $$"""
            local members = { {{members}} }
            local threads = {{threads}}
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
            function startstop()
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
            {{request ?? """
                function request()
                  if first == 0 and not checked then checked = true; return wrk.format("GET", "/health") end
                  return startstop()
                end
                """}}
            """;
    }

    /// <summary>Writes a script to a temporary file (deleted by the caller) and returns its path.</summary>
    public static string WriteScript(string name, string lua)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tracker-bench-{name}-{Environment.ProcessId}.lua");
        File.WriteAllText(path, lua);
        return path;
    }
}
