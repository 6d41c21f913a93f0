using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Tracker.Api.Infrastructure.Cli;

namespace Tracker.Api.Infrastructure.Data;

public static class DatabaseSetup
{
    private const string ConnectionSetting = "ConnectionStrings:Default (env ConnectionStrings__Default)";
    private const string ReadOnlySetting = "ConnectionStrings:ReadOnly (env ConnectionStrings__ReadOnly)";
    private const string MigrationsSetting = "ConnectionStrings:Migrations (env ConnectionStrings__Migrations)";
    private const string ProviderSetting = "Database:Provider (env Database__Provider)";

    /// <summary>
    /// SQLite (file tracker.db) unless Database:Provider is "postgres" or the connection string looks like
    /// PostgreSQL's ("Host=..."). Both register as <see cref="TrackerDbContext"/>, pooled: a request reuses a reset
    /// context instead of building one (and its options) every time, which showed in the list benchmarks.
    /// A provider or connection string that cannot work is a <see cref="StartupException"/> here, before anything
    /// opens the database. SQL statements are logged at Debug: at Information they drowned the request lines.
    /// </summary>
    public static IServiceCollection AddTrackerDatabase(this IServiceCollection services, IConfiguration config)
    {
        var connectionString = config.GetConnectionString("Default");
        if (IsPostgres(config))
        {
            var postgres = WithPostgresDefaults(connectionString ?? throw new StartupException(
                $"{ConnectionSetting} is required when Database:Provider is postgres."));
            services.AddDbContextPool<TrackerDbContext, PostgresTrackerDbContext>((sp, o) =>
                o.UseNpgsql(postgres).UseOpenIddict().ConfigureWarnings(SqlAtDebug).AddInterceptors(sp.GetRequiredService<ChangeStamps>()));
        }
        else
        {
            var sqlite = connectionString ?? "Data Source=tracker.db";
            Parse(() => new SqliteConnectionStringBuilder(sqlite), "SQLite");
            TurnOffSqliteMemoryStatistics();
            services.AddDbContextPool<TrackerDbContext, SqliteTrackerDbContext>((sp, o) =>
                o.UseSqlite(sqlite).UseOpenIddict().ConfigureWarnings(SqlAtDebug).AddInterceptors(sp.GetRequiredService<ChangeStamps>()));
        }
        services.AddOptions<SyncOptions>().Bind(config.GetSection("Sync"))
            .Validate(o => o.SettleSeconds is >= 0 and <= 3600, "Sync:SettleSeconds must be between 0 and 3600.").ValidateOnStart();
        services.AddSingleton<ChangeClock>().AddSingleton<ChangeStamps>();
        var readOnly = config.GetConnectionString("ReadOnly");
        if (string.IsNullOrWhiteSpace(readOnly)) return services;
        // Checked now, so a bad string stops the start with one line, like the primary's.
        readOnly = IsPostgres(config)
            ? WithPostgresDefaults(readOnly, ReadOnlySetting)
            : Parse(() => new SqliteConnectionStringBuilder(readOnly), "SQLite", ReadOnlySetting).ConnectionString;
        services.AddSingleton(sp => NewReadReplica(sp, config, readOnly));
        if (IsPostgres(config)) services.AddHostedService<ReplicaLagProbe>();
        return services;
    }

    /// <summary>
    /// The replica's own context pool, of the primary's provider, tracking nothing (it only serves reads). It shares
    /// the primary's model: compiled queries (the members list) run only on the model they were compiled for.
    /// </summary>
    private static ReadReplica NewReadReplica(IServiceProvider services, IConfiguration config, string readOnly)
    {
        var logging = services.GetRequiredService<ILoggerFactory>();
        IModel model;
        using (var scope = services.CreateScope()) model = scope.ServiceProvider.GetRequiredService<TrackerDbContext>().Model;
        Func<TrackerDbContext> create;
        if (IsPostgres(config))
        {
            var options = new DbContextOptionsBuilder<PostgresTrackerDbContext>()
                .UseNpgsql(readOnly).UseOpenIddict().ConfigureWarnings(SqlAtDebug)
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).UseLoggerFactory(logging).UseModel(model).Options;
            create = new PooledDbContextFactory<PostgresTrackerDbContext>(options).CreateDbContext;
        }
        else
        {
            var options = new DbContextOptionsBuilder<SqliteTrackerDbContext>()
                .UseSqlite(readOnly).UseOpenIddict().ConfigureWarnings(SqlAtDebug)
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).UseLoggerFactory(logging).UseModel(model).Options;
            create = new PooledDbContextFactory<SqliteTrackerDbContext>(options).CreateDbContext;
        }
        return new ReadReplica(create, services.GetRequiredService<RateLimiting.IRateLimitStore>(),
            services.GetRequiredService<TimeProvider>(), config, services.GetRequiredService<ILogger<ReadReplica>>());
    }

    /// <summary>
    /// SQLite counts every allocation under one process-wide mutex unless told not to (SQLite's own advice for speed
    /// is to turn it off). With requests on several threads that mutex showed in the SQLite list benchmarks: tasks
    /// +30%, leaves +15% (bench/RESULTS.md). The setting is only taken before SQLite initializes, at the first
    /// connection; a later call (a second host in one process, as in the tests) is refused and changes nothing.
    /// </summary>
    private static void TurnOffSqliteMemoryStatistics()
    {
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }

    private static void SqlAtDebug(WarningsConfigurationBuilder warnings) =>
        warnings.Log((RelationalEventId.CommandExecuted, LogLevel.Debug));

    /// <summary>
    /// Npgsql settings the benchmark showed to matter, unless the connection string sets them itself: statements
    /// prepared automatically after a few uses (PostgreSQL then skips parsing and planning; EF Core cannot prepare
    /// explicitly), and no session reset when a connection goes back to the pool (the server never changes
    /// session state). Behind PgBouncer older than 1.21 in transaction mode, set Max Auto Prepare=0.
    /// </summary>
    public static string WithPostgresDefaults(string connectionString, string setting = ConnectionSetting)
    {
        var builder = Parse(() => new NpgsqlConnectionStringBuilder(connectionString), "PostgreSQL", setting);
        if (string.IsNullOrWhiteSpace(builder.Host)) throw new StartupException($"{setting} names no Host of the PostgreSQL server.");
        var given = connectionString.ToLowerInvariant().Replace(" ", "");
        if (!given.Contains("maxautoprepare")) builder.MaxAutoPrepare = 64;
        if (!given.Contains("noresetonclose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>The builders throw on unknown keywords and on values of the wrong type; their message names which.</summary>
    private static T Parse<T>(Func<T> parse, string provider, string setting = ConnectionSetting)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new StartupException($"{setting} is not a valid {provider} connection string: {OneLine(e.Message)}");
        }
    }

    public static bool IsPostgres(IConfiguration config)
    {
        var provider = config["Database:Provider"];
        if (!string.IsNullOrEmpty(provider))
        {
            return provider.ToLowerInvariant() switch
            {
                "postgres" or "postgresql" => true,
                "sqlite" => false,
                _ => throw new StartupException($"{ProviderSetting} is \"{provider}\": use sqlite or postgres."),
            };
        }
        var cs = config.GetConnectionString("Default");
        return cs is not null && cs.Contains("Host=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Opens the database's server, or the folder of the SQLite file, without changing anything, so an unreachable
    /// database is one line and not a migration's stack trace. A PostgreSQL database that does not exist yet is fine:
    /// migrating creates it.
    /// </summary>
    public static async Task EnsureReachableAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TrackerDbContext>().Database;
        var connectionString = database.GetConnectionString()!;
        if (database.IsSqlite())
        {
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            var folder = file is "" or ":memory:" ? null : Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null && !Directory.Exists(folder))
                throw new StartupException($"{ConnectionSetting}: the folder of the SQLite file, {folder}, does not exist.");
            return;
        }
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"the PostgreSQL server at {server.Host}:{server.Port} named by {ConnectionSetting}";
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // The database does not exist yet; the server answered.
        }
        catch (PostgresException e)
        {
            throw new StartupException($"{Capitalized(where)} refused the connection: {OneLine(e.MessageText)}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new StartupException($"Cannot reach {where}: {OneLine(e.GetBaseException().Message)}");
        }
    }

    /// <summary>
    /// On a fresh PostgreSQL database EF's migrator tries the database and its history table before creating them, and
    /// logs each expected failure at Error (a healthy first start looked broken). Only the migrating context logs them
    /// at Debug; a migration that really fails still throws.
    /// </summary>
    private static DbContextOptions<T> WithExpectedErrorsAtDebug<T>(DbContextOptions<T> options) where T : DbContext =>
        new DbContextOptionsBuilder<T>(options)
            .ConfigureWarnings(w => w.Log((RelationalEventId.ConnectionError, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)))
            .Options;

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").TrimEnd('.') + ".";

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrackerDbContext>();
        if (db.Database.IsNpgsql())
        {
            // Behind PgBouncer in transaction mode the migration lock's transaction and the statements outside it may
            // run on different server connections: the migrator may have a direct one (ConnectionStrings:Migrations).
            var options = scope.ServiceProvider.GetRequiredService<DbContextOptions<PostgresTrackerDbContext>>();
            if (scope.ServiceProvider.GetRequiredService<IConfiguration>().GetConnectionString("Migrations") is { Length: > 0 } direct)
                options = new DbContextOptionsBuilder<PostgresTrackerDbContext>(options).UseNpgsql(WithPostgresDefaults(direct, MigrationsSetting)).Options;
            await using var migrating = new PostgresTrackerDbContext(WithExpectedErrorsAtDebug(options));
            await migrating.Database.MigrateAsync(ct);
            return;
        }
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the single writer (Microsoft.Data.Sqlite already retries on SQLITE_BUSY).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}

/// <summary>Design-time factories for `dotnet ef migrations add … --context SqliteTrackerDbContext|PostgresTrackerDbContext`.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTrackerDbContext>
{
    public SqliteTrackerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTrackerDbContext>().UseSqlite("Data Source=design.db").UseOpenIddict().Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTrackerDbContext>
{
    public PostgresTrackerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTrackerDbContext>().UseNpgsql("Host=localhost;Database=design").UseOpenIddict().Options);
}
