using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>
/// Range reports take turns: with one slot, a second scan waits until the first has written its answer, a scan whose
/// client goes away leaves the line without taking the slot, and every other route passes straight through.
/// </summary>
[Collection(SharedHost.Account)]
public class ScanSlotTests(TrackerFactory factory)
{
    [Fact]
    public void The_range_reports_hold_a_slot_and_no_other_route_does()
    {
        var holding = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ScanSlot>() is not null).Select(e => e.RoutePattern.RawText).Order().ToList();
        Assert.Equal(["/api/v2/reports/activity-descriptions", "/api/v2/reports/activity-level", "/api/v2/reports/task-report",
            "/api/v2/reports/tracked-hours"], holding);
    }

    [Fact]
    public async Task A_second_scan_waits_for_the_first_and_a_departed_one_leaves_the_line()
    {
        var running = new List<(string Name, TaskCompletionSource Done)>();
        var pipeline = Pipeline(context =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (running) running.Add((context.TraceIdentifier, done));
            return done.Task;
        });

        var first = pipeline(Request("first", scan: true));
        Assert.False(first.IsCompleted);
        var departing = new CancellationTokenSource();
        var gone = pipeline(Request("gone", scan: true, departing.Token));
        var second = pipeline(Request("second", scan: true));
        var other = pipeline(Request("other", scan: false));
        Assert.Equal(["first", "other"], Names(running));

        await departing.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        Assert.Equal(["first", "other"], Names(running));

        running[0].Done.SetResult();
        await first;
        await WaitUntil(() => Names(running).Count == 3);
        Assert.Equal(["first", "other", "second"], Names(running));
        Assert.False(second.IsCompleted);
        foreach (var (_, done) in running.ToList()) done.TrySetResult();
        await Task.WhenAll(second, other);
    }

    private static RequestDelegate Pipeline(RequestDelegate endpoint)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Reports:ConcurrentScans"] = "1" }).Build())
            .BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseScanSlots();
        app.Run(endpoint);
        return app.Build();
    }

    private static DefaultHttpContext Request(string name, bool scan, CancellationToken aborted = default)
    {
        var context = new DefaultHttpContext { TraceIdentifier = name, RequestAborted = aborted };
        context.SetEndpoint(new Endpoint(null, scan ? new EndpointMetadataCollection(ScanSlot.Instance) : EndpointMetadataCollection.Empty, name));
        return context;
    }

    private static List<string> Names(List<(string Name, TaskCompletionSource Done)> running)
    {
        lock (running) return running.Select(r => r.Name).ToList();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
    }
}
