using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tracker.Api.Features.App.Components.Charts;
using Tracker.Api.Features.App.Pages;
using Tracker.Client;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Tests.Features.App;

/// <summary>The server-drawn charts and the report mapping, rendered with the framework's HtmlRenderer (no browser).</summary>
public class ReportsChartTests
{
    private static async Task<string> RenderAsync<T>(Dictionary<string, object?> parameters) where T : IComponent
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    [Fact]
    public async Task Bar_chart_is_a_named_image_with_values_and_bars_to_scale()
    {
        var html = await RenderAsync<BarChart>(new()
        {
            ["Title"] = "Tracked hours by member",
            ["Bars"] = (IReadOnlyList<ChartBar>)[new("Ada", 8, "8:00"), new("Bob", 2, "2:00")],
        });

        Assert.Contains("role=\"img\"", html);
        Assert.Contains("aria-label=\"Tracked hours by member\"", html);
        Assert.Contains("<title>Tracked hours by member</title>", html);
        Assert.Contains("viewBox=\"0 0 640 64\"", html);
        Assert.Contains("<desc>Ada: 8:00; Bob: 2:00</desc>", html);
        // The largest bar takes the whole length (380), the others their share of it.
        Assert.Contains("width=\"380\"", html);
        Assert.Contains("width=\"95\"", html);
        Assert.Contains(">2:00</text>", html);
    }

    [Fact]
    public async Task Labels_are_encoded_and_long_ones_cut_with_the_full_text_in_the_tooltip()
    {
        var name = "<script>alert(1)</script> & a very long member name";
        var html = await RenderAsync<BarChart>(new()
        {
            ["Title"] = "By member",
            ["Bars"] = (IReadOnlyList<ChartBar>)[new(name, 1, "1:00")],
        });

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; a very long member name: 1:00", html);
        Assert.Contains(">&lt;script&gt;alert(1)&lt;/scr&#x2026;</text>", html);
    }

    [Fact]
    public async Task Vertical_chart_and_empty_chart()
    {
        var vertical = await RenderAsync<BarChart>(new()
        {
            ["Title"] = "By day",
            ["Orientation"] = ChartOrientation.Vertical,
            ["Bars"] = (IReadOnlyList<ChartBar>)[new("Mon", 4, "4:00"), new("Tue", 0, "0:00")],
        });
        Assert.Contains("height=\"200\"", vertical); // the tallest bar fills the plot
        Assert.Contains("height=\"0\"", vertical);

        var empty = await RenderAsync<BarChart>(new() { ["Title"] = "By day", ["Bars"] = (IReadOnlyList<ChartBar>)[] });
        Assert.Contains("No tracked time in this range.", empty);
        Assert.DoesNotContain("<rect", empty);
    }

    [Fact]
    public async Task Timeline_places_each_span_on_the_day()
    {
        var rows = ReportsSeries.Timeline(new TimelineData
        {
            Users =
            [
                new TimelineUser
                {
                    UserName = "Ada", TotalMinutes = 180,
                    TimeEntries =
                    [
                        new Client.Generated.Models.TimelineEntry { StartTime = "2026-12-01T09:00:00+01:00", EndTime = "2026-12-01T11:00:00+01:00", DurationMinutes = 120, ProjectName = "Apollo" },
                        new Client.Generated.Models.TimelineEntry { StartTime = "2026-12-01T23:00:00+01:00", EndTime = "2026-12-02T00:30:00+01:00", DurationMinutes = 60 },
                        new Client.Generated.Models.TimelineEntry { StartTime = "2026-12-01T12:00:00+01:00", EndTime = null, DurationMinutes = 15, ProjectName = "Running" },
                    ],
                },
            ],
        });

        var spans = Assert.Single(rows).Spans;
        Assert.Equal([(540, 660), (1380, 1440), (720, 735)], spans.Select(s => (s.StartMinute, s.EndMinute)));
        Assert.Equal("09:00–11:00 Apollo (2:00)", spans[0].Label);
        Assert.Equal("23:00–24:00 No project (1:00)", spans[1].Label);

        var html = await RenderAsync<TimelineChart>(new() { ["Title"] = "Timeline", ["Rows"] = (IReadOnlyList<TimelineRow>)rows });
        Assert.Contains("aria-label=\"Timeline\"", html);
        // 09:00 is 150 + 540/1440 × 470; 2 h is 120/1440 × 470.
        Assert.Contains("x=\"326.2\"", html);
        Assert.Contains("width=\"39.2\"", html);
        Assert.Contains("<title>Ada: 3:00</title>", html);
    }

    [Theory]
    [InlineData("this-week", null, null, "this-week", "2026-11-30", "2026-12-06")]
    [InlineData("last-week", null, null, "last-week", "2026-11-23", "2026-11-29")]
    [InlineData("this-month", null, null, "this-month", "2026-12-01", "2026-12-31")]
    [InlineData("custom", "2026-10-01", "2026-12-31", "custom", "2026-10-01", "2026-12-31")] // too long: the API says so
    [InlineData("custom", "2026-10-01", null, "this-week", "2026-11-30", "2026-12-06")]
    [InlineData("bogus", null, null, "this-week", "2026-11-30", "2026-12-06")]
    public void Range_picker_resolves_presets(string preset, string? from, string? to, string expected, string start, string end)
    {
        var range = ReportsRange.Resolve(preset, from is null ? null : DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to),
            new DateOnly(2026, 12, 6)); // a Sunday
        Assert.Equal((expected, DateOnly.Parse(start), DateOnly.Parse(end)), (range.Preset, range.From, range.To));
    }

    [Fact]
    public async Task Tracked_hours_sums_become_rows_and_day_bars_and_the_footer_is_the_ranges_total()
    {
        List<TrackedHoursSum> projects = [new(10, "Apollo", 180, new Dictionary<string, decimal> { ["USD"] = 150.5m }), new(null, null, 120, null)];
        var rows = ReportsSeries.Totals(projects, "No project");
        Assert.Equal([("Apollo", 180), ("No project", 120)], rows.Select(r => (r.Label, r.Minutes)));
        var days = ReportsSeries.ByDay([new(null, "2026-11-30", 120, null), new(null, "2026-12-01", 180, null)]);
        Assert.Equal([("Mon 30 Nov", "2:00"), ("Tue 1 Dec", "3:00")], days.Select(d => (d.Label, d.ValueText)));

        // One page of members: the footer is the API's total of the range, not the sum of the rows shown.
        var html = await RenderAsync<ReportsTable>(new()
        {
            ["Caption"] = "By member", ["Heading"] = "Member", ["Totals"] = (IReadOnlyList<Tracker.Api.Features.App.Pages.TrackedHoursTotal>)rows,
            ["Total"] = new Tracker.Api.Features.App.Pages.TrackedHoursTotal("Total", 600, new Dictionary<string, decimal> { ["USD"] = 200m }),
        });
        Assert.Contains("<th scope=\"col\" class=\"num\">Amount (USD)</th>", html);
        Assert.Contains("<td class=\"num\">10:00</td>", html);
        Assert.Contains("<td class=\"num\">200.00</td>", html);
        Assert.Contains("<td class=\"num\">150.50</td>", html);
    }
}
