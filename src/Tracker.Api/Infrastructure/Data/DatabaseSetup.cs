using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace Tracker.Api.Infrastructure.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// SQLite (file tracker.db) unless Database:Provider is "postgres" or the connection string looks like
    /// PostgreSQL's ("Host=..."). Both register as <see cref="TrackerDbContext"/>, pooled: a request reuses a reset
    /// context instead of building one (and its options) every time, which showed in the list benchmarks.
    /// </summary>
    public static IServiceCollection AddTrackerDatabase(this IServiceCollection services, IConfiguration config)
    {
        var connectionString = config.GetConnectionString("Default");
        if (IsPostgres(config))
        {
            services.AddDbContextPool<TrackerDbContext, PostgresTrackerDbContext>(o =>
            {
                o.UseNpgsql(WithPostgresDefaults(connectionString ?? throw new InvalidOperationException(
                    "ConnectionStrings:Default is required when Database:Provider is postgres.")));
                o.UseOpenIddict();
            });
        }
        else
        {
            services.AddDbContextPool<TrackerDbContext, SqliteTrackerDbContext>(o =>
            {
                o.UseSqlite(connectionString ?? "Data Source=tracker.db");
                o.UseOpenIddict();
            });
        }
        return services;
    }

    /// <summary>
    /// Npgsql settings the benchmark showed to matter, unless the connection string sets them itself: statements
    /// prepared automatically after a few uses (PostgreSQL then skips parsing and planning; EF Core cannot prepare
    /// explicitly), and no session reset when a connection goes back to the pool (the server never changes
    /// session state). Behind PgBouncer older than 1.21 in transaction mode, set Max Auto Prepare=0.
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToLowerInvariant().Replace(" ", "");
        if (!given.Contains("maxautoprepare")) builder.MaxAutoPrepare = 64;
        if (!given.Contains("noresetonclose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    public static bool IsPostgres(IConfiguration config)
    {
        var provider = config["Database:Provider"];
        if (!string.IsNullOrEmpty(provider))
            return provider.Equals("postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase);
        var cs = config.GetConnectionString("Default");
        return cs is not null && cs.Contains("Host=", StringComparison.OrdinalIgnoreCase);
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrackerDbContext>();
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
