using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Retention;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>
/// Retention with the fake clock: finished deliveries after 30 days (failed after 90), dispatched outbox events after
/// 30 days once no delivery points at them, idempotency records after 24 hours; pending work is never deleted. A batch
/// of 2 makes every kind take several DELETEs.
/// </summary>
public class RetentionTests(RetentionTests.Factory factory) : IClassFixture<RetentionTests.Factory>
{
    public sealed class Factory : TrackerFactory
    {
        // No webhook worker: it would dispatch the test's undispatched event.
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Retention:BatchSize"] = "2", ["Webhooks:WorkerEnabled"] = "false",
        };
    }

    [Fact]
    public async Task Old_bookkeeping_goes_in_batches_and_pending_work_stays()
    {
        var ws = await factory.NewWorkspaceAsync();
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            db.Webhooks.Add(new Webhook
            {
                Id = "wh-retention", WorkspaceId = ws.Id, Url = "https://example.com/hook", Events = ",member.invited,",
                Secret = "whsec_x", Status = WebhookStatuses.Active, CreatedBy = ws.Owner.Id, CreatedAt = now, UpdatedAt = now,
            });
            // Events: old ones with a succeeded, a failed and a pending delivery; old ones without; a recent one; an undispatched old one.
            foreach (var (id, dispatchedDaysAgo) in new[] { ("ok", 40), ("bad", 40), ("wait", 40), ("lone1", 31), ("lone2", 31), ("lone3", 31), ("new", 29) })
                db.OutboxEvents.Add(Event(ws.Id, id, now.AddDays(-dispatchedDaysAgo - 1), now.AddDays(-dispatchedDaysAgo)));
            db.OutboxEvents.Add(Event(ws.Id, "undispatched", now.AddDays(-200), null));
            db.WebhookDeliveries.AddRange(
                Delivery(ws.Id, "ok", DeliveryStatuses.Succeeded, now.AddDays(-31)),
                Delivery(ws.Id, "bad", DeliveryStatuses.Failed, now.AddDays(-31)),
                Delivery(ws.Id, "wait", DeliveryStatuses.Pending, null));
            db.Set<WebhookDeliveryAttempt>().Add(new WebhookDeliveryAttempt { DeliveryId = "d-ok", Attempt = 1, StatusCode = 200, AttemptedAt = now.AddDays(-31) });
            for (var i = 0; i < 5; i++)
                db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = ws.Owner.Id, Key = $"old-{i}", RequestHash = "h", StatusCode = 201, CreatedAt = now.AddHours(-25) });
            db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = ws.Owner.Id, Key = "fresh", RequestHash = "h", StatusCode = 201, CreatedAt = now.AddHours(-23) });
            await db.SaveChangesAsync();
        }
        var retention = factory.Services.GetRequiredService<Retention>();

        var first = await retention.RunOnceAsync();

        Assert.Equal(new Retention.Deleted(1, 4, 5), first); // the succeeded delivery; "ok" and the three lone events; five records
        Assert.Equal(["bad", "new", "undispatched", "wait"], await EventsAsync(ws.Id));
        Assert.Equal(["d-bad", "d-wait"], await DeliveriesAsync(ws.Id));
        Assert.Equal(0, await CountAsync(db => db.Set<WebhookDeliveryAttempt>().CountAsync(a => a.DeliveryId == "d-ok")));
        Assert.Equal(1, await CountAsync(db => db.IdempotencyRecords.CountAsync(r => r.UserId == ws.Owner.Id)));

        factory.Clock.Advance(TimeSpan.FromDays(60)); // the failed delivery passes 90 days; the recent event 30
        var second = await retention.RunOnceAsync();

        Assert.Equal(new Retention.Deleted(1, 2, 1), second);
        Assert.Equal(["undispatched", "wait"], await EventsAsync(ws.Id));
        Assert.Equal(["d-wait"], await DeliveriesAsync(ws.Id));
    }

    private static OutboxEvent Event(long ws, string id, DateTime occurred, DateTime? dispatched) => new()
    {
        Id = $"{ws}-{id}", WorkspaceId = ws, EventType = "member.invited", PayloadJson = "{}", OccurredAt = occurred, DispatchedAt = dispatched,
    };

    private static WebhookDelivery Delivery(long ws, string id, string status, DateTime? completed) => new()
    {
        Id = $"d-{id}", WebhookId = "wh-retention", WorkspaceId = ws, OutboxEventId = $"{ws}-{id}", EventType = "member.invited",
        Status = status, Attempts = 1, NextAttemptAt = completed ?? DateTime.UnixEpoch, CreatedAt = completed ?? DateTime.UnixEpoch, CompletedAt = completed,
    };

    private async Task<List<string>> EventsAsync(long ws) =>
        [.. (await QueryAsync(db => db.OutboxEvents.Where(e => e.WorkspaceId == ws).Select(e => e.Id).ToListAsync()))
            .Select(id => id[(id.IndexOf('-') + 1)..]).Order(StringComparer.Ordinal)];

    private async Task<List<string>> DeliveriesAsync(long ws) =>
        await QueryAsync(db => db.WebhookDeliveries.Where(d => d.WorkspaceId == ws).Select(d => d.Id).OrderBy(d => d).ToListAsync());

    private Task<int> CountAsync(Func<Tracker.Api.Infrastructure.Data.TrackerDbContext, Task<int>> count) => QueryAsync(count);

    private async Task<T> QueryAsync<T>(Func<Tracker.Api.Infrastructure.Data.TrackerDbContext, Task<T>> query)
    {
        await using var scope = factory.Scope();
        return await query(factory.Db(scope));
    }
}
