using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Tracker.Api.Infrastructure.RateLimiting;

/// <summary>Hits counted so far in the caller's current window, and when that window ends.</summary>
public readonly record struct WindowCount(long Count, TimeSpan ResetIn);

/// <summary>
/// A fixed-window counter: the first hit opens a window of <c>window</c> length, every hit adds one, the window's
/// count vanishes when it ends. One process and many processes share one code path. The sign-in throttle also reads
/// how long a window has left and ends one early.
/// </summary>
public interface IRateLimitStore
{
    Task<WindowCount> IncrementAsync(string key, TimeSpan window, CancellationToken ct);

    /// <summary>Time left in the key's open window, without counting a hit; zero when none is open.</summary>
    Task<TimeSpan> RemainingAsync(string key, CancellationToken ct);

    /// <summary>Ends the key's window now.</summary>
    Task ResetAsync(string key, CancellationToken ct);
}

/// <summary>Counts in this process only (the default: one server process).</summary>
public sealed class InMemoryRateLimitStore(TimeProvider clock) : IRateLimitStore
{
    private readonly ConcurrentDictionary<string, Counter> _windows = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public Task<WindowCount> IncrementAsync(string key, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        SweepExpired(now);
        var counter = _windows.GetOrAdd(key, _ => new Counter());
        lock (counter)
        {
            if (counter.EndsAt <= now)
            {
                counter.Count = 0;
                counter.EndsAt = now + window;
            }
            counter.Count++;
            return Task.FromResult(new WindowCount(counter.Count, counter.EndsAt - now));
        }
    }

    public Task<TimeSpan> RemainingAsync(string key, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!_windows.TryGetValue(key, out var counter)) return Task.FromResult(TimeSpan.Zero);
        lock (counter) return Task.FromResult(counter.EndsAt > now ? counter.EndsAt - now : TimeSpan.Zero);
    }

    public Task ResetAsync(string key, CancellationToken ct)
    {
        if (_windows.TryGetValue(key, out var counter))
            lock (counter) counter.EndsAt = DateTimeOffset.MinValue;
        return Task.CompletedTask;
    }

    /// <summary>Drops finished windows once a minute so idle callers do not accumulate.</summary>
    private void SweepExpired(DateTimeOffset now)
    {
        if (now < _nextSweep) return;
        _nextSweep = now.AddMinutes(1);
        foreach (var (key, counter) in _windows)
            if (counter.EndsAt <= now) _windows.TryRemove(new KeyValuePair<string, Counter>(key, counter));
    }

    private sealed class Counter
    {
        public long Count;
        public DateTimeOffset EndsAt;
    }
}

/// <summary>
/// Counts in Redis so every server process sees the same window: INCR and PEXPIRE run as one Lua script, so the
/// window's expiry is set exactly once, by the hit that opened it, whatever process that was. Keys start with
/// <paramref name="instanceName"/>, so several deployments can share one Redis.
/// </summary>
public sealed class RedisRateLimitStore(IConnectionMultiplexer redis, string instanceName) : IRateLimitStore
{
    private readonly string _keyPrefix = instanceName + "ratelimit:";
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {count, ttl}
        """;

    public async Task<WindowCount> IncrementAsync(string key, TimeSpan window, CancellationToken ct)
    {
        var result = (RedisResult[]?)await redis.GetDatabase().ScriptEvaluateAsync(
            Script, [new RedisKey(_keyPrefix + key)], [(long)window.TotalMilliseconds]);
        if (result is not { Length: 2 }) throw new RedisException("Unexpected reply from the rate-limit script.");
        return new WindowCount((long)result[0], TimeSpan.FromMilliseconds((long)result[1]));
    }

    public async Task<TimeSpan> RemainingAsync(string key, CancellationToken ct) =>
        await redis.GetDatabase().KeyTimeToLiveAsync(new RedisKey(_keyPrefix + key)) is { } ttl && ttl > TimeSpan.Zero ? ttl : TimeSpan.Zero;

    public Task ResetAsync(string key, CancellationToken ct) => redis.GetDatabase().KeyDeleteAsync(new RedisKey(_keyPrefix + key));
}
