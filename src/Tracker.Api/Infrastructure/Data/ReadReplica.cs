using System.Net.Sockets;
using System.Security.Claims;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StackExchange.Redis;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.RateLimiting;

namespace Tracker.Api.Infrastructure.Data;

/// <summary>
/// The read-only database (ConnectionStrings:ReadOnly, e.g. a streaming replica). Only routes that declare
/// <see cref="ReadReplicaRoutes.ReadsFromReplica{TBuilder}"/> (lists and reports) read from it, and only in their
/// handler: the token lookup, the tenancy check and the path ids run before the handler, on the primary, and so
/// does every write. Two rules keep the answers right:
/// <list type="bullet">
/// <item>read-your-writes: after a user's write their reads go to the primary for Database:ReadYourWritesSeconds
/// (5), a window kept in the shared window store, so with Redis every process knows;</item>
/// <item>fallback: a replica that cannot answer (refused, shut down, conflicting with recovery), or on PostgreSQL
/// lags behind by more than Database:ReplicaMaxLagSeconds (<see cref="ReplicaLagProbe"/>), is marked down for
/// Database:ReplicaRetrySeconds (5) and the request is answered from the primary instead.</item>
/// </list>
/// </summary>
public sealed class ReadReplica(
    Func<TrackerDbContext> create, IRateLimitStore windows, TimeProvider clock, IConfiguration config, ILogger<ReadReplica> logger)
{
    private readonly TimeSpan _readYourWrites = TimeSpan.FromSeconds(config.GetValue("Database:ReadYourWritesSeconds", 5.0));
    private readonly TimeSpan _retryAfter = TimeSpan.FromSeconds(config.GetValue("Database:ReplicaRetrySeconds", 5.0));
    private long _downUntilTicks;

    /// <summary>A pooled context on the replica; the caller disposes it (back to the pool).</summary>
    public TrackerDbContext CreateContext() => create();

    /// <summary>Whether this caller's read may go to the replica now.</summary>
    public async Task<bool> ServesAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _downUntilTicks)) return false;
        if (user.UserId() is not { } userId) return true;
        try
        {
            return await windows.RemainingAsync(RecentWriteKey(userId), ct) == TimeSpan.Zero;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false; // cannot tell whether they just wrote: the primary is always right
        }
    }

    /// <summary>Opens (or restarts) the user's read-your-writes window.</summary>
    public async Task WroteAsync(long userId)
    {
        var key = RecentWriteKey(userId);
        try
        {
            await windows.ResetAsync(key, CancellationToken.None);
            await windows.IncrementAsync(key, _readYourWrites, CancellationToken.None);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Window store unavailable; user {UserId}'s next reads may not see their write.", userId);
        }
    }

    /// <summary>
    /// True (and the replica marked down) when <paramref name="error"/> says the replica could not answer, as opposed
    /// to a query it answered with an error.
    /// </summary>
    public bool TookDown(Exception error)
    {
        if (!IsUnavailable(error)) return false;
        MarkDown(error.GetBaseException().Message);
        return true;
    }

    /// <summary>Reads go to the primary for Database:ReplicaRetrySeconds; logged when the replica was up until now.</summary>
    public void MarkDown(string reason)
    {
        var now = clock.GetUtcNow();
        if (Interlocked.Exchange(ref _downUntilTicks, (now + _retryAfter).UtcTicks) > now.UtcTicks) return;
        logger.LogWarning("Read replica unavailable ({Reason}); reading from the primary for {Seconds} s.", reason, _retryAfter.TotalSeconds);
    }

    private static bool IsUnavailable(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // 57P01-03: shut down or starting; 08xxx: connection failures; 40001: a standby cancelled the query
                // because replay needed its rows.
                case PostgresException pg:
                    return pg.SqlState is "57P01" or "57P02" or "57P03" or "40001" || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException or SocketException or TimeoutException:
                    return true;
                case SqliteException { SqliteErrorCode: 14 or 26 }: // cannot open, not a database
                    return true;
            }
        }
        return false;
    }

    /// <summary>In the shared window store, beside the rate-limit windows (same prefix).</summary>
    private static string RecentWriteKey(long userId) => "recent-write:" + userId;
}

public static class ReadReplicaRoutes
{
    /// <summary>
    /// This list or report's handler reads from the replica when ConnectionStrings:ReadOnly is set: its
    /// <see cref="TrackerDbContext"/> argument is swapped for a replica context (the primary's stays with everything
    /// that ran before). When the replica fails to answer, the handler runs again on the primary; it only reads.
    /// Without ReadOnly the route gets no filter at all (a filter, even one passing through, costs every request the
    /// filtered invocation path).
    /// </summary>
    public static TBuilder ReadsFromReplica<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.ApplicationServices.GetService<ReadReplica>() is { } replica) endpoint.FilterFactories.Add((factory, next) => Swapped(replica, factory, next));
        });
        return builder;
    }

    private static EndpointFilterDelegate Swapped(ReadReplica replica, EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var index = Array.FindIndex(factory.MethodInfo.GetParameters(), p => p.ParameterType == typeof(TrackerDbContext));
        if (index < 0) throw new InvalidOperationException($"{factory.MethodInfo.Name} reads from the replica but takes no {nameof(TrackerDbContext)}.");
        return async invocation =>
        {
            var http = invocation.HttpContext;
            // A sync (updated_since) reads the primary: its settle window promises every change stamped before it is
            // visible, which a replica behind by up to Database:ReplicaMaxLagSeconds cannot keep.
            if (http.Request.Query.ContainsKey("updated_since") || !await replica.ServesAsync(http.User, http.RequestAborted))
                return await next(invocation);
            var primary = invocation.Arguments[index];
            var replicaDb = replica.CreateContext();
            http.Response.RegisterForDisposeAsync(replicaDb);
            invocation.Arguments[index] = replicaDb;
            try
            {
                return await next(invocation);
            }
            catch (Exception e) when (replica.TookDown(e))
            {
                invocation.Arguments[index] = primary;
                return await next(invocation);
            }
        };
    }

    /// <summary>
    /// Opens a user's read-your-writes window when a write of theirs succeeds, before the response leaves, so a read
    /// sent after it was acknowledged goes to the primary. Nothing without ConnectionStrings:ReadOnly.
    /// </summary>
    public static IApplicationBuilder UseReadYourWrites(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetService<ReadReplica>() is not { } replica) return app;
        return app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method) && context.User.UserId() is { } userId)
                context.Response.OnStarting(() => context.Response.StatusCode < 400 ? replica.WroteAsync(userId) : Task.CompletedTask);
            await next(context);
        });
    }
}

/// <summary>
/// PostgreSQL: every Database:ReplicaLagCheckSeconds (1) asks the replica how long ago it replayed what it has
/// received and not yet applied; beyond Database:ReplicaMaxLagSeconds (5) it is marked down like one that failed, so a
/// list is never older than that for anyone. Caught up, idle, or not a standby at all: no lag.
/// </summary>
public sealed class ReplicaLagProbe(ReadReplica replica, TimeProvider clock, IConfiguration config, ILogger<ReplicaLagProbe> logger) : BackgroundService
{
    private const string LagSql = """
        SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS "Value"
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var maxLag = config.GetValue("Database:ReplicaMaxLagSeconds", 5.0);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(config.GetValue("Database:ReplicaLagCheckSeconds", 1.0)), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await using var db = replica.CreateContext();
            try
            {
                var lag = await db.Database.SqlQueryRaw<double>(LagSql).SingleAsync(stoppingToken);
                if (lag > maxLag) replica.MarkDown($"replay {lag:0.#} s behind");
            }
            catch (Exception e) when (replica.TookDown(e))
            {
                // marked down; the next tick asks again
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Replica lag check failed.");
            }
        }
    }
}
