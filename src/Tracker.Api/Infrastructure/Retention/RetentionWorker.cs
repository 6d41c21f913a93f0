using Microsoft.Extensions.Options;

namespace Tracker.Api.Infrastructure.Retention;

/// <summary>The <c>Retention</c> configuration section: how long bookkeeping rows are kept.</summary>
public sealed class RetentionOptions
{
    /// <summary>Run the clean-up in this process (any number of processes may; each DELETE re-checks).</summary>
    public bool Enabled { get; set; } = true;
    public double OutboxDays { get; set; } = 30;
    public double DeliveryDays { get; set; } = 30;
    /// <summary>Failed deliveries are kept longer: someone may still look into them or redeliver.</summary>
    public double FailedDeliveryDays { get; set; } = 90;
    /// <summary>Idempotency keys replay for 24 hours; their records are useless after.</summary>
    public double IdempotencyHours { get; set; } = 24;
    /// <summary>
    /// A web session token is deleted this long after it expired or was revoked: until then a request that carried it
    /// still meets a known, refused token (and an operator looking into a sign-in still finds its row).
    /// </summary>
    public double WebSessionGraceDays { get; set; } = 7;
    public double IntervalMinutes { get; set; } = 60;
    /// <summary>Rows per DELETE: short statements, so a large backlog never holds long locks.</summary>
    public int BatchSize { get; set; } = 1000;

    public TimeSpan OutboxAge => TimeSpan.FromDays(OutboxDays);
    public TimeSpan DeliveryAge => TimeSpan.FromDays(DeliveryDays);
    public TimeSpan FailedDeliveryAge => TimeSpan.FromDays(FailedDeliveryDays);
    public TimeSpan IdempotencyAge => TimeSpan.FromHours(IdempotencyHours);
    public TimeSpan WebSessionGrace => TimeSpan.FromDays(WebSessionGraceDays);
}

/// <summary>Runs <see cref="Retention"/> every interval (timed by the injected clock).</summary>
public sealed class RetentionWorker(Retention retention, TimeProvider clock, IOptions<RetentionOptions> options, ILogger<RetentionWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await retention.RunOnceAsync(stoppingToken);
                if (deleted.Deliveries + deleted.Events + deleted.IdempotencyRecords + deleted.WebSessions > 0)
                    logger.LogInformation(
                        "Retention deleted {Deliveries} deliveries, {Events} outbox events, {Records} idempotency records and {Sessions} web session tokens.",
                        deleted.Deliveries, deleted.Events, deleted.IdempotencyRecords, deleted.WebSessions);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Retention failed; retrying after the interval.");
            }
            try { await Task.Delay(TimeSpan.FromMinutes(options.Value.IntervalMinutes), clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}

public static class RetentionSetup
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RetentionOptions>().Bind(config.GetSection("Retention"))
            .Validate(o => o.OutboxDays > 0 && o.DeliveryDays > 0 && o.FailedDeliveryDays > 0 && o.IdempotencyHours >= 24 && o.WebSessionGraceDays >= 0
                           && o.IntervalMinutes > 0 && o.BatchSize is > 0 and <= 10_000,
                "Retention: ages and the interval must be positive, IdempotencyHours at least 24 (the replay window), WebSessionGraceDays not negative, BatchSize 1..10000.")
            .ValidateOnStart();
        services.AddSingleton<Retention>();
        if (config.GetValue("Retention:Enabled", true)) services.AddHostedService<RetentionWorker>();
        return services;
    }
}
