using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Retention;

/// <summary>
/// Deletes bookkeeping rows that have outlived their use, in batches: finished deliveries (their attempt logs go with
/// them, by cascade), then dispatched outbox events no kept delivery points at (redelivery re-reads the event), then
/// idempotency records past their replay window, then web session tokens (one per sign-in) a grace period after they
/// expired or were revoked. Pending deliveries and personal access tokens are never touched. Safe in several
/// processes at once: every DELETE re-checks its own condition.
/// </summary>
public sealed class Retention(IServiceScopeFactory scopes, TimeProvider clock, IOptions<RetentionOptions> options)
{
    private readonly RetentionOptions _options = options.Value;

    public sealed record Deleted(int Deliveries, int Events, int IdempotencyRecords, int WebSessions);

    public async Task<Deleted> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var succeededBefore = now - _options.DeliveryAge;
        var failedBefore = now - _options.FailedDeliveryAge;
        var dispatchedBefore = now - _options.OutboxAge;
        var createdBefore = now - _options.IdempotencyAge;
        var endedBefore = now - _options.WebSessionGrace;
        var batch = _options.BatchSize;

        var deliveries = await InBatchesAsync(async db =>
        {
            var expired = db.WebhookDeliveries.Where(d =>
                (d.Status == DeliveryStatuses.Succeeded && d.CompletedAt < succeededBefore)
                || (d.Status == DeliveryStatuses.Failed && d.CompletedAt < failedBefore));
            var ids = await expired.OrderBy(d => d.CompletedAt).Select(d => d.Id).Take(batch).ToListAsync(ct);
            return await expired.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(ct);
        }, ct);
        var events = await InBatchesAsync(async db =>
        {
            var expired = db.OutboxEvents.Where(e => e.DispatchedAt < dispatchedBefore
                                                     && !db.WebhookDeliveries.Any(d => d.OutboxEventId == e.Id));
            var ids = await expired.OrderBy(e => e.DispatchedAt).Select(e => e.Id).Take(batch).ToListAsync(ct);
            return await expired.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(ct);
        }, ct);
        var records = await InBatchesAsync(async db =>
        {
            var expired = db.IdempotencyRecords.Where(r => r.CreatedAt < createdBefore);
            var ids = await expired.OrderBy(r => r.Id).Select(r => r.Id).Take(batch).ToListAsync(ct);
            return await expired.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
        }, ct);
        var sessions = await InBatchesAsync(async db =>
        {
            var ended = db.PersonalAccessTokens.Where(t => t.Prefix.StartsWith(PersonalAccessTokens.WebSessionPrefix)
                                                            && (t.ExpiresAt < endedBefore || t.RevokedAt < endedBefore));
            var ids = await ended.OrderBy(t => t.Id).Select(t => t.Id).Take(batch).ToListAsync(ct);
            return await ended.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(ct);
        }, ct);
        return new Deleted(deliveries, events, records, sessions);
    }

    /// <summary>Runs <paramref name="deleteBatch"/> (one short statement) until a batch comes back short.</summary>
    private async Task<int> InBatchesAsync(Func<TrackerDbContext, Task<int>> deleteBatch, CancellationToken ct)
    {
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var deleted = await deleteBatch(scope.ServiceProvider.GetRequiredService<TrackerDbContext>());
            total += deleted;
            if (deleted < _options.BatchSize) break;
        }
        return total;
    }
}
