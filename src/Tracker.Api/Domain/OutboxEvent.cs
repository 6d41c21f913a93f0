namespace Tracker.Api.Domain;

/// <summary>
/// A domain event written in the same transaction as the change that caused it (transactional outbox).
/// The webhook dispatcher reads these rows and turns them into deliveries.
/// </summary>
public class OutboxEvent
{
    public required string Id { get; set; }
    public long WorkspaceId { get; set; }
    /// <summary>Event name as the contract spells it, e.g. "member.invited".</summary>
    public required string EventType { get; set; }
    public required string PayloadJson { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>Set once the dispatcher has fanned the event out to the workspace's webhooks.</summary>
    public DateTime? DispatchedAt { get; set; }
}
