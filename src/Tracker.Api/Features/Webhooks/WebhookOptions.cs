namespace Tracker.Api.Features.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    /// <summary>Let deliveries reach 127.0.0.1/::1 (tests and local development only).</summary>
    public bool AllowLoopback { get; set; }
    /// <summary>Run the background worker in this process (several processes may share one database).</summary>
    public bool WorkerEnabled { get; set; } = true;
    public double PollIntervalSeconds { get; set; } = 5;
    public double TimeoutSeconds { get; set; } = 10;
    /// <summary>14 attempts with doubling backoff capped at 6 h span about 26 hours before a delivery gives up.</summary>
    public int MaxAttempts { get; set; } = 14;
    public int BatchSize { get; set; } = 50;

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollIntervalSeconds);
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
    /// <summary>How long a claimed delivery stays locked: longer than any send can take, so only a crashed worker loses it.</summary>
    public TimeSpan Lease => Timeout * 3 + TimeSpan.FromSeconds(10);
}
