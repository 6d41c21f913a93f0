using System.Net.Sockets;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Scale;

/// <summary>One more server process: a factory whose settings point it at another's database and key folders.</summary>
public sealed class PeerFactory(IDictionary<string, string?> settings) : TrackerFactory
{
    protected override IDictionary<string, string?> Settings => settings;
}

/// <summary>A test that needs a Redis server: skipped unless TRACKER_TEST_REDIS (default 127.0.0.1:6379) answers.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public static readonly string Server = Environment.GetEnvironmentVariable("TRACKER_TEST_REDIS") ?? "127.0.0.1:6379";
    private static readonly Lazy<bool> Reachable = new(Probe);

    public RedisFactAttribute()
    {
        if (!Reachable.Value) Skip = $"No Redis server at {Server} (set TRACKER_TEST_REDIS or start redis-server).";
    }

    private static bool Probe()
    {
        var (host, port) = Server.Split(':') is [var h, var p] ? (h, int.Parse(p)) : (Server, 6379);
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(1)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
