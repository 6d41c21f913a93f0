namespace Tracker.Api.Domain;

/// <summary>
/// One outbox event on its way to one webhook. The row is the whole delivery state (pending, lease, next attempt),
/// so a restarted server carries on where the old one stopped.
/// </summary>
public class WebhookDelivery
{
    /// <summary>Sent as <c>webhook-id</c>; stays the same across retries and redeliveries so receivers can de-duplicate.</summary>
    public required string Id { get; set; }
    public required string WebhookId { get; set; }
    public long WorkspaceId { get; set; }
    public required string OutboxEventId { get; set; }
    public required string EventType { get; set; }
    /// <summary>"pending", "succeeded" or "failed" (retries exhausted).</summary>
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>A worker holds the delivery until this instant; an expired lease (crashed worker) frees it again.</summary>
    public DateTime? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public List<WebhookDeliveryAttempt> AttemptLog { get; set; } = [];
}

/// <summary>The log line of one POST: what the receiver answered and how long it took.</summary>
public class WebhookDeliveryAttempt
{
    public long Id { get; set; }
    public required string DeliveryId { get; set; }
    public int Attempt { get; set; }
    public int? StatusCode { get; set; }
    public int DurationMs { get; set; }
    public string? Error { get; set; }
    public DateTime AttemptedAt { get; set; }
}

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
