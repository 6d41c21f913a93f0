namespace Tracker.Bench;

/// <summary>One server configuration of a run: a name and the runtime settings it adds (empty: the defaults).</summary>
public sealed record Variant(string Name, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>"name:KEY=V,KEY=V;name2:…" (e.g. pgo-off:DOTNET_TieredPGO=0); none given: one variant, the defaults.</summary>
    public static List<Variant> Parse(string? spec) => string.IsNullOrWhiteSpace(spec)
        ? [new("default", new Dictionary<string, string>())]
        : [.. spec.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(v =>
        {
            var (name, settings) = (v.Split(':', 2)[0], v.Split(':', 2).ElementAtOrDefault(1) ?? "");
            return new Variant(name, settings.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(s => s.Split('=', 2)[0], s => s.Split('=', 2)[1]));
        })];
}

/// <summary>Command line: --server DLL [--postgres CS] [--database NAME] [--entries N] [--seconds S]
/// [--rounds R] [--warmup W] [--connections C] [--output FILE] [--reuse] [--keep] [--port P]
/// [--provider postgres|sqlite|both] [--variants SPEC] [--only TEXT] [--soak MINUTES] [--pages N].
/// Everything listens on 127.0.0.1 from port P on. --pages N runs only the page-timing pass (N timed requests per web
/// app page) and rewrites only the "Web pages" section of the output; --soak M runs only the soak (its own section);
/// --variants runs every scenario against one server per variant and writes the "Runtime settings A/B" section;
/// otherwise the scenarios run on each provider asked for, and each provider's part of the output is rewritten.</summary>
public sealed record BenchOptions(
    string ServerDll, string Postgres, string Database, int Entries, int Seconds, int Rounds, int Warmup, int Connections, string Output,
    bool Reuse, bool Keep, int Pages, int Port, Provider[] Providers, List<Variant> Variants, string? Only, int SoakMinutes)
{
    public string ServerUrl => $"http://127.0.0.1:{Port}";
    public string BaselineUrl => $"http://127.0.0.1:{Port + 1}";
    public string SqliteFile => Path.Combine(Path.GetTempPath(), $"{Database}.sqlite.db");
    public bool IsAb => Variants.Count > 1;

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name, string? fallback)
        {
            var i = Array.LastIndexOf(args, name); // the last one wins: run.sh's --output before a caller's own
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var server = Value("--server", null) ?? throw new ArgumentException("--server path/to/Tracker.Api.dll is required");
        var provider = Value("--provider", "both")!;
        return new BenchOptions(
            Path.GetFullPath(server),
            Value("--postgres", Environment.GetEnvironmentVariable("TRACKER_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres")!,
            Value("--database", "tracker_bench")!,
            int.Parse(Value("--entries", "1000000")!),
            int.Parse(Value("--seconds", "5")!),
            int.Parse(Value("--rounds", "3")!),
            int.Parse(Value("--warmup", "10")!),
            int.Parse(Value("--connections", "16")!),
            Path.GetFullPath(Value("--output", "bench/RESULTS.md")!),
            args.Contains("--reuse"), args.Contains("--keep") || args.Contains("--reuse"),
            int.Parse(Value("--pages", "0")!),
            int.Parse(Value("--port", "5201")!),
            provider switch
            {
                "postgres" => [Provider.Postgres],
                "sqlite" => [Provider.Sqlite],
                "both" => [Provider.Postgres, Provider.Sqlite],
                _ => throw new ArgumentException("--provider is postgres, sqlite or both"),
            },
            Variant.Parse(Value("--variants", null)),
            Value("--only", null),
            int.Parse(Value("--soak", "0")!));
    }
}
