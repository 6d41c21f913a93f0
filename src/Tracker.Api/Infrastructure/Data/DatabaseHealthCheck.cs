using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tracker.Api.Infrastructure.Data;

public sealed class DatabaseHealthCheck(TrackerDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Database unreachable");
}
