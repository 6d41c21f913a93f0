using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Tracker.Bench;

/// <summary>
/// Renders the parts of bench/RESULTS.md a run owns: the opening part (environment, the PostgreSQL table with every
/// round's ratio, the targets), the SQLite section, or the runtime-settings A/B section.
/// </summary>
public static class ResultsReport
{
    public const string SqliteHeading = "## SQLite (the embedded default)", AbHeading = "## Runtime settings A/B";
    public const double ListTarget = 0.70, StartStopTarget = 0.60, ReportP99TargetMs = 300, RssTargetMb = 350, FirstRequestTargetMs = 1000;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Per round, the side's req/s over its baseline (a)'s in the same round.</summary>
    public static List<double> Ratios(RunSummary run, string target, Scenario scenario, string side) =>
        [.. run.Runs.Where(r => r.Target == target && r.Scenario == scenario && r.Side == side).OrderBy(r => r.Round)
            .Select(r => (r, a: run.Runs.FirstOrDefault(x => x.Target == target && x.Scenario == scenario && x.Side == "a" && x.Round == r.Round)))
            .Where(p => p.a is not null && p.a.Result.RequestsPerSecond > 0)
            .Select(p => p.r.Result.RequestsPerSecond / p.a!.Result.RequestsPerSecond)];

    private static List<RunRecord> Of(RunSummary run, string target, Scenario scenario, string side) =>
        [.. run.Runs.Where(r => r.Target == target && r.Scenario == scenario && r.Side == side)];

    private static string Pct(double ratio) => double.IsNaN(ratio) ? "—" : string.Create(Inv, $"{ratio * 100:F0}%");

    /// <summary>A latency, or what it means when no request of the run completed (wrk's timeout is 10 s).</summary>
    private static string Ms(double ms, string format = "F0") => double.IsNaN(ms) ? "none completed" : ms.ToString(format, Inv);

    private static double TargetOf(Scenario s) => s.Kind switch { Scenarios.List => ListTarget, Scenarios.Write => StartStopTarget, _ => double.NaN };

    public static string RenderMain(RunSummary run, string target)
    {
        var o = run.Options;
        var md = new StringBuilder();
        md.AppendLine("# Benchmark results").AppendLine();
        md.AppendLine("Produced by `bench/run.sh` (see docs/production.md); every figure in this part comes from one run on one machine.");
        md.AppendLine("Other work may share the machine (see the load average before the run): absolute figures are then noisy; the");
        md.AppendLine("ratios compare runs of the same round, interleaved, and are what the targets are judged on.").AppendLine();
        Environment(md, run);
        md.AppendLine();
        Table(md, run, target);
        md.AppendLine();
        md.AppendLine("Targets of issue 20 (same run; ratios are the median over rounds):").AppendLine();
        Targets(md, run, target);
        md.AppendLine();
        md.AppendLine("Baselines, served by a bare minimal-API app inside the benchmark process on the same database, on the API's own");
        md.AppendLine("paths. (a) is each scenario done by hand with plain ADO.NET (raw Npgsql here, Microsoft.Data.Sqlite in the SQLite");
        md.AppendLine("section): the PAT and the caller's membership and role in one query, the endpoint's own checks (the project of a");
        md.AppendLine("task list, the member of a day's entries), the count and the page, the same JSON — checked equal to the server's");
        md.AppendLine("answer before the load (apart from `meta.timestamp`, and for start/stop the instants). The month report's (a)");
        md.AppendLine("reads the range's entries and cuts them at each member's local midnights in memory. Start/stop's (a) does the");
        md.AppendLine("start and stop in as few round trips as a careful author would (PAT and membership in one query; member, contract");
        md.AppendLine("and the week's timesheets in one; the entry and its webhook event in one transaction; the week's timesheet");
        md.AppendLine("created when missing). (b), for the members list and start/stop only, is the bare query or write: no auth, no");
        md.AppendLine("envelope — the floor of the stack. Baselines and server use the same connection settings, including the server's");
        md.AppendLine("Npgsql defaults (Max Auto Prepare=64, No Reset On Close=true). The server runs with the rate limit raised (the");
        md.AppendLine("limiter still counts every request).");
        return md.ToString();
    }

    public static string RenderSqlite(RunSummary run)
    {
        var md = new StringBuilder();
        md.AppendLine(SqliteHeading).AppendLine();
        var server = run.Targets.First(t => t.Name == "SQLite");
        md.AppendLine(string.Create(Inv, $"The same scenarios, rounds and data on the server's default database, SQLite (WAL, a file in /tmp), against"));
        md.AppendLine("baselines (a) written with Microsoft.Data.Sqlite on the same file, from the run dated above");
        md.AppendLine(string.Create(Inv, $"({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit `{Git("rev-parse --short HEAD")}`); the seed was copied from PostgreSQL row by row"));
        md.AppendLine(string.Create(Inv, $"{(run.SqliteCopyTime > TimeSpan.Zero ? $"in {run.SqliteCopyTime.TotalSeconds:F0} s" : "(reused)")}. Baselines (a) answer the server's JSON: {SameJsonLine(run, "SQLite")}.")).AppendLine();
        Table(md, run, "SQLite");
        md.AppendLine();
        md.AppendLine("Targets on SQLite (same run):").AppendLine();
        Targets(md, run, "SQLite");
        return md.ToString();
    }

    public static string RenderAb(RunSummary run)
    {
        var md = new StringBuilder();
        md.AppendLine(AbHeading).AppendLine();
        md.AppendLine(string.Create(Inv, $"`bench/run.sh --variants …` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit `{Git("rev-parse --short HEAD")}`, PostgreSQL, load average before"));
        md.AppendLine(string.Create(Inv, $"{string.Join(" ", run.LoadAverage)} (shared machine): one server process per variant, all started at once; every scenario runs"));
        md.AppendLine(string.Create(Inv, $"against (a) and then each variant in turn, {run.Options.Rounds} interleaved rounds of {run.Options.Seconds} s after a {run.Options.Warmup} s warm-up pass."));
        md.AppendLine("Ratios are the median over rounds of variant ÷ (a) in the same round; the list column is the median of the lists'");
        md.AppendLine("ratios. Peak RSS is each process's highest resident memory over the whole run.").AppendLine();
        md.AppendLine("| variant | settings | lists vs (a) | start/stop vs (a) | month report p99 ms | peak RSS | first request ms |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        var target = run.Targets[0];
        foreach (var server in target.Servers)
        {
            var lists = run.Scenarios.Where(s => s.Kind == Scenarios.List).Select(s => Median(Ratios(run, target.Name, s, server.Variant.Name))).Where(r => !double.IsNaN(r));
            var write = run.Scenarios.FirstOrDefault(s => s.Kind == Scenarios.Write);
            var report = run.Scenarios.FirstOrDefault(s => s.Kind == Scenarios.Report);
            var p99 = report is null ? double.NaN : Median(Of(run, target.Name, report, server.Variant.Name).Select(r => r.Result.P99Ms));
            var settings = server.Variant.Environment.Count == 0 ? "the csproj's defaults" : string.Join(", ", server.Variant.Environment.Select(e => $"`{e.Key}={e.Value}`"));
            md.AppendLine(string.Create(Inv, $"| {server.Variant.Name} | {settings} | {Pct(Median(lists))} | {(write is null ? "—" : Pct(Median(Ratios(run, target.Name, write, server.Variant.Name))))} | {Ms(p99)} | {server.Process.PeakMbSinceStart} MB | {server.FirstRequestMs:F0} |"));
        }
        md.AppendLine().AppendLine("Per scenario (median ratio to (a) per variant):").AppendLine();
        md.AppendLine($"| scenario | {string.Join(" | ", target.Servers.Select(s => s.Variant.Name))} |");
        md.AppendLine($"|---|{string.Concat(target.Servers.Select(_ => "---|"))}");
        foreach (var s in run.Scenarios)
            md.AppendLine($"| {s.Name} | {string.Join(" | ", target.Servers.Select(v => Pct(Median(Ratios(run, target.Name, s, v.Variant.Name)))))} |");
        return md.ToString();
    }

    private static void Environment(StringBuilder md, RunSummary run)
    {
        var o = run.Options;
        var c = run.Counts;
        md.AppendLine("| | |").AppendLine("|---|---|");
        md.AppendLine($"| date (UTC) | {DateTime.UtcNow:yyyy-MM-dd HH:mm} |");
        md.AppendLine($"| commit | `{Git("rev-parse HEAD")}`{(Git("status --porcelain --untracked-files=no").Length > 0 ? " + uncommitted changes" : "")} |");
        md.AppendLine($"| CPU | {CpuModel()} × {System.Environment.ProcessorCount} |");
        md.AppendLine(string.Create(Inv, $"| memory | {MemTotalGb():F0} GB |"));
        md.AppendLine($"| OS | {OsName()} |");
        md.AppendLine($"| runtime | {RuntimeInformation.FrameworkDescription}, server in Release, Production settings, the csproj's runtime settings (no variant) |");
        md.AppendLine($"| PostgreSQL | {run.Postgres} on loopback, default settings |");
        md.AppendLine($"| load average before the run | {string.Join(" ", run.LoadAverage)} (ratios come from the same run) |");
        md.AppendLine($"| load | wrk on 127.0.0.1, {o.Seconds} s per run after a 2 s warm-up (the month report: {Scenarios.ReportReaders} connections, 10 s), {o.Rounds} interleaved rounds after a {o.Warmup} s warm-up pass over every scenario and side; req/s, p50 and p99 are the median over rounds |");
        md.AppendLine($"| data | 1 workspace, {c["Members"]:N0} members, {c["Projects"]:N0} projects, {c["Tasks"]:N0} tasks, {c["Contracts"]:N0} project assignments, {c["TimeEntries"]:N0} time entries, {c["TimeRequests"]:N0} time requests, {c["LeaveRequests"]:N0} leave requests, {c["Expenses"]:N0} expenses |");
        md.AppendLine(string.Create(Inv, $"| seeding | {(run.Seeded ? $"{run.SeedTime.TotalSeconds:F0} s (binary COPY, indexes in place, then ANALYZE)" : "reused an already seeded database")} |"));
        md.AppendLine($"| baselines (a) answer the server's JSON | {SameJsonLine(run, "PostgreSQL")} |");
    }

    private static string SameJsonLine(RunSummary run, string target)
    {
        var checks = run.SameJson.Where(p => p.Key.Item1 == target).ToList();
        var differ = checks.Where(p => !p.Value).Select(p => p.Key.Item2).ToList();
        return differ.Count == 0 ? $"yes, all {checks.Count}" : $"NO for {string.Join(", ", differ)} — those ratios are not comparable";
    }

    private static void Table(StringBuilder md, RunSummary run, string target)
    {
        md.AppendLine("| scenario | conn. | (a) req/s | server req/s | server p50 ms | server p99 ms | non-2xx server / (a) | server ÷ (a) by round | median | target |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in run.Scenarios)
        {
            var a = Of(run, target, s, "a");
            var server = Of(run, target, s, run.Targets.First(t => t.Name == target).Servers[0].Variant.Name);
            if (server.Count == 0) continue;
            var ratios = Ratios(run, target, s, server[0].Side);
            var median = Median(ratios);
            var goal = TargetOf(s);
            var verdict = double.IsNaN(goal) ? "p99 below" : median >= goal ? $"≥ {goal * 100:F0}%: met" : $"≥ {goal * 100:F0}%: NOT met";
            md.AppendLine(string.Create(Inv,
                $"| {s.Name} | {s.Connections} | {Median(a.Select(r => r.Result.RequestsPerSecond)):F0} | {Median(server.Select(r => r.Result.RequestsPerSecond)):F0} | {Ms(Median(server.Select(r => r.Result.P50Ms)), "F2")} | {Ms(Median(server.Select(r => r.Result.P99Ms)), "F2")} | {server.Sum(r => r.Result.Errors + r.Result.SocketErrors)} / {a.Sum(r => r.Result.Errors + r.Result.SocketErrors)} | {string.Join(", ", ratios.Select(r => Pct(r)))} | {Pct(median)} | {(s.Kind == Scenarios.Report ? $"p99 < {ReportP99TargetMs:F0} ms" : verdict)} |"));
            var b = Of(run, target, s, "b");
            if (b.Count > 0)
                md.AppendLine(string.Create(Inv,
                    $"| … its floor (b): bare query/write, no auth, no envelope | {s.Connections} | | {Median(b.Select(r => r.Result.RequestsPerSecond)):F0} | {Median(b.Select(r => r.Result.P50Ms)):F2} | {Median(b.Select(r => r.Result.P99Ms)):F2} | {b.Sum(r => r.Result.Errors + r.Result.SocketErrors)} | {string.Join(", ", Ratios(run, target, s, "b").Select(r => Pct(r)))} | {Pct(Median(Ratios(run, target, s, "b")))} | (server ÷ (b): {Pct(Median(server.Select(r => r.Result.RequestsPerSecond)) / Median(b.Select(r => r.Result.RequestsPerSecond)))}) |"));
        }
    }

    private static void Targets(StringBuilder md, RunSummary run, string target)
    {
        var t = run.Targets.First(x => x.Name == target);
        var side = t.Servers[0].Variant.Name;
        var lists = run.Scenarios.Where(s => s.Kind == Scenarios.List).Select(s => (s, r: Median(Ratios(run, target, s, side)))).Where(x => !double.IsNaN(x.r)).ToList();
        var missed = lists.Where(x => x.r < ListTarget).ToList();
        if (lists.Count > 0)
            md.AppendLine($"- every list ≥ {ListTarget * 100:F0}% of its (a): {lists.Count - missed.Count} of {lists.Count} met{(missed.Count == 0 ? "" : $"; NOT met: {string.Join(", ", missed.Select(x => $"{x.s.Name} {Pct(x.r)}"))}")}");
        if (run.Scenarios.FirstOrDefault(s => s.Kind == Scenarios.Write) is { } write)
        {
            var r = Median(Ratios(run, target, write, side));
            md.AppendLine($"- start/stop ≥ {StartStopTarget * 100:F0}% of its (a): {Pct(r)} — {(r >= StartStopTarget ? "met" : "NOT met")}");
            if (target == "PostgreSQL" && run.CommitCeiling > 0)
                md.AppendLine(string.Create(Inv, $"  (for scale: the database alone commits {run.CommitCeiling:F0} one-row transactions/s with {Scenarios.StartStopConnections} connections on this machine; each start or stop is one commit)"));
        }
        if (run.Scenarios.FirstOrDefault(s => s.Kind == Scenarios.Report) is { } report)
        {
            var p99s = Of(run, target, report, side).Select(r => r.Result.P99Ms).ToList();
            var single = run.ReportLatencies.GetValueOrDefault(target) ?? [];
            var p99 = Median(p99s);
            md.AppendLine(string.Create(Inv, $"- month report for 500 members, {Scenarios.ReportReaders} concurrent readers, p99 < {ReportP99TargetMs:F0} ms: p99 {Ms(p99)} ms (rounds: {string.Join(", ", p99s.Select(x => Ms(x)))}) — {(p99 < ReportP99TargetMs ? "met" : "NOT met")}; one reader alone: {string.Join(", ", single.Select(x => x.ToString("F0", Inv)))} ms"));
        }
        var peak = t.Servers.Max(s => s.Process.PeakMbSinceStart);
        md.AppendLine($"- one process < {RssTargetMb:F0} MB peak RSS under the whole bench: {peak} MB — {(peak < RssTargetMb ? "met" : "NOT met")}");
        var first = t.Servers[0].FirstRequestMs;
        md.AppendLine(string.Create(Inv, $"- first request after start (the members list, right after /health answers) < 1 s: {first:F0} ms — {(first < FirstRequestTargetMs ? "met" : "NOT met")}"));
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
