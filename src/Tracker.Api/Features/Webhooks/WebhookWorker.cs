using Microsoft.Extensions.Options;

namespace Tracker.Api.Features.Webhooks;

/// <summary>Runs <see cref="WebhookProcessor"/> every poll interval (timed by the injected clock).</summary>
public sealed class WebhookWorker(WebhookProcessor processor, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<WebhookWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Drain: keep going while full batches come back (events or deliveries), then wait.
                while (await processor.RunOnceAsync(stoppingToken) >= options.Value.BatchSize) { }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Webhook processing failed; retrying after the poll interval.");
            }
            try { await Task.Delay(options.Value.PollInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}

public static class WebhookSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<WebhookOptions>(config.GetSection("Webhooks"));
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookProcessor>();
        if (config.GetValue("Webhooks:WorkerEnabled", true)) services.AddHostedService<WebhookWorker>();
        return services;
    }
}
