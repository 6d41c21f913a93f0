using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Events;

/// <summary>
/// Records a domain event in the change's own unit of work: call it before SaveChanges, so the event is stored
/// if and only if the change is (transactional outbox). Webhook delivery reads the outbox later.
/// </summary>
public sealed class Outbox(TrackerDbContext db, TimeProvider clock, IOptions<JsonOptions> json)
{
    public void Record(long workspaceId, string eventType, object payload) =>
        db.OutboxEvents.Add(new OutboxEvent
        {
            Id = Guid.NewGuid().ToString(),
            WorkspaceId = workspaceId,
            EventType = eventType,
            PayloadJson = JsonSerializer.Serialize(payload, payload.GetType(), json.Value.SerializerOptions),
            OccurredAt = clock.GetUtcNow().UtcDateTime,
        });
}
