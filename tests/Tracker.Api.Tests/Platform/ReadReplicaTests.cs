using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>
/// ConnectionStrings:ReadOnly names a second database of the same provider, migrated and empty, so an answer shows
/// where it was read: every workspace row of a test exists only on the primary.
/// </summary>
public sealed class ReplicaFactory : TrackerFactory
{
    private static readonly string? PostgresServer = Environment.GetEnvironmentVariable("TRACKER_TEST_POSTGRES");
    private readonly string _file = Path.Combine(Path.GetTempPath(), "tracker-tests", $"replica-{Guid.NewGuid():N}.db");
    private readonly string? _database;

    public ReplicaFactory()
    {
        if (PostgresServer is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            using var sqlite = new SqliteTrackerDbContext(new DbContextOptionsBuilder<SqliteTrackerDbContext>()
                .UseSqlite(ReplicaConnectionString).UseOpenIddict().Options);
            sqlite.Database.Migrate();
            return;
        }
        _database = "tracker_replica_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(PostgresServer))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            command.ExecuteNonQuery();
        }
        using var postgres = new PostgresTrackerDbContext(new DbContextOptionsBuilder<PostgresTrackerDbContext>()
            .UseNpgsql(ReplicaConnectionString).UseOpenIddict().Options);
        postgres.Database.Migrate();
    }

    /// <summary>
    /// Copies the workspace, its owner and membership to the replica, as replication would have: a report needs the
    /// workspace row. Members added after are on the primary only.
    /// </summary>
    public async Task MirrorAsync(TestWorkspace ws)
    {
        await using var scope = Scope();
        var primary = Db(scope);
        await using var replica = _database is null
            ? (TrackerDbContext)new SqliteTrackerDbContext(new DbContextOptionsBuilder<SqliteTrackerDbContext>().UseSqlite(ReplicaConnectionString).UseOpenIddict().Options)
            : new PostgresTrackerDbContext(new DbContextOptionsBuilder<PostgresTrackerDbContext>().UseNpgsql(ReplicaConnectionString).UseOpenIddict().Options);
        replica.Users.AddRange(await primary.Users.AsNoTracking().Where(u => u.Id == ws.Owner.Id).ToListAsync());
        replica.Workspaces.AddRange(await primary.Workspaces.AsNoTracking().Where(w => w.Id == ws.Id).ToListAsync());
        replica.Members.AddRange(await primary.Members.AsNoTracking().Where(m => m.WorkspaceId == ws.Id).ToListAsync());
        await replica.SaveChangesAsync();
    }

    private string ReplicaConnectionString => _database is null
        ? $"Data Source={_file}"
        : new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _database }.ConnectionString;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:ReadOnly"] = ReplicaConnectionString,
        ["Database:ReadYourWritesSeconds"] = "5",
        ["Sync:SettleSeconds"] = "0", // a sync sees the owner made a moment ago
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        if (_database is null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_file);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(PostgresServer);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>ConnectionStrings:ReadOnly names a database that cannot be reached: nothing listens / no such folder.</summary>
public sealed class DownReplicaFactory : TrackerFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:ReadOnly"] = IsPostgres
            ? "Host=127.0.0.1;Port=1;Database=replica;Username=replica;Password=replica;Timeout=3"
            : $"Data Source={Path.Combine(Path.GetTempPath(), "tracker-tests", "no-such-folder-" + Guid.NewGuid().ToString("N"), "replica.db")}",
    };
}

public class ReadReplicaTests(ReplicaFactory factory) : IClassFixture<ReplicaFactory>
{
    [Fact]
    public async Task A_list_reads_from_the_replica_while_the_token_and_the_membership_are_checked_on_the_primary()
    {
        var ws = await factory.NewWorkspaceAsync();

        // The token and the membership exist only on the primary: a 200 says both were looked up there.
        var members = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, members.Data.GetArrayLength()); // …and the list itself came from the (empty) replica

        var outsider = (await factory.NewWorkspaceAsync()).Owner;
        (await outsider.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.Forbidden);

        // A single record is not a list: the primary answers it.
        var owner = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{ws.Owner.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(ws.Owner.Id, owner.Data.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_sync_reads_from_the_primary()
    {
        var ws = await factory.NewWorkspaceAsync();
        var sync = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}&updated_since=2000-01-01T00:00:00Z")).Expect(HttpStatusCode.OK);
        Assert.Equal(ws.Owner.Id, Assert.Single(sync.Data.EnumerateArray()).GetProperty("id").GetInt64()); // the replica has none
    }

    [Fact]
    public async Task Reports_read_from_the_replica()
    {
        var ws = await factory.NewWorkspaceAsync();
        await factory.MirrorAsync(ws);
        await ws.AddMemberAsync(Roles.RegularUser); // not replicated yet
        var report = (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-attendance?{ws.Q}&date=2026-01-05")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, report.Pagination.GetProperty("total").GetInt32()); // the primary has two members
    }

    [Fact]
    public async Task A_writer_reads_from_the_primary_for_the_window_and_everyone_else_from_the_replica()
    {
        var ws = await factory.NewWorkspaceAsync();
        var manager = await ws.AddMemberAsync(Roles.ExecutiveManager);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "Fresh" })).Expect(HttpStatusCode.Created);

        var ownView = (await ws.Owner.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Fresh", Assert.Single(ownView.Data.EnumerateArray()).GetProperty("name").GetString());
        var othersView = (await manager.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, othersView.Data.GetArrayLength());

        factory.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(1, (await ws.Owner.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetArrayLength());
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, (await ws.Owner.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetArrayLength());
    }

    [Fact]
    public async Task A_refused_write_opens_no_window()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "" })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetArrayLength());
    }
}

public class DownReplicaTests(DownReplicaFactory factory) : IClassFixture<DownReplicaFactory>
{
    [Fact]
    public async Task Lists_and_reports_fall_back_to_the_primary_when_the_replica_cannot_be_reached()
    {
        var ws = await factory.NewWorkspaceAsync();
        for (var attempt = 0; attempt < 2; attempt++) // the first finds it down, the second reads while it is marked down
        {
            var members = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);
            Assert.Equal(ws.Owner.Id, Assert.Single(members.Data.EnumerateArray()).GetProperty("id").GetInt64());
        }
        factory.Clock.Advance(TimeSpan.FromSeconds(10)); // past the mark: the replica is tried, and fails, again
        var report = (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-attendance?{ws.Q}&date=2026-01-05")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, report.Pagination.GetProperty("total").GetInt32());
    }
}
