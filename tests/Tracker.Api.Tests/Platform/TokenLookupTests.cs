using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Tenancy;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>
/// Every API call with a personal access token runs one lookup: the token and its owner's memberships, the
/// memberships as the right side of a LEFT JOIN. Written with a join to the workspace, that side could not be merged
/// into the lookup, and SQLite built it whole (every member of every workspace on the server) on each call. The
/// workspace is tested by subqueries on its id instead, and SQLite reads the caller's memberships by index.
/// </summary>
public class TokenLookupTests(TokenLookupTests.Factory factory) : IClassFixture<TokenLookupTests.Factory>
{
    /// <summary>Keeps the text of every SQL command the server runs (EF logs it at Debug).</summary>
    public sealed class Factory : TrackerFactory
    {
        private const string Category = "Microsoft.EntityFrameworkCore.Database.Command";

        public ConcurrentQueue<string> Commands { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { [$"Logging:LogLevel:{Category}"] = "Debug" };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddFilter(Category, LogLevel.Debug).AddProvider(new CommandTexts(Commands)));
        }

        private sealed class CommandTexts(ConcurrentQueue<string> commands) : ILoggerProvider, ILogger
        {
            public ILogger CreateLogger(string categoryName) => categoryName == Category ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Dispose() { }

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (state is IEnumerable<KeyValuePair<string, object?>> values && values.FirstOrDefault(v => v.Key == "commandText").Value is string text)
                    commands.Enqueue(text);
            }
        }
    }

    [Fact]
    public async Task The_token_lookup_reads_only_the_callers_memberships_by_index()
    {
        var ws = await factory.NewWorkspaceAsync();
        await factory.NewWorkspaceAsync(); // another team's members share the table
        factory.Commands.Clear();
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);

        // EF logs each command twice, as it starts and as it ends.

        var lookup = Assert.Single(factory.Commands.Where(sql => sql.Contains("\"TokenHash\" = @hash", StringComparison.Ordinal)).Distinct());
        Assert.Contains("\"Members\"", lookup, StringComparison.Ordinal);
        Assert.DoesNotContain("INNER JOIN", lookup, StringComparison.Ordinal);
        if (factory.IsPostgres) return; // PostgreSQL merges the subquery itself; the join-free text above is what SQLite needs

        await using var connection = new SqliteConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + lookup;
        explain.Parameters.AddWithValue("@hash", "x");
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        Assert.DoesNotContain(plan, step => step.StartsWith("MATERIALIZE", StringComparison.Ordinal) || step.StartsWith("SCAN m", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH m USING INDEX", StringComparison.Ordinal));
    }

    /// <summary>The workspaces list reads no workspace's standing: its lookup is the token alone, and the list is still the caller's.</summary>
    [Fact]
    public async Task A_route_outside_any_workspace_looks_up_the_token_alone()
    {
        var ws = await factory.NewWorkspaceAsync();
        factory.Commands.Clear();
        var list = (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);

        var lookup = Assert.Single(factory.Commands.Where(sql => sql.Contains("\"TokenHash\" = @hash", StringComparison.Ordinal)).Distinct());
        Assert.DoesNotContain("\"Members\"", lookup, StringComparison.Ordinal);
        Assert.Equal([ws.Id], list.Data.EnumerateArray().Select(w => w.GetProperty("id").GetInt64()));
    }

    /// <summary>Every API route but the workspaces list resolves a workspace, so only it skips the memberships.</summary>
    [Fact]
    public void Only_the_workspaces_list_is_outside_any_workspace()
    {
        var outside = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v2", StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<WorkspaceScopeRoutes.ReadsWorkspaceScope>() is null)
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)} {e.RoutePattern.RawText}").ToList();
        Assert.Equal(["GET /api/v2/workspaces/"], outside);
    }

    /// <summary>On SQLite the lookup leaves the connection open for the request's own queries; the request's end closes it.</summary>
    [Fact]
    public async Task The_request_leaves_no_connection_open()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);

        // Renting more contexts at once than this class's host ever served in parallel takes every pooled one, the
        // request's among them.
        var scopes = Enumerable.Range(0, 16).Select(_ => factory.Services.CreateScope()).ToList();
        var contexts = scopes.Select(s => s.ServiceProvider.GetRequiredService<TrackerDbContext>()).ToList();
        var states = contexts.Select(c => c.Database.GetDbConnection().State).ToList();
        var leases = contexts.Select(c => c.ContextId.Lease).ToList();
        scopes.ForEach(s => s.Dispose());
        Assert.Contains(leases, lease => lease > 1); // a context that served before
        Assert.All(states, state => Assert.Equal(System.Data.ConnectionState.Closed, state));
    }
}
