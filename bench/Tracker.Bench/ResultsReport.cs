using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Tracker.Bench;

/// <summary>Renders bench/RESULTS.md: machine, commit, data set, then one row per run with ratios to the baselines.</summary>
public static class ResultsReport
{
    public static string Render(BenchOptions o, List<(Scenario Scenario, LoadResult? Result, long PeakRssMb)> results,
        List<Dictionary<Scenario, LoadResult>> rounds,
        Dictionary<string, long> counts, TimeSpan seedTime, bool seeded, bool sameJson, List<double> reportLatencies, string[] loadAverage, string postgres,
        double commitCeiling)
    {
        Scenario? BaselineOf(Scenario run, string which) =>
            results.FirstOrDefault(r => r.Scenario.Baseline == which && r.Scenario.Family == run.Family).Scenario;
        var membersA = results.FirstOrDefault(r => r.Scenario.Baseline == "a" && r.Scenario.Family == Scenarios.Reads).Scenario;
        // Median over rounds of (run / baseline in the same round).
        double? RatioOf(Scenario run, Scenario? baseline)
        {
            var ratios = rounds.Where(r => baseline is not null && r.ContainsKey(run) && r.ContainsKey(baseline) && r[baseline].RequestsPerSecond > 0)
                .Select(r => r[run].RequestsPerSecond / r[baseline!].RequestsPerSecond).Order().ToList();
            return ratios.Count == 0 ? null : ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
        }
        string Ratio(Scenario run, Scenario? baseline) =>
            RatioOf(run, baseline) is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:F0}%") : "—";
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Benchmark results").AppendLine();
        md.AppendLine("Produced by `bench/run.sh` (see docs/production.md); every figure below comes from one run on one machine.").AppendLine();
        md.AppendLine("| | |").AppendLine("|---|---|");
        md.AppendLine($"| date (UTC) | {DateTime.UtcNow:yyyy-MM-dd HH:mm} |");
        md.AppendLine($"| commit | `{Git("rev-parse HEAD")}`{(Git("status --porcelain --untracked-files=no").Length > 0 ? " + uncommitted changes" : "")} |");
        md.AppendLine($"| CPU | {CpuModel()} × {Environment.ProcessorCount} |");
        md.AppendLine($"| memory | {MemTotalGb():F0} GB |");
        md.AppendLine($"| OS | {OsName()} |");
        md.AppendLine($"| runtime | {RuntimeInformation.FrameworkDescription}, server in Release, Production settings |");
        md.AppendLine($"| PostgreSQL | {postgres} on loopback, default settings |");
        md.AppendLine($"| load average before the run | {string.Join(" ", loadAverage)} (the machine is shared; ratios come from the same run) |");
        md.AppendLine($"| load | wrk, {o.Seconds} s per run (the month report: 20 s, one connection) after a 2 s warm-up, {o.Rounds} interleaved rounds after a {o.Warmup} s warm-up pass over every scenario, 127.0.0.1 only; req/s and latencies of each run's best round, ratios = median over rounds of run ÷ baseline in the same round |");
        md.AppendLine($"| data | 1 workspace, {counts["Members"]:N0} members, {counts["Projects"]:N0} projects, {counts["Tasks"]:N0} tasks, {counts["Contracts"]:N0} project assignments, {counts["TimeEntries"]:N0} time entries |");
        md.AppendLine($"| seeding | {(seeded ? $"{seedTime.TotalSeconds:F0} s (binary COPY, indexes in place, then ANALYZE)" : "reused an already seeded database")} |");
        md.AppendLine($"| baselines (a) answer the server's JSON (members list; start and stop apart from their instants) | {(sameJson ? "yes" : "NO — ratios are not comparable")} |");
        md.AppendLine();
        md.AppendLine("| run | conn. | req/s | p50 ms | p99 ms | non-2xx | peak server RSS | vs (a) | vs (b) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (scenario, result, rss) in results)
        {
            if (result is null)
            {
                md.AppendLine($"| {scenario.Name} | | skipped | | | | | | |");
                continue;
            }
            var isBaseline = scenario.Baseline is not null;
            if (result.Requests == 0)
            {
                md.AppendLine($"| {scenario.Name} | {scenario.Connections} | 0 | no request completed in the run | | | {rss} MB | | |");
                continue;
            }
            md.AppendLine(string.Create(inv, $"| {scenario.Name} | {scenario.Connections} | {(result.RequestsPerSecond < 10 ? result.RequestsPerSecond.ToString("F2", inv) : result.RequestsPerSecond.ToString("F0", inv))} | {result.P50Ms:F2} | {result.P99Ms:F2} | {result.Errors} | {(isBaseline ? "—" : $"{rss} MB")} | {Ratio(scenario, BaselineOf(scenario, "a"))} | {Ratio(scenario, BaselineOf(scenario, "b"))} |"));
        }
        md.AppendLine();
        md.AppendLine("Targets of issue 8 (same run):").AppendLine();
        Scenario? Named(string name) => results.FirstOrDefault(r => r.Scenario.Name == name && r.Result is not null).Scenario;
        string Share(string what, string name, double target)
        {
            var run = Named(name);
            var ratio = run is null ? null : RatioOf(run, BaselineOf(run, "a"));
            return ratio is null ? $"- {what}: not measured (endpoint skipped)"
                : string.Create(inv, $"- {what}: {ratio * 100:F0}% — {(ratio >= target ? "met" : "NOT met")}");
        }
        md.AppendLine(Share("authenticated tenant-scoped GET list (members) ≥ 50% of (a)", "GET members list", 0.5));
        md.AppendLine(Share("start/stop ≥ 40% of its (a)", Scenarios.StartStop, 0.4));
        if (Named(Scenarios.StartStop) is { } startStop && RatioOf(startStop, membersA) is { } againstReads)
            md.AppendLine(string.Create(inv, $"  (against the members list's (a), as RESULTS.md before 2026-11-29 10:00 compared it: {againstReads * 100:F0}%)"));
        if (results.FirstOrDefault(r => r.Scenario.Name == Scenarios.StartStop).Result is { } ss)
            md.AppendLine(string.Create(inv, $"  (for scale: the database alone commits {commitCeiling:F0} one-row transactions/s with {Scenarios.StartStopConnections} connections on this machine; each start or stop is one commit, and the best start/stop round made {ss.RequestsPerSecond:F0}/s, {ss.RequestsPerSecond / commitCeiling * 100:F0}% of that ceiling)"));
        var report = results.FirstOrDefault(r => r.Scenario.Name == Scenarios.MonthReport).Result;
        md.AppendLine(report is null || reportLatencies.Count == 0 ? "- month report for 500 members under 1 s: not measured (endpoint skipped)"
            : string.Create(inv, $"- month report for 500 members under 1 s: single requests {string.Join(", ", reportLatencies.Select(ms => $"{ms:F0}"))} ms (slowest {reportLatencies.Max():F0} ms); under load (1 connection) {(report.Requests == 0 ? "no request completed in the run" : $"p50 {report.P50Ms:F0} ms, p99 {report.P99Ms:F0} ms")} — {(reportLatencies.Max() < 1000 && report.Requests > 0 && report.P99Ms < 1000 ? "met" : "NOT met")}"));
        var peakRss = results.Where(r => r.Scenario.Baseline is null && r.Result is not null).Select(r => r.PeakRssMb).DefaultIfEmpty().Max();
        md.AppendLine($"- one server process under 300 MB during load: peak {peakRss} MB — {(peakRss < 300 ? "met" : "NOT met")}");
        md.AppendLine();
        md.AppendLine("Baselines, served by a bare minimal-API app inside the benchmark process on the same database. For the reads:");
        md.AppendLine("(a) the members list done by hand with raw Npgsql — PAT lookup, membership check, count and page query — answering");
        md.AppendLine("the same JSON as `GET /api/v2/members`; (b) the same page query with no auth and no envelope. The other lists are");
        md.AppendLine("compared with these two as well. For start/stop, a write measured against writes: (a) the same start and stop done");
        md.AppendLine("by hand with raw Npgsql in as few round trips as a careful author would use (PAT and membership in one query; member,");
        md.AppendLine("contract and the week's timesheets in one; the entry and its webhook event in one transaction; the week's timesheet");
        md.AppendLine("created when missing), answering the same JSON; (b) the bare INSERT / UPDATE of the entry. Every ratio is req/s of");
        md.AppendLine("the run over req/s of its baseline in the same round. Baselines and server use the same connection settings,");
        md.AppendLine("including the server's Npgsql defaults (Max Auto Prepare=64, No Reset On Close=true), so a ratio is the server's own");
        md.AppendLine("cost. The server runs with the rate limit raised (the limiter still counts every request).");
        var skipped = results.Where(r => r.Result is null).ToList();
        if (skipped.Count > 0)
        {
            md.AppendLine().AppendLine("Skipped in this run:");
            foreach (var (scenario, _, _) in skipped) md.AppendLine($"- {scenario.Name}: {scenario.SkipReason}.");
        }
        return md.ToString();
    }

    internal static string Git(string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("git", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception) { return "unknown"; }
    }

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

    private static double MemTotalGb() =>
        long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;

    private static string OsName() =>
        File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? RuntimeInformation.OSDescription;
}
