using System.Globalization;
using Bunit;
using Tracker.Api.Features.App.Components.Charts;

namespace Tracker.Api.Tests.Features.App.Components;

/// <summary>The daily timeline: the day's 24 hours across 470 units from x=150, a row per member.</summary>
public class TimelineChartTests : BunitContext
{
    private IRenderedComponent<TimelineChart> Chart(params TimelineRow[] rows) =>
        Render<TimelineChart>(p => p.Add(c => c.Title, "Timeline").Add(c => c.Rows, rows));

    private static double X(AngleSharp.Dom.IElement e, string name) => double.Parse(e.GetAttribute(name)!, CultureInfo.InvariantCulture);

    [Fact]
    public void The_axis_marks_every_third_hour_from_midnight_to_midnight()
    {
        var labels = Chart().FindAll("g.chart-axis text");

        Assert.Equal(["00:00", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00", "24:00"], labels.Select(t => t.TextContent));
        Assert.Equal(150d, X(labels[0], "x"));
        Assert.Equal(620d, X(labels[^1], "x"));
    }

    [Fact]
    public void Spans_outside_the_day_are_clamped_and_an_instant_still_shows()
    {
        var cut = Chart(new TimelineRow("Ada", [new(-30, 60, "early"), new(1400, 2000, "late"), new(720, 720, "blip")], "2:00"));

        var rects = cut.FindAll("g.chart-row rect");
        Assert.Equal([150d, 606.9d, 385d], rects.Select(r => X(r, "x")));
        Assert.Equal([19.6d, 13.1d, 1d], rects.Select(r => X(r, "width")));
        Assert.Equal(["early", "late", "blip"], rects.Select(r => r.QuerySelector("title")!.TextContent));
    }

    [Fact]
    public void Rows_stack_and_the_description_lists_every_span()
    {
        var cut = Chart(new TimelineRow("Ada", [new(540, 600, "09:00–10:00 Apollo (1:00)")], "1:00"),
            new TimelineRow("Bob", [], "0:00"));

        Assert.Equal(["Ada: 1:00", "Bob: 0:00"], cut.FindAll("g.chart-row > title").Select(t => t.TextContent));
        Assert.Equal("Ada: 1:00 (09:00–10:00 Apollo (1:00)); Bob: 0:00 ()", cut.Find("desc").TextContent);
        Assert.Equal("0 0 640 76", cut.Find("svg").GetAttribute("viewBox")); // 24 + 2 rows of 26
        Assert.Empty(cut.FindAll("g.chart-empty"));
    }

    [Fact]
    public void A_day_without_rows_says_so()
    {
        var cut = Chart();

        Assert.Equal("Nobody tracked time on this day.", cut.Find("g.chart-empty text").TextContent);
        Assert.Empty(cut.FindAll("rect"));
        Assert.Equal("Timeline", cut.Find("svg").GetAttribute("aria-label"));
    }
}
