using Microsoft.Data.Sqlite;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Tracker.Bench;

// Seeds a realistic workspace on PostgreSQL (and copies it to SQLite), starts the published server on each provider,
// drives bounded loopback load with wrk against the server and a hand-written baseline per scenario in the same run,
// and rewrites its sections of bench/RESULTS.md. See bench/run.sh.
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
if (fresh || !options.Reuse) DeleteSqlite(options.SqliteFile);
var keys = Directory.CreateTempSubdirectory("tracker-bench-keys");
await using var db = NpgsqlDataSource.Create(connectionString);
var targets = new List<Target>();
var apps = new List<WebApplication>();
var scripts = new List<string>();
var started = new List<ServerProcess>();
var currentToken = "";
try
{
    var first = StartServer(Provider.Postgres, options.ServerUrl, connectionString, options.Variants[0]);
    await first.WaitHealthyAsync(TimeSpan.FromSeconds(90));
    var seedTime = TimeSpan.Zero;
    if (fresh)
    {
        log.WriteLine($"seeding {options.Entries:N0} time entries into {options.Database} (binary COPY)…");
        seedTime = await new Seeder(db).SeedAsync(options.Entries, log);
    }
    await Seeder.SeedListsAsync(db);
    // The seeder's entries are the ones with an activity level. A reused database also holds the entries earlier
    // start/stop runs left (143,000 after a day of runs): every run would measure a larger table than the last, and
    // "this week" would be the largest report. Vacuumed at once: otherwise every scan steps over the dead rows (and
    // autovacuum runs during the timings). The SQLite file holds the same leftovers, so it is copied again.
    if (await db.CreateCommand("""DELETE FROM "TimeEntries" WHERE "ActivityLevel" IS NULL""").ExecuteNonQueryAsync() > 0)
        await db.CreateCommand("""VACUUM (ANALYZE) "TimeEntries" """).ExecuteNonQueryAsync();
    if (!fresh) await DropSqliteWithLeftoversAsync(options.SqliteFile);
    var counts = await CountsAsync(db);
    if (options.Pages > 0)
    {
        await Seeder.SetOwnerPasswordAsync(db); // a database seeded before the owner had a password
        var lastDay = DateOnly.FromDateTime((DateTime)(await db.CreateCommand(
            """SELECT max("StartedAt") FROM "TimeEntries" WHERE "ActivityLevel" IS NOT NULL""").ExecuteScalarAsync())!);
        var timings = await PageTimings.MeasureAsync(options.ServerUrl, Seeder.OwnerEmail, Seeder.OwnerPassword, options.Pages, lastDay, log);
        await Sections.WriteAsync(options.Output, "## Web pages", PageTimings.Render(timings, options.Pages, await CountsAsync(db)));
        log.WriteLine($"wrote the Web pages section of {options.Output}");
        return;
    }
    var (token, tokenHash) = NewToken();
    await InsertTokenAsync(BenchDb.Postgres(db), tokenHash);
    var postgresDb = BenchDb.Postgres(db);
    if (options.Providers.Contains(Provider.Postgres))
    {
        apps.Add(await Baselines.StartAsync(options.BaselineUrl, postgresDb));
        targets.Add(new Target("PostgreSQL", postgresDb, options.BaselineUrl, [new(options.Variants[0], first, options.ServerUrl, await FirstRequestAsync(options.ServerUrl))]));
        for (var i = 1; i < options.Variants.Count; i++)
        {
            var url = $"http://127.0.0.1:{options.Port + 10 + i}";
            var server = StartServer(Provider.Postgres, url, connectionString, options.Variants[i]);
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            targets[0].Servers.Add(new(options.Variants[i], server, url, await FirstRequestAsync(url)));
        }
    }
    else first.Stop();
    var sqliteCopyTime = TimeSpan.Zero;
    if (options.Providers.Contains(Provider.Sqlite))
    {
        var url = $"http://127.0.0.1:{options.Port + 3}";
        var server = StartServer(Provider.Sqlite, url, $"Data Source={options.SqliteFile}", options.Variants[0]);
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        var sqliteDb = BenchDb.Sqlite(options.SqliteFile);
        await using (var conn = await sqliteDb.OpenAsync())
            if (await sqliteDb.ScalarAsync<long>(conn, """SELECT count(*) FROM "Users" """) == 0)
            {
                log.WriteLine($"copying the seed to SQLite ({options.SqliteFile})…");
                sqliteCopyTime = await SqliteCopy.CopyAsync(db, options.SqliteFile, log);
            }
        await InsertTokenAsync(sqliteDb, tokenHash);
        var baselineUrl = $"http://127.0.0.1:{options.Port + 2}";
        apps.Add(await Baselines.StartAsync(baselineUrl, sqliteDb));
        targets.Add(new Target("SQLite", sqliteDb, baselineUrl, [new(options.Variants[0], server, url, await FirstRequestAsync(url))]));
    }

    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
    http.DefaultRequestHeaders.Authorization = new("Bearer", token);
    var scenarios = Scenarios.All(options.Connections).Where(s => options.Only is null || options.Only.Split(',').Any(o => s.Name.Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();
    var apiScript = Scenarios.WriteScript("api", Scenarios.StartStopLua(token, "/api/v2", Scenarios.StartStopThreads));
    var bareScript = Scenarios.WriteScript("bare", Scenarios.StartStopLua(token, "/bare", Scenarios.StartStopThreads));
    scripts.AddRange([apiScript, bareScript]);

    // Every baseline (a) must answer what the server answers, or its ratio means nothing.
    var sameJson = new Dictionary<(string, string), bool>();
    foreach (var target in targets)
    foreach (var scenario in scenarios)
    {
        var server = target.Servers[0].Url;
        sameJson[(target.Name, scenario.Name)] = scenario.IsStartStop
            ? await SameStartStopJsonAsync(http, server, target.BaselineUrl, target.Db)
            : SameBody(await GetAsync(http, server + scenario.Path), await GetAsync(http, target.BaselineUrl + scenario.Path));
        log.WriteLine($"{target.Name} {scenario.Name}: baseline (a) answers the server's JSON: {(sameJson[(target.Name, scenario.Name)] ? "yes" : "NO")}");
    }

    if (options.SoakMinutes > 0)
    {
        var soak = await Soak.RunAsync(options, targets[0], token, scenarios, log);
        await Sections.WriteAsync(options.Output, Soak.Heading, Soak.Render(options, soak, counts, loadAverage));
        log.WriteLine($"wrote the soak section of {options.Output}");
        return;
    }

    var reportLatencies = new Dictionary<string, List<double>>();
    foreach (var target in targets)
        if (scenarios.FirstOrDefault(s => s.Name == Scenarios.MonthReport) is { } report)
            reportLatencies[target.Name] = await SingleRequestLatenciesAsync(http, target.Servers[0].Url + report.Path, 5);

    // One run: (a), then the server (each variant), then (b) where there is one, against one target.
    async Task<List<(string Side, LoadResult Result, long PeakMb)>> RunScenarioAsync(Target target, Scenario scenario, int seconds, bool warm)
    {
        var runs = new List<(string, string, ServerProcess?)> { ("a", target.BaselineUrl, null) };
        runs.AddRange(target.Servers.Select(s => (s.Variant.Name, s.Url, (ServerProcess?)s.Process)));
        if (scenario.BarePath is not null) runs.Add(("b", target.BaselineUrl, null));
        var results = new List<(string, LoadResult, long)>();
        foreach (var (side, host, process) in runs)
        {
            var url = host + (side == "b" ? scenario.BarePath : scenario.Path);
            var script = scenario.IsStartStop ? (side == "b" ? bareScript : apiScript) : null;
            var duration = warm ? seconds : Math.Max(seconds, scenario.Seconds ?? 0);
            if (script is not null) await Scenarios.StopTrackersAsync(target.Db);
            if (!warm) await Wrk.RunAsync(url, token, scenario.Threads, scenario.Connections, 2, script);
            if (!warm && script is not null) await Scenarios.StopTrackersAsync(target.Db);
            using var sampler = process?.SampleMemory();
            var result = await Wrk.RunAsync(url, token, scenario.Threads, scenario.Connections, duration, script);
            results.Add((side, result, sampler?.PeakMb ?? 0));
        }
        return results;
    }

    // A fresh server runs its first seconds of load on unoptimised code while the JIT tiers it up: CPU per members-list
    // request fell from ~8,500 µs to ~900 µs over its first ten seconds of load (the lean baselines warm faster). One
    // pass over every scenario first, so the rounds compare steady states, as a long-running process serves.
    if (options.Warmup > 0)
    {
        log.WriteLine($"warm-up pass: {options.Warmup} s per scenario and side");
        foreach (var target in targets)
        foreach (var scenario in scenarios)
            await RunScenarioAsync(target, scenario, options.Warmup, warm: true);
    }
    // Rounds interleave each baseline with the server's runs of the same scenario. A ratio compares runs of the same
    // round and the median over rounds is reported, so a burst of load from elsewhere on a shared machine does not decide it.
    var runsDone = new List<RunRecord>();
    for (var round = 1; round <= options.Rounds; round++)
    foreach (var target in targets)
    foreach (var scenario in scenarios)
    foreach (var (side, result, peak) in await RunScenarioAsync(target, scenario, options.Seconds, warm: false))
    {
        runsDone.Add(new RunRecord(target.Name, scenario, side, round, result, peak));
        log.WriteLine($"round {round} {target.Name,-10} {scenario.Name,-44} {side,-10} {result.RequestsPerSecond,7:F0} req/s  p50 {result.P50Ms,7:F2} ms  p99 {result.P99Ms,7:F2} ms  non-2xx {result.Errors}{(peak > 0 ? $"  rss {peak} MB" : "")}");
        if (result.Refused is not null) log.WriteLine($"        refused: {result.Refused}");
    }

    var commitCeiling = targets.Any(t => t.Name == "PostgreSQL")
        ? await CommitCeiling.MeasureAsync(db, Scenarios.StartStopConnections, TimeSpan.FromSeconds(options.Seconds)) : 0;
    var run = new RunSummary(options, targets, scenarios, runsDone, sameJson, reportLatencies, counts, seedTime, sqliteCopyTime, fresh,
        loadAverage, await PostgresVersionAsync(db), commitCeiling);
    if (options.IsAb) await Sections.WriteAsync(options.Output, ResultsReport.AbHeading, ResultsReport.RenderAb(run));
    else
    {
        if (targets.Any(t => t.Name == "PostgreSQL")) await Sections.WriteAsync(options.Output, null, ResultsReport.RenderMain(run, "PostgreSQL"));
        if (targets.Any(t => t.Name == "SQLite")) await Sections.WriteAsync(options.Output, ResultsReport.SqliteHeading, ResultsReport.RenderSqlite(run));
    }
    log.WriteLine($"wrote {options.Output}");
}
finally
{
    foreach (var app in apps) await app.StopAsync();
    foreach (var script in scripts) File.Delete(script);
    StopAll();
    keys.Delete(recursive: true);
    if (!options.Keep)
    {
        await DropDatabaseAsync(admin, options.Database);
        DeleteSqlite(options.SqliteFile);
    }
}

ServerProcess StartServer(Provider provider, string url, string cs, Variant variant)
{
    var server = ServerProcess.Start(options.ServerDll, url, provider, cs, keys.FullName, variant.Environment);
    started.Add(server);
    return server;
}

void StopAll()
{
    foreach (var server in started) server.Dispose();
}

// The first API request a fresh process answers (the members list), after /health: what a client that connects
// right after a start or a deploy waits.
async Task<double> FirstRequestAsync(string url)
{
    using var client = new HttpClient();
    client.DefaultRequestHeaders.Authorization = new("Bearer", currentToken);
    var clock = Stopwatch.StartNew();
    using var response = await client.GetAsync(url + Scenarios.All(options.Connections)[0].Path);
    await response.Content.ReadAsByteArrayAsync();
    response.EnsureSuccessStatusCode();
    return clock.Elapsed.TotalMilliseconds;
}

(string Token, string Hash) NewToken()
{
    var token = "trk_pat_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    currentToken = token;
    return (token, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
}

static async Task<string> GetAsync(HttpClient http, string url)
{
    using var response = await http.GetAsync(url);
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) Console.Error.WriteLine($"{url} answered {(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
    return body;
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

/// <summary>
/// Deletes a kept SQLite copy that holds start/stop leftovers, or that has no entries table (a copy cut short), so the
/// run copies the cleaned seed again.
/// </summary>
static async Task DropSqliteWithLeftoversAsync(string file)
{
    if (!File.Exists(file)) return;
    var sqlite = BenchDb.Sqlite(file);
    bool stale;
    await using (var conn = await sqlite.OpenAsync())
        stale = await sqlite.ScalarAsync<long>(conn, """SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'TimeEntries')""") == 0
            || await sqlite.ScalarAsync<long>(conn, """SELECT EXISTS (SELECT 1 FROM "TimeEntries" WHERE "ActivityLevel" IS NULL)""") == 1;
    SqliteConnection.ClearAllPools();
    if (stale) DeleteSqlite(file);
}

/// <summary>The file with its journal: a write-ahead log left beside a new file would be read into it.</summary>
static void DeleteSqlite(string file)
{
    foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
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

static async Task InsertTokenAsync(BenchDb db, string hash)
{
    await using var conn = await db.OpenAsync();
    var now = DateTime.UtcNow;
    await using var cmd = db.Command(conn, """
        INSERT INTO "PersonalAccessTokens" ("UserId","Name","TokenHash","Prefix","CreatedAt","ExpiresAt","LastUsedAt")
        VALUES ($1, 'bench', $2, 'trk_pat_bench', $3, $4, $3)
        """, Seeder.OwnerId, hash, now, now.AddDays(1));
    await cmd.ExecuteNonQueryAsync();
}

static async Task<Dictionary<string, long>> CountsAsync(NpgsqlDataSource db)
{
    var counts = new Dictionary<string, long>();
    foreach (var table in new[] { "Members", "Projects", "Tasks", "Contracts", "TimeEntries", "LeaveRequests", "Expenses", "TimeRequests" })
        counts[table] = (long)(await db.CreateCommand($"SELECT count(*) FROM \"{table}\"").ExecuteScalarAsync())!;
    return counts;
}

static async Task<string> PostgresVersionAsync(NpgsqlDataSource db) =>
    (string)(await db.CreateCommand("SHOW server_version").ExecuteScalarAsync())!;

// A start then a stop of the first member on each side; bodies equal apart from the instants in them.
static async Task<bool> SameStartStopJsonAsync(HttpClient http, string serverUrl, string baselineUrl, BenchDb db)
{
    var start = $$"""{"workspace_id":1,"user_id":{{Seeder.UserIdOf(0)}},"contract_id":{{Seeder.ContractIdOf(0, 0)}}}""";
    var stop = $$"""{"workspace_id":1,"user_id":{{Seeder.UserIdOf(0)}}}""";
    async Task<string> PostAsync(string url, string body)
    {
        using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }
    await Scenarios.StopTrackersAsync(db);
    var (serverStart, serverStop) = (await PostAsync(serverUrl + "/api/v2/time-tracking/start", start), await PostAsync(serverUrl + "/api/v2/time-tracking/stop", stop));
    var (baselineStart, baselineStop) = (await PostAsync(baselineUrl + "/api/v2/time-tracking/start", start), await PostAsync(baselineUrl + "/api/v2/time-tracking/stop", stop));
    return SameBody(serverStart, baselineStart, "start_time") & SameBody(serverStop, baselineStop, "stopped_at");
}

// Same body apart from meta.timestamp (and the instant a write took place): baseline (a) does the server's work, not less.
static bool SameBody(string server, string baseline, string? instant = null)
{
    JsonNode? a, b;
    try { (a, b) = (JsonNode.Parse(server), JsonNode.Parse(baseline)); }
    catch (System.Text.Json.JsonException) { Console.Error.WriteLine($"not JSON:\n{server[..Math.Min(300, server.Length)]}\n{baseline[..Math.Min(300, baseline.Length)]}"); return false; }
    foreach (var body in new[] { a, b })
    {
        body?["meta"]?.AsObject().Remove("timestamp");
        if (instant is not null) body?["data"]?.AsObject().Remove(instant);
    }
    var same = JsonNode.DeepEquals(a, b);
    if (!same)
    {
        var (x, y) = (a?.ToJsonString() ?? "", b?.ToJsonString() ?? "");
        var at = Enumerable.Range(0, Math.Min(x.Length, y.Length)).FirstOrDefault(i => x[i] != y[i]);
        Console.Error.WriteLine($"baseline (a) differs from the server at character {at}:\nserver:   {x[Math.Max(0, at - 200)..Math.Min(x.Length, at + 200)]}\nbaseline: {y[Math.Max(0, at - 200)..Math.Min(y.Length, at + 200)]}");
    }
    return same;
}

/// <summary>A running server of one variant on one provider, and how long its first API request took.</summary>
public sealed record ServerRun(Variant Variant, ServerProcess Process, string Url, double FirstRequestMs);

/// <summary>One provider: its servers (one per variant), its baseline host and its database.</summary>
public sealed record Target(string Name, BenchDb Db, string BaselineUrl, List<ServerRun> Servers);

public sealed record RunRecord(string Target, Scenario Scenario, string Side, int Round, LoadResult Result, long PeakRssMb);

public sealed record RunSummary(BenchOptions Options, List<Target> Targets, List<Scenario> Scenarios, List<RunRecord> Runs,
    Dictionary<(string, string), bool> SameJson, Dictionary<string, List<double>> ReportLatencies, Dictionary<string, long> Counts,
    TimeSpan SeedTime, TimeSpan SqliteCopyTime, bool Seeded, string[] LoadAverage, string Postgres, double CommitCeiling);
