using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Features.Webhooks;

/// <summary>
/// One pass of webhook work: fan undispatched outbox events out to deliveries, then send the deliveries that are
/// due. Every step claims its row with a conditional UPDATE (the row changes only if it is still unclaimed), so any
/// number of processes sharing one database never send one delivery twice; all state lives in the database.
/// </summary>
public sealed class WebhookProcessor(
    IServiceScopeFactory scopes, WebhookSender sender, TimeProvider clock, IOptions<WebhookOptions> options,
    ILogger<WebhookProcessor> logger)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };
    private readonly WebhookOptions _options = options.Value;

    /// <summary>Identifies this worker's leases (several may run in one process in tests).</summary>
    public string WorkerId { get; } = $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>
    /// Dispatches and delivers what is due now. Returns the larger of events dispatched and deliveries attempted: a
    /// full batch (<see cref="WebhookOptions.BatchSize"/>) means more work may be waiting.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var dispatched = await DispatchAsync(ct);
        return Math.Max(dispatched, await DeliverDueAsync(ct));
    }

    private async Task<int> DispatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrackerDbContext>();
        var events = await db.OutboxEvents.AsNoTracking().Where(e => e.DispatchedAt == null)
            .OrderBy(e => e.OccurredAt).Take(_options.BatchSize)
            .Select(e => new { e.Id, e.WorkspaceId, e.EventType }).ToListAsync(ct);
        if (events.Count == 0) return 0;

        // Most events have no subscriber (every start and stop records one). Marking those needs no claim: there is
        // no delivery to double, so one UPDATE settles them all instead of a transaction each.
        var workspaceIds = events.Select(e => e.WorkspaceId).Distinct().ToList();
        var subscriptions = await db.Webhooks.AsNoTracking()
            .Where(w => workspaceIds.Contains(w.WorkspaceId) && w.Status == WebhookStatuses.Active)
            .Select(w => new { w.Id, w.WorkspaceId, w.Events }).ToListAsync(ct);
        var subscribersOf = events.ToDictionary(e => e.Id, e => subscriptions
            .Where(w => w.WorkspaceId == e.WorkspaceId && w.Events.Contains("," + e.EventType + ",", StringComparison.Ordinal))
            .Select(w => w.Id).ToList());
        var unheard = events.Where(e => subscribersOf[e.Id].Count == 0).Select(e => e.Id).ToList();
        if (unheard.Count > 0)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await db.OutboxEvents.Where(x => unheard.Contains(x.Id) && x.DispatchedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.DispatchedAt, now), ct);
        }

        foreach (var e in events.Where(e => subscribersOf[e.Id].Count > 0))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.OutboxEvents.Where(x => x.Id == e.Id && x.DispatchedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.DispatchedAt, now), ct);
            if (claimed == 0) continue; // another dispatcher took it
            db.WebhookDeliveries.AddRange(subscribersOf[e.Id].Select(webhookId => new WebhookDelivery
            {
                Id = "msg_" + Guid.NewGuid().ToString("N"), WebhookId = webhookId, WorkspaceId = e.WorkspaceId,
                OutboxEventId = e.Id, EventType = e.EventType, Status = DeliveryStatuses.Pending, NextAttemptAt = now, CreatedAt = now,
            }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }
        return events.Count;
    }

    private async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrackerDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await Due(db, now).OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(_options.BatchSize).ToListAsync(ct);
        var attempted = 0;
        foreach (var id in due)
        {
            now = clock.GetUtcNow().UtcDateTime;
            var leaseEnd = now + _options.Lease;
            var claimed = await Due(db, now).Where(d => d.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, leaseEnd).SetProperty(d => d.LockedBy, WorkerId), ct);
            if (claimed == 0) continue; // another worker holds it
            await DeliverAsync(db, id, ct);
            db.ChangeTracker.Clear();
            attempted++;
        }
        return attempted;
    }

    /// <summary>Pending, due, not leased by a live worker, and its webhook still active.</summary>
    private static IQueryable<WebhookDelivery> Due(TrackerDbContext db, DateTime now) =>
        db.WebhookDeliveries.Where(d => d.Status == DeliveryStatuses.Pending && d.NextAttemptAt <= now
            && (d.LockedUntil == null || d.LockedUntil < now)
            && db.Webhooks.Any(w => w.Id == d.WebhookId && w.Status == WebhookStatuses.Active));

    private async Task DeliverAsync(TrackerDbContext db, string deliveryId, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        var webhook = delivery is null ? null : await db.Webhooks.FirstOrDefaultAsync(w => w.Id == delivery.WebhookId, ct);
        if (delivery is null || webhook is null) return; // the webhook was deleted after the claim
        var evt = await db.OutboxEvents.AsNoTracking().FirstAsync(e => e.Id == delivery.OutboxEventId, ct);
        var result = await sender.SendAsync(webhook.Url, webhook.Secret, delivery.Id, Body(evt, webhook.Id), ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var logged = await db.WebhookDeliveryAttempts.CountAsync(a => a.DeliveryId == delivery.Id, ct);
        db.WebhookDeliveryAttempts.Add(new WebhookDeliveryAttempt
        {
            DeliveryId = delivery.Id, Attempt = logged + 1, StatusCode = result.StatusCode, DurationMs = result.DurationMs,
            Error = result.Error, AttemptedAt = now,
        });
        delivery.Attempts++;
        delivery.LastStatusCode = result.StatusCode;
        delivery.LastError = result.Error;
        delivery.LockedUntil = null;
        delivery.LockedBy = null;
        if (result.Succeeded)
        {
            delivery.Status = DeliveryStatuses.Succeeded;
            delivery.CompletedAt = now;
        }
        else if (delivery.Attempts >= _options.MaxAttempts)
        {
            delivery.Status = DeliveryStatuses.Failed;
            delivery.CompletedAt = now;
            webhook.Status = WebhookStatuses.Disabled;
            webhook.DisabledAt = now;
            webhook.DisabledReason = $"Disabled after delivery {delivery.Id} failed {delivery.Attempts} times since "
                + $"{delivery.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}; last error: {result.Error}";
            logger.LogWarning("Webhook {WebhookId} disabled after {Attempts} failed attempts.", webhook.Id, delivery.Attempts);
        }
        else
        {
            delivery.NextAttemptAt = now + Backoff(delivery.Attempts);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>30 s doubling per attempt, capped at 6 h, with ±20 % jitter so failed receivers are not hit in waves.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Min(30 * Math.Pow(2, attempts - 1), 6 * 3600);
        return TimeSpan.FromSeconds(seconds * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    /// <summary>The delivery body of spec 4.6; the event's stored payload goes in <c>data</c> unchanged.</summary>
    public static string Body(OutboxEvent evt, string webhookId)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("event", evt.EventType);
            w.WriteString("webhook_id", webhookId);
            w.WriteNumber("workspace_id", evt.WorkspaceId);
            w.WriteString("timestamp", evt.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            w.WritePropertyName("data");
            w.WriteRawValue(evt.PayloadJson);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
