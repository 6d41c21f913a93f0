using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Npgsql;

namespace Tracker.Api.Tests.Platform;

/// <summary>
/// The server's command line and start-up as an operator meets them: the built server run as its own process with
/// environment variables and arguments, each case checked for its exit code, the first line it writes and a database
/// left untouched (the SQLite file the settings name is never created).
/// </summary>
public sealed class StartupTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string? PostgresServer = Environment.GetEnvironmentVariable("TRACKER_TEST_POSTGRES");
    private readonly string _folder = Directory.CreateTempSubdirectory("tracker-startup").FullName;
    private string DatabaseFile => Path.Combine(_folder, "tracker.db");

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_prints_the_usage_and_exits_0_before_anything_is_built(string arg)
    {
        var run = await RunAsync([arg]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Tracker: a server for the WebWork Tracker REST API V2.", run.Out.First());
        Assert.Contains(run.Out, line => line.Contains("token create --email"));
        Assert.Empty(run.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder)); // no database, no key folders
    }

    [Fact]
    public async Task An_unknown_command_prints_the_usage_on_standard_error_and_exits_2()
    {
        var run = await RunAsync(["frobnicate", "--now"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Unknown command \"frobnicate\".", run.Error.First());
        Assert.Contains(run.Error, line => line.Contains("Usage:"));
        Assert.Empty(run.Out);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData("Database__Provider", "mysql", "Database:Provider (env Database__Provider) is \"mysql\": use sqlite or postgres.")]
    [InlineData("ConnectionStrings__Default", "Data Source=tracker.db;Colour=blue",
        "ConnectionStrings:Default (env ConnectionStrings__Default) is not a valid SQLite connection string: ")]
    [InlineData("ConnectionStrings__Default", "Host=127.0.0.1;Port=fifty",
        "ConnectionStrings:Default (env ConnectionStrings__Default) is not a valid PostgreSQL connection string: ")]
    [InlineData("TRACKER_SEED_OWNER_TOKEN", "my-own-secret-token",
        "TRACKER_SEED_OWNER_TOKEN must be trk_pat_ followed by letters, digits, '_' or '-' (e.g. trk_pat_demo).")]
    public async Task A_setting_that_cannot_work_is_one_line_naming_it_and_exit_1(string setting, string value, string firstLine)
    {
        var run = await RunAsync([], (setting, value));

        AssertStartupError(run, firstLine);
    }

    [Fact]
    public async Task A_busy_port_is_one_line_naming_the_address_and_the_setting()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        var run = await RunAsync(["--urls", url]);

        AssertStartupError(run, $"Cannot listen on {url}: the port is already in use. Choose another address with --urls or ASPNETCORE_URLS.");
    }

    [Fact]
    public async Task An_unreachable_database_server_is_one_line_naming_the_server_and_the_setting()
    {
        var closedPort = FreePort();

        var run = await RunAsync([], ("ConnectionStrings__Default", $"Host=127.0.0.1;Port={closedPort};Username=tracker;Password=x;Database=tracker"));

        AssertStartupError(run,
            $"Cannot reach the PostgreSQL server at 127.0.0.1:{closedPort} named by ConnectionStrings:Default (env ConnectionStrings__Default): ");
    }

    /// <summary>On the suite's database: a fresh PostgreSQL database (created by the server) when TRACKER_TEST_POSTGRES is set.</summary>
    [Fact]
    public async Task First_start_prints_the_bound_address_and_a_working_token_then_a_restart_says_how_to_get_one()
    {
        var database = PostgresServer is null ? null : "tracker_startup_" + Guid.NewGuid().ToString("N")[..12];
        (string, string)[] settings = database is null
            ? [("TRACKER_SEED_OWNER_TOKEN", "trk_pat_startup_test")]
            : [("TRACKER_SEED_OWNER_TOKEN", "trk_pat_startup_test"),
               ("ConnectionStrings__Default", new NpgsqlConnectionStringBuilder(PostgresServer) { Database = database }.ConnectionString)];
        try
        {
            await using (var first = Server.Start(_folder, ["--urls", "http://127.0.0.1:0"], settings))
            {
                var listening = await first.WaitForLineAsync(line => line.StartsWith("Listening    : "));
                var address = listening["Listening    : ".Length..];
                Assert.Matches(@"^http://127\.0\.0\.1:\d+$", address);
                Assert.NotEqual("http://127.0.0.1:0", address);
                await first.WaitForLineAsync(line => line == $"Try it       : curl -H \"Authorization: Bearer trk_pat_startup_test\" {address}/api/v2/workspaces");

                using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeout };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "trk_pat_startup_test");
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v2/workspaces")).StatusCode);
                // A healthy first start, on either database, logs nothing at Error or above and writes nothing on standard error.
                Assert.DoesNotContain(first.Out, line => line.Contains("\"LogLevel\":\"Error\"") || line.Contains("\"LogLevel\":\"Critical\""));
                Assert.Empty(first.Error);
            }

            await using var restarted = Server.Start(_folder, ["--urls", "http://127.0.0.1:0"], settings);
            var hint = await restarted.WaitForLineAsync(line => line.StartsWith("Tracker listens on "));
            Assert.Matches(@"^Tracker listens on http://127\.0\.0\.1:\d+\. For an API token sign in at http://127\.0\.0\.1:\d+/app/settings, or run `token create --email EMAIL` ", hint);
            Assert.DoesNotContain(restarted.Out, line => line.Contains("Owner token"));
        }
        finally
        {
            if (database is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(PostgresServer);
                await connection.OpenAsync();
                await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
            }
        }
    }

    private void AssertStartupError(Run run, string firstLine)
    {
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith(firstLine, Assert.Single(run.Error));
        Assert.False(File.Exists(DatabaseFile), "the SQLite database was created");
        Assert.Empty(Directory.EnumerateFiles(_folder, "*.db*"));
        Assert.DoesNotContain(run.Out, line => line.Contains("Microsoft.EntityFrameworkCore.Migrations")); // nothing migrated
    }

    private sealed record Run(int ExitCode, IReadOnlyList<string> Out, IReadOnlyList<string> Error);

    private async Task<Run> RunAsync(string[] args, params (string Name, string Value)[] settings)
    {
        await using var server = Server.Start(_folder, args, settings);
        return new Run(await server.WaitForExitAsync(), server.Out, server.Error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The built server (Tracker.Api.dll beside the tests) in Production, in a folder of its own; killed on dispose.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private static readonly string[] Inherited =
            ["TRACKER_SEED_OWNER_TOKEN", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ConnectionStrings__Default", "Database__Provider"];
        private readonly Process _process;
        private readonly List<string> _out = [];
        private readonly List<string> _error = [];

        private Server(Process process) => _process = process;

        public IReadOnlyList<string> Out { get { lock (_out) return [.. _out]; } }
        public IReadOnlyList<string> Error { get { lock (_error) return [.. _error]; } }

        public static Server Start(string folder, string[] args, (string Name, string Value)[] settings)
        {
            var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Tracker.Api.dll"), .. args])
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            foreach (var name in Inherited) info.Environment.Remove(name);
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(folder, "tracker.db")}";
            info.Environment["DataProtection__KeysPath"] = Path.Combine(folder, "data-protection");
            foreach (var (name, value) in settings) info.Environment[name] = value;
            var server = new Server(Process.Start(info)!);
            server._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._out) server._out.Add(e.Data); };
            server._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._error) server._error.Add(e.Data); };
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            return server;
        }

        public async Task<int> WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await _process.WaitForExitAsync(timeout.Token); // also waits for the end of both streams
            return _process.ExitCode;
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> match)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (Out.FirstOrDefault(match) is { } line) return line;
                if (_process.HasExited) break;
                await Task.Delay(50);
            }
            throw new TimeoutException($"No such line. Out:\n{string.Join('\n', Out)}\nError:\n{string.Join('\n', Error)}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
