namespace Tracker.Bench;

/// <summary>Command line: --server DLL [--postgres CS] [--database NAME] [--entries N] [--seconds S]
/// [--rounds R] [--warmup W] [--connections C] [--output FILE] [--reuse] [--keep]
/// [--pages N]. Everything listens on 127.0.0.1. --pages N runs only the page-timing pass (N timed requests per web app
/// page) and rewrites only the "Web pages" section of the output; without it the wrk scenarios run as before.</summary>
public sealed record BenchOptions(
    string ServerDll, string Postgres, string Database, int Entries, int Seconds, int Rounds, int Warmup, int Connections, string Output,
    bool Reuse, bool Keep, int Pages, string ServerUrl, string BaselineUrl)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name, string? fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var server = Value("--server", null) ?? throw new ArgumentException("--server path/to/Tracker.Api.dll is required");
        return new BenchOptions(
            Path.GetFullPath(server),
            Value("--postgres", Environment.GetEnvironmentVariable("TRACKER_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres")!,
            Value("--database", "tracker_bench")!,
            int.Parse(Value("--entries", "1000000")!),
            int.Parse(Value("--seconds", "5")!),
            int.Parse(Value("--rounds", "2")!),
            int.Parse(Value("--warmup", "10")!),
            int.Parse(Value("--connections", "16")!),
            Path.GetFullPath(Value("--output", "bench/RESULTS.md")!),
            args.Contains("--reuse"), args.Contains("--keep") || args.Contains("--reuse"),
            int.Parse(Value("--pages", "0")!),
            "http://127.0.0.1:5201", "http://127.0.0.1:5202");
    }
}
