using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Tracker.Api.Infrastructure.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// SQLite (file tracker.db) unless Database:Provider is "postgres" or the connection string looks like
    /// PostgreSQL's ("Host=..."). Both register as <see cref="TrackerDbContext"/>.
    /// </summary>
    public static IServiceCollection AddTrackerDatabase(this IServiceCollection services, IConfiguration config)
    {
        var connectionString = config.GetConnectionString("Default");
        if (IsPostgres(config))
        {
            services.AddDbContext<TrackerDbContext, PostgresTrackerDbContext>(o =>
            {
                o.UseNpgsql(connectionString ?? throw new InvalidOperationException(
                    "ConnectionStrings:Default is required when Database:Provider is postgres."));
                o.UseOpenIddict();
            });
        }
        else
        {
            services.AddDbContext<TrackerDbContext, SqliteTrackerDbContext>(o =>
            {
                o.UseSqlite(connectionString ?? "Data Source=tracker.db");
                o.UseOpenIddict();
            });
        }
        return services;
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
