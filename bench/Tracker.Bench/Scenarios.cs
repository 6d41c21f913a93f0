using System.Net.Http.Json;
using System.Text;

namespace Tracker.Bench;

/// <summary>One load run. <see cref="Baseline"/> marks the two baselines; <see cref="SkipReason"/> an endpoint
/// this build of the server does not have (judged by its OpenAPI document).</summary>
public sealed record Scenario(string Name, string Url, int Threads, int Connections, string? Script = null,
    string? SkipReason = null, string? Baseline = null);

public static class Scenarios
{
    private const int StartStopUsers = 4;
    private const string Day = "2025-06-10", MonthStart = "2025-06-01", MonthEnd = "2025-06-30";

    public static List<Scenario> All(BenchOptions o, string token, Func<string, bool> exists)
    {
        var s = o.ServerUrl;
        var c = o.Connections;
        var startStop = exists("/api/v2/time-tracking/start") ? StartStopScript(token) : null;
        Scenario Api(string name, string path, string query, int threads = 2, int? connections = null, string? script = null) =>
            new(name, $"{s}{path}{query}", threads, connections ?? c, script,
                exists(path) ? null : $"`{path}` is not in this build's OpenAPI document (its area is not merged yet)");
        return
        [
            new("baseline (b): bare query, no auth/envelope", $"{o.BaselineUrl}/bare/members?workspace_id=1&page=1&per_page=50", 2, c, Baseline: "b"),
            new("baseline (a): raw Npgsql, same JSON", $"{o.BaselineUrl}/baseline/members?workspace_id=1&page=1&per_page=50", 2, c, Baseline: "a"),
            Api("GET members list", "/api/v2/members", "?workspace_id=1&page=1&per_page=50"),
            Api("GET workspaces list", "/api/v2/workspaces", ""),
            Api("GET tasks list", "/api/v2/tasks", "?workspace_id=1&project_id=1&per_page=50"),
            Api("GET time entries for a day", "/api/v2/time-entries", $"?workspace_id=1&user_id={Seeder.UserIdOf(3)}&date={Day}&per_page=50"),
            Api("POST start/stop tracking", "/api/v2/time-tracking/start", "", StartStopUsers, StartStopUsers, startStop),
            Api("GET tracked-hours report, month, 500 members", "/api/v2/reports/tracked-hours",
                $"?workspace_id=1&start_date={MonthStart}&end_date={MonthEnd}", 1, 1),
        ];
    }

    /// <summary>Ends any tracker a previous run left going for the start/stop users, so the first start succeeds.</summary>
    public static async Task StopTrackersAsync(HttpClient http, string serverUrl, Func<string, bool> exists)
    {
        if (!exists("/api/v2/time-tracking/stop")) return;
        for (var i = 0; i < StartStopUsers; i++)
            await http.PostAsJsonAsync(serverUrl + "/api/v2/time-tracking/stop", new { workspace_id = 1, user_id = Seeder.UserIdOf(i) });
    }

    /// <summary>
    /// wrk script: one connection per thread, each thread its own member, alternating start and stop, so no two
    /// requests race for one member's tracker. Written to a temporary file, deleted after the runs.
    /// </summary>
    private static string StartStopScript(string token)
    {
        var members = new StringBuilder();
        for (var i = 0; i < StartStopUsers; i++) members.Append($"{{{Seeder.UserIdOf(i)},{Seeder.ContractIdOf(i, 0)}}},");
        var script = $$"""
            local members = { {{members}} }
            local next_member = 0
            function setup(thread)
              next_member = next_member + 1
              thread:set("uid", members[next_member][1])
              thread:set("cid", members[next_member][2])
            end
            local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer {{token}}" }
            local running = false
            function request()
              running = not running
              if running then
                return wrk.format("POST", "/api/v2/time-tracking/start", headers,
                  string.format('{"workspace_id":1,"user_id":%d,"contract_id":%d}', uid, cid))
              end
              return wrk.format("POST", "/api/v2/time-tracking/stop", headers, string.format('{"workspace_id":1,"user_id":%d}', uid))
            end
            """;
        var path = Path.Combine(Path.GetTempPath(), $"tracker-bench-startstop-{Environment.ProcessId}.lua");
        File.WriteAllText(path, script);
        return path;
    }
}
