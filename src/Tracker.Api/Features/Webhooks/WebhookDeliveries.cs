using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Webhooks;

/// <summary>Extension endpoints: a webhook's delivery log (newest first) and redelivery of one event.</summary>
public static class WebhookDeliveries
{
    public static async Task<EnvelopeResult<IReadOnlyList<DeliveryResponse>>> ListAsync(
        string webhookId, string? status, WorkspaceScope scope, PageRequest paging, TrackerDbContext db, CancellationToken ct)
    {
        new Validator().OneOf("status", status, [DeliveryStatuses.Pending, DeliveryStatuses.Succeeded, DeliveryStatuses.Failed]).ThrowIfInvalid();
        await db.FindWebhookAsync(scope, webhookId, tracked: false, ct);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.WorkspaceId == scope.WorkspaceId && d.WebhookId == webhookId);
        if (status is not null) query = query.Where(d => d.Status == status.ToLowerInvariant());
        var page = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Select(d => new DeliveryResponse(
                d.Id, d.EventType, d.OutboxEventId, d.Status, d.Attempts, d.LastStatusCode, d.LastError,
                d.Status == DeliveryStatuses.Pending ? d.NextAttemptAt : null, d.CreatedAt, d.CompletedAt,
                d.AttemptLog.OrderBy(a => a.Id)
                    .Select(a => new DeliveryAttemptResponse(a.Attempt, a.StatusCode, a.DurationMs, a.Error, a.AttemptedAt)).ToList()))
            .ToPageAsync(paging, ct);
        return ApiResults.Page(page);
    }

    /// <summary>
    /// Queues the event again with a fresh retry budget. The <c>webhook-id</c> stays the same so a receiver that
    /// already processed it can tell; a disabled webhook must be re-enabled (PUT) first.
    /// </summary>
    public static async Task<EnvelopeResult<object?>> RedeliverAsync(
        string webhookId, string deliveryId, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var webhook = await db.FindWebhookAsync(scope, webhookId, tracked: false, ct);
        var delivery = await db.WebhookDeliveries
            .FirstOrDefaultAsync(d => d.WorkspaceId == scope.WorkspaceId && d.WebhookId == webhookId && d.Id == deliveryId, ct)
            ?? throw ApiException.NotFound("Delivery");
        if (webhook.Status != WebhookStatuses.Active)
            throw ApiException.BadRequest("The webhook is disabled; update it to re-enable it before redelivering.");
        if (delivery.Status == DeliveryStatuses.Pending)
            throw ApiException.BadRequest("The delivery is still pending; it will be retried automatically.");
        delivery.Status = DeliveryStatuses.Pending;
        delivery.Attempts = 0;
        delivery.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
        delivery.CompletedAt = null;
        await db.SaveChangesOrConflictAsync("The delivery was changed by a concurrent request.", ct);
        return ApiResults.Done("Delivery queued for redelivery");
    }
}
