namespace Tracker.Api.Infrastructure.Http;

/// <summary>Marks a route that scans a range of time entries: it runs only while it holds a <see cref="ScanSlots"/> slot.</summary>
public sealed class ScanSlot
{
    public static readonly ScanSlot Instance = new();

    private ScanSlot() { }
}

/// <summary>
/// A few range scans run at once per process (Reports:ConcurrentScans, default the processor count); the others wait
/// in line, first come first served, until a slot frees or their client goes. A slot is held from after authorization
/// until the answer is written, because a report's buckets stay alive until then. Why: the CPU is saturated either
/// way, but every report in flight keeps ~10 MB live that the GC promotes. Four month reports at once on two cores
/// peaked at 357 MB and a p99 of 318–590 ms; two at a time, at 305–312 MB and 301–324 ms (bench, issue 20).
/// </summary>
public static class ScanSlots
{
    public static TBuilder HoldsScanSlot<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ScanSlot.Instance);

    /// <summary>After authorization: a caller turned away (401, 403) never waits for a slot.</summary>
    public static IApplicationBuilder UseScanSlots(this IApplicationBuilder app)
    {
        var count = app.ApplicationServices.GetRequiredService<IConfiguration>().GetValue("Reports:ConcurrentScans", Environment.ProcessorCount);
        if (count < 1) throw new InvalidOperationException("Reports:ConcurrentScans must be at least 1.");
        var slots = new SemaphoreSlim(count, count);
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ScanSlot>() is null)
            {
                await next(context);
                return;
            }
            await slots.WaitAsync(context.RequestAborted);
            try
            {
                await next(context);
            }
            finally
            {
                slots.Release();
            }
        });
    }
}
