using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Tracker.Bench;

// Seeds a realistic workspace on PostgreSQL, starts the published server, drives bounded loopback load with wrk
// against the server and two baselines in the same run, and writes bench/RESULTS.md. See bench/run.sh.
var options = BenchOptions.Parse(args);
var log = Console.Out;
var admin = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = "postgres" }.ConnectionString;
// Max Auto Prepare and No Reset On Close are the server's own defaults (DatabaseSetup.WithPostgresDefaults). They are
// set here for both sides, so the baselines' raw Npgsql gets the same prepared statements and the ratios measure the
// server's own cost, not a connection setting.
var connectionString = new NpgsqlConnectionStringBuilder(options.Postgres)
{
    Database = options.Database, MaxPoolSize = 64, CommandTimeout = 600, MaxAutoPrepare = 64, NoResetOnClose = true,
}.ConnectionString;
var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[..3];

var fresh = !options.Reuse || !await DatabaseExistsAsync(admin, options.Database);
if (fresh) await RecreateDatabaseAsync(admin, options.Database);
var keys = Directory.CreateTempSubdirectory("tracker-bench-keys");
using var server = ServerProcess.Start(options.ServerDll, options.ServerUrl, connectionString, keys.FullName);
await using var db = NpgsqlDataSource.Create(connectionString);
WebApplication? baselines = null;
try
{
    await server.WaitHealthyAsync(TimeSpan.FromSeconds(90));
    var seedTime = TimeSpan.Zero;
    if (fresh)
    {
        log.WriteLine($"seeding {options.Entries:N0} time entries into {options.Database} (binary COPY)…");
        seedTime = await new Seeder(db).SeedAsync(options.Entries, log);
    }
    var counts = await CountsAsync(db);
    if (options.Pages > 0)
    {
        await Seeder.SetOwnerPasswordAsync(db); // a database seeded before the owner had a password
        var lastDay = DateOnly.FromDateTime((DateTime)(await db.CreateCommand("""SELECT max("StartedAt") FROM "TimeEntries" """).ExecuteScalarAsync())!);
        var timings = await PageTimings.MeasureAsync(options.ServerUrl, Seeder.OwnerEmail, Seeder.OwnerPassword, options.Pages, lastDay, log);
        var existing = File.Exists(options.Output) ? await File.ReadAllTextAsync(options.Output) : "# Benchmark results\n";
        await File.WriteAllTextAsync(options.Output, PageTimings.Splice(existing, PageTimings.Render(timings, options.Pages, counts)));
        log.WriteLine($"wrote the Web pages section of {options.Output}");
        return;
    }
    var token = await CreateTokenAsync(db);
    baselines = await Baselines.StartAsync(options.BaselineUrl, db);

    using var http = new HttpClient();
    http.DefaultRequestHeaders.Authorization = new("Bearer", token);
    const string membersQuery = "?workspace_id=1&page=1&per_page=50";
    var openApi = await http.GetStringAsync(options.ServerUrl + "/openapi/v2.json");
    bool Exists(string path) => openApi.Contains($"\"{path}\"", StringComparison.Ordinal);
    var sameJson = await SameJsonAsync(http, options.ServerUrl + "/api/v2/members" + membersQuery, options.BaselineUrl + "/baseline/members" + membersQuery)
        & (!Exists("/api/v2/time-tracking/start") || await SameStartStopJsonAsync(http, options.ServerUrl, options.BaselineUrl, db));

    var scenarios = Scenarios.All(options, token, Exists);
    var reportUrl = scenarios.Single(s => s.Name == Scenarios.MonthReport).Url;
    var reportLatencies = Exists("/api/v2/reports/tracked-hours") ? await SingleRequestLatenciesAsync(http, reportUrl, 5) : [];
    if (reportLatencies.Count > 0) log.WriteLine($"month report, single requests: {string.Join(", ", reportLatencies.Select(ms => $"{ms:F0} ms"))}");
    // A fresh server runs its first seconds of load on unoptimised code while the JIT tiers it up: CPU per members-list
    // request fell from ~8,500 µs to ~900 µs over its first ten seconds of load (the lean baselines warm faster). One
    // pass over every scenario first, so the rounds compare steady states, as a long-running process serves.
    if (options.Warmup > 0)
    {
        log.WriteLine($"warm-up pass: {options.Warmup} s per scenario");
        foreach (var scenario in scenarios.Where(s => s.SkipReason is null))
        {
            if (scenario.Script is not null) await Scenarios.StopTrackersAsync(db);
            await Wrk.RunAsync(scenario.Url, token, scenario.Threads, scenario.Connections, options.Warmup, scenario.Script);
        }
    }
    // Rounds interleave the baselines with the server's runs. A ratio compares runs of the same round and the
    // median over rounds is reported, so a burst of load from elsewhere on a shared machine does not decide it.
    var best = new Dictionary<Scenario, (LoadResult Result, long PeakRssMb)>();
    var rounds = new List<Dictionary<Scenario, LoadResult>>();
    for (var round = 1; round <= options.Rounds; round++)
    {
        rounds.Add([]);
        foreach (var scenario in scenarios.Where(s => s.SkipReason is null))
        {
            if (scenario.Script is not null) await Scenarios.StopTrackersAsync(db);
            await Wrk.RunAsync(scenario.Url, token, scenario.Threads, scenario.Connections, 2, scenario.Script); // warm-up
            if (scenario.Script is not null) await Scenarios.StopTrackersAsync(db);
            using var sampler = server.SampleMemory();
            var result = await Wrk.RunAsync(scenario.Url, token, scenario.Threads, scenario.Connections, Math.Max(options.Seconds, scenario.Seconds ?? 0), scenario.Script);
            log.WriteLine($"round {round} {scenario.Name,-44} {result.RequestsPerSecond,7:F0} req/s  p50 {result.P50Ms,7:F2} ms  p99 {result.P99Ms,7:F2} ms  non-2xx {result.Errors}  rss {sampler.PeakMb} MB");
            if (result.Refused is not null) log.WriteLine($"        refused: {result.Refused}");
            var peak = Math.Max(sampler.PeakMb, best.TryGetValue(scenario, out var previous) ? previous.PeakRssMb : 0);
            best[scenario] = previous.Result is null || result.RequestsPerSecond > previous.Result.RequestsPerSecond ? (result, peak) : (previous.Result, peak);
            rounds[^1][scenario] = result;
        }
    }
    foreach (var scenario in scenarios.Where(s => s.SkipReason is not null)) log.WriteLine($"skip  {scenario.Name}: {scenario.SkipReason}");
    var results = scenarios.Select(s => (s, best.TryGetValue(s, out var b) ? b.Result : null, best.TryGetValue(s, out var m) ? m.PeakRssMb : 0L)).ToList();

    foreach (var script in scenarios.Select(s => s.Script).OfType<string>()) File.Delete(script);

    var commitCeiling = await CommitCeiling.MeasureAsync(db, Scenarios.StartStopConnections, TimeSpan.FromSeconds(options.Seconds));
    log.WriteLine($"database commit ceiling: {commitCeiling:F0} commits/s");
    var report = ResultsReport.Render(options, results, rounds, counts, seedTime, fresh, sameJson, reportLatencies, loadAverage,
        await PostgresVersionAsync(db), commitCeiling);
    await File.WriteAllTextAsync(options.Output, report);
    log.WriteLine($"wrote {options.Output}");
}
finally
{
    if (baselines is not null) await baselines.StopAsync();
    server.Stop();
    keys.Delete(recursive: true);
    if (!options.Keep) await DropDatabaseAsync(admin, options.Database);
}

// One request at a time, nothing else running: the latency a user of the report sees. One untimed warm-up first.
static async Task<List<double>> SingleRequestLatenciesAsync(HttpClient http, string url, int count)
{
    (await http.GetAsync(url)).EnsureSuccessStatusCode();
    var latencies = new List<double>();
    for (var i = 0; i < count; i++)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        latencies.Add(clock.Elapsed.TotalMilliseconds);
    }
    return latencies;
}

static async Task<bool> DatabaseExistsAsync(string admin, string name)
{
    await using var conn = new NpgsqlConnection(admin);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn) { Parameters = { new() { Value = name } } };
    return await cmd.ExecuteScalarAsync() is not null;
}

static async Task RecreateDatabaseAsync(string admin, string name)
{
    await DropDatabaseAsync(admin, name);
    await using var conn = new NpgsqlConnection(admin);
    await conn.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn).ExecuteNonQueryAsync();
}

static async Task DropDatabaseAsync(string admin, string name)
{
    NpgsqlConnection.ClearAllPools();
    await using var conn = new NpgsqlConnection(admin);
    await conn.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn).ExecuteNonQueryAsync();
}

static async Task<string> CreateTokenAsync(NpgsqlDataSource db)
{
    var token = "trk_pat_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    await using var cmd = db.CreateCommand("""
        INSERT INTO "PersonalAccessTokens" ("UserId","Name","TokenHash","Prefix","CreatedAt","ExpiresAt","LastUsedAt")
        VALUES ($1, 'bench', $2, $3, now(), now() + interval '1 day', now())
        """);
    cmd.Parameters.Add(new() { Value = Seeder.OwnerId });
    cmd.Parameters.Add(new() { Value = hash });
    cmd.Parameters.Add(new() { Value = token[..14] });
    await cmd.ExecuteNonQueryAsync();
    return token;
}

static async Task<Dictionary<string, long>> CountsAsync(NpgsqlDataSource db)
{
    var counts = new Dictionary<string, long>();
    foreach (var table in new[] { "Members", "Projects", "Tasks", "Contracts", "TimeEntries" })
        counts[table] = (long)(await db.CreateCommand($"SELECT count(*) FROM \"{table}\"").ExecuteScalarAsync())!;
    return counts;
}

static async Task<string> PostgresVersionAsync(NpgsqlDataSource db) =>
    (string)(await db.CreateCommand("SHOW server_version").ExecuteScalarAsync())!;

// Same body apart from meta.timestamp: baseline (a) does the server's work, not less.
static async Task<bool> SameJsonAsync(HttpClient http, string serverUrl, string baselineUrl) =>
    SameBody(await http.GetStringAsync(serverUrl), await http.GetStringAsync(baselineUrl));

// A start then a stop of the first member on each side; bodies equal apart from the instants in them.
static async Task<bool> SameStartStopJsonAsync(HttpClient http, string serverUrl, string baselineUrl, NpgsqlDataSource db)
{
    var start = $$"""{"workspace_id":1,"user_id":{{Seeder.UserIdOf(0)}},"contract_id":{{Seeder.ContractIdOf(0, 0)}}}""";
    var stop = $$"""{"workspace_id":1,"user_id":{{Seeder.UserIdOf(0)}}}""";
    async Task<string> PostAsync(string url, string body)
    {
        using var response = await http.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }
    await Scenarios.StopTrackersAsync(db);
    var (serverStart, serverStop) = (await PostAsync(serverUrl + "/api/v2/time-tracking/start", start), await PostAsync(serverUrl + "/api/v2/time-tracking/stop", stop));
    var (baselineStart, baselineStop) = (await PostAsync(baselineUrl + "/baseline/time-tracking/start", start), await PostAsync(baselineUrl + "/baseline/time-tracking/stop", stop));
    return SameBody(serverStart, baselineStart, "start_time") & SameBody(serverStop, baselineStop, "stopped_at");
}

static bool SameBody(string server, string baseline, string? instant = null)
{
    var a = JsonNode.Parse(server)!;
    var b = JsonNode.Parse(baseline)!;
    foreach (var body in new[] { a, b })
    {
        body["meta"]?.AsObject().Remove("timestamp");
        if (instant is not null) body["data"]?.AsObject().Remove(instant);
    }
    var same = JsonNode.DeepEquals(a, b);
    if (!same) Console.Error.WriteLine($"baseline (a) differs from the server:\n{a.ToJsonString()[..Math.Min(600, a.ToJsonString().Length)]}\n{b.ToJsonString()[..Math.Min(600, b.ToJsonString().Length)]}");
    return same;
}
