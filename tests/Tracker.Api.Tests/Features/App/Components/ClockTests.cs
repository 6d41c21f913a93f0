using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tracker.Api.Features.App.Components;

namespace Tracker.Api.Tests.Features.App.Components;

/// <summary>The timer's clock: h:mm:ss of the seconds it is given, ticking from the server's TimeProvider once interactive.</summary>
public class ClockTests : BunitContext
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public ClockTests() => Services.AddSingleton<TimeProvider>(_time);

    private IRenderedComponent<Clock> Clock(long seconds, bool interactive)
    {
        SetRendererInfo(new RendererInfo(interactive ? "Server" : "Static", interactive));
        return Render<Clock>(p => p.Add(c => c.Seconds, seconds).Add(c => c.Label, "Tracked today"));
    }

    [Theory]
    [InlineData(0, "0:00:00")]
    [InlineData(59, "0:00:59")]
    [InlineData(3599, "0:59:59")]
    [InlineData(3665, "1:01:05")]
    [InlineData(36_000 + 61, "10:01:01")]
    public void Shows_the_given_seconds_as_hours_minutes_seconds(long seconds, string expected)
    {
        var span = Clock(seconds, interactive: false).Find("span.clock");

        Assert.Equal(expected, span.TextContent);
        Assert.Equal("timer", span.GetAttribute("role"));
        Assert.Equal("Tracked today", span.GetAttribute("aria-label"));
    }

    [Fact]
    public void A_static_render_does_not_tick()
    {
        var cut = Clock(3599, interactive: false);

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("0:59:59", cut.Find("span.clock").TextContent);
    }

    [Fact]
    public void An_interactive_clock_ticks_from_the_time_provider_across_the_hour()
    {
        var cut = Clock(3599, interactive: true);

        _time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal("1:00:00", cut.Find("span.clock").TextContent));
        _time.Advance(TimeSpan.FromSeconds(61));
        cut.WaitForAssertion(() => Assert.Equal("1:01:01", cut.Find("span.clock").TextContent));
    }

    [Fact]
    public void New_seconds_restart_the_count_from_now()
    {
        var cut = Clock(100, interactive: true);
        _time.Advance(TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Equal("0:01:50", cut.Find("span.clock").TextContent));

        cut.Render(p => p.Add(c => c.Seconds, 7200));
        Assert.Equal("2:00:00", cut.Find("span.clock").TextContent);
        _time.Advance(TimeSpan.FromSeconds(2));
        cut.WaitForAssertion(() => Assert.Equal("2:00:02", cut.Find("span.clock").TextContent));
    }
}
