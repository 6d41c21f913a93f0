using System.Globalization;
using System.Text;

namespace Tracker.Bench;

/// <summary>
/// <c>--soak M</c>: a mix of the lists, start/stop and a week's tracked-hours report against the PostgreSQL server, first
/// at full speed (15 s) for the maximum, then paced at 70% of it for M minutes, one wrk run per minute: each minute's
/// req/s, p99, errors and peak resident memory, and whether memory still grows at the end.
/// </summary>
public static class Soak
{
    public const string Heading = "## Soak";
    public const double Load = 0.70;
    private const int Threads = 4, Connections = 16;

    public sealed record Minute(int Index, LoadResult Result, long PeakMb, long EndMb, double DelayMs);
    public sealed record Outcome(double MaxRps, double TargetRps, List<Minute> Minutes, string Server);

    /// <summary>
    /// Per thread, a cycle of 40 requests: a start or stop every 10th (the members dealt out as in the start/stop
    /// scenario), one report, the rest the lists in turn. <c>delay()</c> paces each connection (milliseconds from the
    /// command line, adjusted each minute to hold the rate).
    /// </summary>
    private static string MixLua(string token, IEnumerable<Scenario> scenarios)
    {
        var lists = string.Join(", ", scenarios.Where(s => s.Kind == Scenarios.List).Select(s => $"\"{s.Path}\""));
        var report = $"/api/v2/reports/tracked-hours?workspace_id=1&start_date=2025-06-02&end_date=2025-06-08";
        return Scenarios.StartStopLua(token, "/api/v2", Threads, $$"""
            local lists = { {{lists}} }
            local step = 0
            local pause = 0
            function init(args) pause = tonumber(args[1]) or 0 end
            function delay() return pause end
            function request()
              if first == 0 and not checked then checked = true; return wrk.format("GET", "/health") end
              step = step + 1
              if step % 40 == 0 then return wrk.format("GET", "{{report}}", headers) end
              if step % 10 == 5 then return startstop() end
              return wrk.format("GET", lists[step % #lists + 1], headers)
            end
            """);
    }

    public static async Task<Outcome> RunAsync(BenchOptions o, Target target, string token, List<Scenario> scenarios, TextWriter log)
    {
        var server = target.Servers[0];
        var script = Scenarios.WriteScript("soak", MixLua(token, scenarios));
        try
        {
            await Scenarios.StopTrackersAsync(target.Db);
            await Wrk.RunAsync(server.Url + "/health", token, Threads, Connections, Math.Max(10, o.Warmup), script, "0");
            await Scenarios.StopTrackersAsync(target.Db);
            var max = await Wrk.RunAsync(server.Url + "/health", token, Threads, Connections, 15, script, "0");
            var goal = max.RequestsPerSecond * Load;
            // Per connection, one request every Connections / goal seconds: the pause is that period less the time a
            // request took at full speed; corrected each minute from the rate the last minute reached.
            var delay = Math.Max(0, Connections / goal * 1000 - Connections / max.RequestsPerSecond * 1000);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: maximum {max.RequestsPerSecond:F0} req/s, holding {goal:F0} req/s for {o.SoakMinutes} min"));
            var minutes = new List<Minute>();
            for (var m = 1; m <= o.SoakMinutes; m++)
            {
                await Scenarios.StopTrackersAsync(target.Db);
                using var sampler = server.Process.SampleMemory();
                var result = await Wrk.RunAsync(server.Url + "/health", token, Threads, Connections, 60, script,
                    delay.ToString("F0", CultureInfo.InvariantCulture));
                var minute = new Minute(m, result, sampler.PeakMb, MemorySampler.CurrentMb(server.Process.Id), delay);
                minutes.Add(minute);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"soak minute {m,2}: {result.RequestsPerSecond,6:F0} req/s  p99 {result.P99Ms,7:F1} ms  errors {result.Errors + result.SocketErrors}  rss peak {minute.PeakMb} MB, end {minute.EndMb} MB  (pause {delay:F0} ms)"));
                if (result.Refused is not null) log.WriteLine($"        refused: {result.Refused}");
                if (result.RequestsPerSecond > 0)
                    delay = Math.Max(0, delay + Connections * 1000 * (1 / goal - 1 / result.RequestsPerSecond));
            }
            return new Outcome(max.RequestsPerSecond, goal, minutes, server.Variant.Name);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>The minutes compared for the trend: 5–10 against the last 5 for a 15-minute soak or longer, else the
    /// middle third against the last third.</summary>
    public static (List<Minute> Early, List<Minute> Late, string Label) TrendWindows(List<Minute> minutes)
    {
        var n = minutes.Count;
        if (n >= 15) return (minutes.Where(m => m.Index is >= 5 and <= 10).ToList(), minutes.TakeLast(5).ToList(), "minutes 5–10 against the last 5");
        var third = Math.Max(1, n / 3);
        return (minutes.Skip(third).Take(third).ToList(), minutes.TakeLast(third).ToList(), $"minutes {third + 1}–{2 * third} against the last {third} (a run shorter than 15 minutes)");
    }

    public static string Render(BenchOptions o, Outcome soak, Dictionary<string, long> counts, string[] loadAverage)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(Heading).AppendLine();
        var errors = soak.Minutes.Sum(m => m.Result.Errors + m.Result.SocketErrors);
        var (early, late, label) = TrendWindows(soak.Minutes);
        var (earlyRss, lateRss) = (ResultsReport.Median(early.Select(m => (double)m.PeakMb)), ResultsReport.Median(late.Select(m => (double)m.PeakMb)));
        var drift = (lateRss - earlyRss) / earlyRss;
        md.AppendLine(string.Create(inv, $"`bench/run.sh --soak {o.SoakMinutes}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit `{ResultsReport.Git("rev-parse --short HEAD")}`, PostgreSQL,"));
        md.AppendLine(string.Create(inv, $"{counts["TimeEntries"]:N0} time entries, load average before {string.Join(" ", loadAverage)}."));
        md.AppendLine(string.Create(inv, $"The mix, per wrk thread in a cycle of 40: 35 list requests (the {Scenarios.All(16).Count(s => s.Kind == Scenarios.List)} lists in turn), 4 starts or stops, 1 week's"));
        md.AppendLine(string.Create(inv, $"tracked-hours report; {Connections} connections. Full speed (15 s): {soak.MaxRps:F0} req/s; held at {Load * 100:F0}%, {soak.TargetRps:F0} req/s, by a"));
        md.AppendLine("pause per connection corrected each minute. One wrk run per minute; running trackers are closed between minutes.").AppendLine();
        md.AppendLine(string.Create(inv, $"- errors (non-2xx and socket errors): {errors} — {(errors == 0 ? "met" : "NOT met")}"));
        md.AppendLine(string.Create(inv, $"- RSS trend, median of each minute's peak, {label}: {earlyRss:F0} → {lateRss:F0} MB ({drift * 100:+0.0;-0.0}%) — {(Math.Abs(drift) <= 0.05 ? "within 5%: met" : "NOT within 5%")}"));
        md.AppendLine(string.Create(inv, $"- peak RSS over the soak: {soak.Minutes.Max(m => m.PeakMb)} MB")).AppendLine();
        md.AppendLine("| minute | req/s | p50 ms | p99 ms | errors | peak RSS MB | RSS at the end MB |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var m in soak.Minutes)
            md.AppendLine(string.Create(inv, $"| {m.Index} | {m.Result.RequestsPerSecond:F0} | {m.Result.P50Ms:F1} | {m.Result.P99Ms:F1} | {m.Result.Errors + m.Result.SocketErrors} | {m.PeakMb} | {m.EndMb} |"));
        return md.ToString();
    }
}
