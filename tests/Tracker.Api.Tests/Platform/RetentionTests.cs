using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Retention;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>
/// Retention with the fake clock: finished deliveries after 30 days (failed after 90), dispatched outbox events after
/// 30 days once no delivery points at them, idempotency records after 24 hours, web session tokens a week after they
/// expired or were revoked; pending work and personal access tokens are never deleted. A batch of 2 makes every kind
/// take several DELETEs.
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

        Assert.Equal((1, 4, 5), (first.Deliveries, first.Events, first.IdempotencyRecords)); // the succeeded delivery; "ok" and the three lone events; five records
        Assert.Equal(["bad", "new", "undispatched", "wait"], await EventsAsync(ws.Id));
        Assert.Equal(["d-bad", "d-wait"], await DeliveriesAsync(ws.Id));
        Assert.Equal(0, await CountAsync(db => db.Set<WebhookDeliveryAttempt>().CountAsync(a => a.DeliveryId == "d-ok")));
        Assert.Equal(1, await CountAsync(db => db.IdempotencyRecords.CountAsync(r => r.UserId == ws.Owner.Id)));

        factory.Clock.Advance(TimeSpan.FromDays(60)); // the failed delivery passes 90 days; the recent event 30
        var second = await retention.RunOnceAsync();

        Assert.Equal((1, 2, 1), (second.Deliveries, second.Events, second.IdempotencyRecords)); // web sessions: the other test's
        Assert.Equal(["undispatched", "wait"], await EventsAsync(ws.Id));
        Assert.Equal(["d-wait"], await DeliveriesAsync(ws.Id));
    }

    [Fact]
    public async Task Web_session_tokens_go_a_week_after_they_end_and_personal_tokens_stay()
    {
        var ws = await factory.NewWorkspaceAsync();
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            db.PersonalAccessTokens.AddRange(
                Token(ws.Owner.Id, "trk_web_exp1", now.AddDays(-9), now.AddDays(-8), null),
                Token(ws.Owner.Id, "trk_web_exp2", now.AddDays(-9), now.AddDays(-8), null),
                Token(ws.Owner.Id, "trk_web_rev1", now.AddDays(-8), now.AddHours(-1), now.AddDays(-8)), // revoked, sliding expiry not yet passed
                Token(ws.Owner.Id, "trk_web_grace", now.AddDays(-6), now.AddDays(-6), null), // ended 6 days ago: within the grace
                Token(ws.Owner.Id, "trk_web_live", now, now.AddHours(8), null),
                Token(ws.Owner.Id, "trk_pat_old", now.AddDays(-400), now.AddDays(-200), now.AddDays(-300))); // a PAT: listed to its owner, kept
            await db.SaveChangesAsync();
        }
        var retention = factory.Services.GetRequiredService<Retention>();

        Assert.Equal(3, (await retention.RunOnceAsync()).WebSessions); // batches of 2: two DELETEs
        Assert.Equal(["trk_pat_old", "trk_web_grace", "trk_web_live"], await TokensAsync(ws.Owner.Id));

        factory.Clock.Advance(TimeSpan.FromDays(2)); // the grace of the 6-day-old one ends; the live one is 2 days past its end
        Assert.Equal(1, (await retention.RunOnceAsync()).WebSessions);
        Assert.Equal(["trk_pat_old", "trk_web_live"], await TokensAsync(ws.Owner.Id));
    }

    private static PersonalAccessToken Token(long userId, string prefix, DateTime created, DateTime expires, DateTime? revoked) => new()
    {
        UserId = userId, Name = prefix, TokenHash = prefix + "-hash", Prefix = prefix, CreatedAt = created, ExpiresAt = expires, RevokedAt = revoked,
    };

    private async Task<List<string>> TokensAsync(long userId) =>
        await QueryAsync(db => db.PersonalAccessTokens.Where(t => t.UserId == userId && t.Name != "test").Select(t => t.Prefix).OrderBy(p => p).ToListAsync());

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
