using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tracker.Api.Features.App;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Tests.Infrastructure;

/// <summary>
/// The server under test, over real HTTP semantics, on its own database: a temporary SQLite file, or a fresh
/// PostgreSQL database when TRACKER_TEST_POSTGRES holds a server connection string (CI sets it). The clock is a
/// <see cref="FakeTimeProvider"/> starting Monday 2026-01-05 09:00 UTC; tests move it with <see cref="Clock"/>.
/// </summary>
public class TrackerFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly string? PostgresServer = Environment.GetEnvironmentVariable("TRACKER_TEST_POSTGRES");

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tracker-tests", Guid.NewGuid().ToString("N"));
    /// <summary>
    /// One folder of OAuth signing and encryption keys for every host of the run: making two RSA keys cost each of
    /// the suite's ~40 hosts ~0.3 s of CPU.
    /// </summary>
    private static readonly string KeysFolder = Path.Combine(Path.GetTempPath(), "tracker-tests", "keys-" + Environment.ProcessId);
    private readonly string? _postgresDatabase;

    public FakeTimeProvider Clock { get; } = new(Start);
    /// <summary>Where the server writes its emails as .eml files when no Smtp:Host is set.</summary>
    public string MailFolder => Path.Combine(_folder, "mail");
    public bool IsPostgres => PostgresServer is not null;
    /// <summary>Where test clients send requests: the in-memory server's name, or a real socket's address.</summary>
    public virtual Uri BaseAddress => new("http://localhost");
    /// <summary>Extra configuration a test class needs (e.g. a low rate limit).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    static TrackerFactory() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(KeysFolder, recursive: true); } catch (IOException) { } };

    public TrackerFactory()
    {
        Directory.CreateDirectory(_folder);
        if (PostgresServer is not null)
        {
            _postgresDatabase = "tracker_test_" + Guid.NewGuid().ToString("N")[..16];
            using var connection = new NpgsqlConnection(PostgresServer);
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{_postgresDatabase}\"", connection);
            command.ExecuteNonQuery();
        }
    }

    public string ConnectionString => _postgresDatabase is null
        ? $"Data Source={Path.Combine(_folder, "tracker.db")}"
        // No wait for the commit's WAL flush: a test database never outlives a crash of the PostgreSQL server, and
        // the flush per commit was most of the PostgreSQL run's time. (The server process may still be killed.)
        : new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _postgresDatabase, Options = "-c synchronous_commit=off" }.ConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Database:Provider", IsPostgres ? "postgres" : "sqlite");
        builder.UseSetting("Seed:Enabled", "false");
        builder.UseSetting("OAuth:KeysPath", KeysFolder);
        builder.UseSetting("RateLimiting:PermitsPerMinute", "100000");
        builder.UseSetting("RateLimiting:WebSessionPermitsPerMinute", "100000");
        builder.UseSetting("Webhooks:AllowLoopback", "true");
        builder.UseSetting("Mail:Folder", MailFolder);
        builder.UseSetting("Retention:Enabled", "false"); // RetentionTests run it themselves; elsewhere a clock jump must not delete rows a test reads
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // The web app's API calls go through the test server, as a browser's requests do.
            services.RemoveAll<AppApiTransport>();
            services.AddSingleton<AppApiTransport, TestServerTransport>();
        });
    }

    /// <summary>A scope for arranging data directly in the database.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public TrackerDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<TrackerDbContext>();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(PostgresServer);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* SQLite may still hold the file on some systems */ }
    }
}

/// <summary>The app's loopback to the API, in process: the test server has no socket to call.</summary>
public sealed class TestServerTransport(IServer server, IConfiguration config) : AppApiTransport(server, config)
{
    private readonly TestServer _server = (TestServer)server;
    private HttpMessageHandler? _handler;
    public override HttpMessageHandler Handler => _handler ??= _server.CreateHandler();
    public override Uri BaseUrl => new("http://localhost");
}
