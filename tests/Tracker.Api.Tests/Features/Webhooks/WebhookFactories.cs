using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Webhooks;

/// <summary>The background worker is off: tests run <c>WebhookProcessor.RunOnceAsync</c> themselves, deterministically.</summary>
public class WebhookFactory : TrackerFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Webhooks:WorkerEnabled"] = "false",
        ["Webhooks:MaxAttempts"] = "3",
    };
}

/// <summary>
/// A second server process on another factory's database (a restart, or a second worker). Its clock starts where the
/// original's is: servers sharing a database share wall-clock time (leases rely on it).
/// </summary>
public sealed class SameDatabaseFactory : TrackerFactory
{
    private readonly TrackerFactory _original;
    private readonly bool _allowLoopback;

    public SameDatabaseFactory(TrackerFactory original, bool allowLoopback = true)
    {
        _original = original;
        _allowLoopback = allowLoopback;
        Clock.SetUtcNow(original.Clock.GetUtcNow());
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Default"] = _original.ConnectionString,
        ["Webhooks:WorkerEnabled"] = "false",
        ["Webhooks:AllowLoopback"] = _allowLoopback ? "true" : "false",
    };
}
