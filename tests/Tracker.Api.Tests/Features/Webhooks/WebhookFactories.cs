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

/// <summary>A second server process on another factory's database (a restart, or a second worker).</summary>
public sealed class SameDatabaseFactory(TrackerFactory original, bool allowLoopback = true) : TrackerFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Default"] = original.ConnectionString,
        ["Webhooks:WorkerEnabled"] = "false",
        ["Webhooks:AllowLoopback"] = allowLoopback ? "true" : "false",
    };
}
