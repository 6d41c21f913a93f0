using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Events;

/// <summary>
/// Records a domain event in the change's own unit of work: call it before SaveChanges, so the event is stored
/// if and only if the change is (transactional outbox). Webhook delivery reads the outbox later.
/// </summary>
public sealed class Outbox(TrackerDbContext db, TimeProvider clock, IOptions<JsonOptions> json)
{
    /// <summary>The event's name comes from its record; its properties, snake_cased, are the payload.</summary>
    public void Record<TEvent>(long workspaceId, TEvent e) where TEvent : IDomainEvent =>
        Record(workspaceId, TEvent.Name, e);

    /// <summary>
    /// Untyped form, for tests that store an event of a given shape. Only a name some record declares is accepted,
    /// so the outbox never holds an event no webhook could subscribe to.
    /// </summary>
    internal void Record(long workspaceId, string eventType, object payload)
    {
        if (!DomainEvents.Names.Contains(eventType)) throw new ArgumentException($"No domain event is named '{eventType}'.", nameof(eventType));
        db.OutboxEvents.Add(new OutboxEvent
        {
            Id = Guid.NewGuid().ToString(),
            WorkspaceId = workspaceId,
            EventType = eventType,
            PayloadJson = JsonSerializer.Serialize(payload, payload.GetType(), json.Value.SerializerOptions),
            OccurredAt = clock.GetUtcNow().UtcDateTime,
        });
    }
}
