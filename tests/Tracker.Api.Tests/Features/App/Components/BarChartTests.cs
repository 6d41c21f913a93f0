using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using Tracker.Api.Features.App.Components.Charts;

namespace Tracker.Api.Tests.Features.App.Components;

/// <summary>The server-drawn bar chart, rendered by bUnit and read as a DOM: geometry, names and encoding.</summary>
public class BarChartTests : BunitContext
{
    private IRenderedComponent<BarChart> Chart(IReadOnlyList<ChartBar> bars, ChartOrientation orientation = ChartOrientation.Horizontal,
        string? caption = null) =>
        Render<BarChart>(p => p.Add(c => c.Title, "Tracked hours").Add(c => c.Bars, bars).Add(c => c.Orientation, orientation)
            .Add(c => c.Caption, caption));

    private static double Attr(IElement e, string name) => double.Parse(e.GetAttribute(name)!, CultureInfo.InvariantCulture);

    [Fact]
    public void Horizontal_bar_lengths_are_proportional_and_each_value_sits_after_its_bar()
    {
        var cut = Chart([new("Ada", 6, "6:00"), new("Bob", 3, "3:00"), new("Cy", 1.5, "1:30")]);

        var rects = cut.FindAll("g.chart-bar rect");
        Assert.Equal([380d, 190d, 95d], rects.Select(r => Attr(r, "width")));
        Assert.Equal([4d, 32d, 60d], rects.Select(r => Attr(r, "y"))); // one row each, in the given order
        var values = cut.FindAll("g.chart-bar text:last-of-type");
        Assert.Equal(["6:00", "3:00", "1:30"], values.Select(t => t.TextContent));
        Assert.Equal([556d, 366d, 271d], values.Select(t => Attr(t, "x"))); // 170 + length + 6
        Assert.Equal("0 0 640 92", cut.Find("svg").GetAttribute("viewBox")); // 3 rows of 28 + 8
    }

    [Fact]
    public void Vertical_bars_are_proportional_and_stand_on_one_baseline()
    {
        var cut = Chart([new("Mon", 4, "4:00"), new("Tue", 1, "1:00"), new("Wed", 0, "0:00"), new("Thu", 2, "2:00")],
            ChartOrientation.Vertical);

        var rects = cut.FindAll("g.chart-bar rect");
        Assert.Equal([200d, 50d, 0d, 100d], rects.Select(r => Attr(r, "height")));
        Assert.All(rects, r => Assert.Equal(220d, Attr(r, "y") + Attr(r, "height")));
        Assert.All(rects, r => Assert.Equal(66.5d, Attr(r, "width"))); // 70 % of a 95-unit slot (380 / 4)
        Assert.All(rects.Zip(rects.Skip(1)), pair => Assert.Equal(95d, Attr(pair.Second, "x") - Attr(pair.First, "x"), 0.11));
        Assert.Equal(["Mon", "Tue", "Wed", "Thu"], cut.FindAll("g.chart-bar text:last-of-type").Select(t => t.TextContent));
    }

    [Fact]
    public void A_chart_of_zeros_draws_empty_bars_and_no_NaN()
    {
        var cut = Chart([new("Ada", 0, "0:00"), new("Bob", 0, "0:00")]);

        Assert.Equal(2, cut.FindAll("rect").Count);
        Assert.All(cut.FindAll("rect"), r => Assert.Equal("0", r.GetAttribute("width")));
        Assert.DoesNotContain("NaN", cut.Markup);
        Assert.DoesNotContain("Infinity", cut.Markup);
    }

    [Fact]
    public void The_svg_is_a_named_image_and_each_bar_carries_its_full_label_and_value()
    {
        var cut = Chart([new("Ada", 2, "2:00"), new("Bob", 1, "1:00")], caption: "Week 49");

        var svg = cut.Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("Tracked hours", svg.GetAttribute("aria-label"));
        Assert.Equal("Tracked hours", cut.Find("svg > title").TextContent);
        Assert.Equal("Ada: 2:00; Bob: 1:00", cut.Find("svg > desc").TextContent);
        Assert.Equal(["Ada: 2:00", "Bob: 1:00"], cut.FindAll("g.chart-bar > title").Select(t => t.TextContent));
        Assert.Equal("Week 49", cut.Find("figcaption").TextContent);
    }

    [Fact]
    public void No_caption_no_figcaption()
    {
        Assert.Empty(Chart([new("Ada", 1, "1:00")]).FindAll("figcaption"));
    }

    [Fact]
    public void An_empty_chart_says_so_and_keeps_its_name()
    {
        var cut = Render<BarChart>(p => p.Add(c => c.Title, "By project").Add(c => c.Bars, []).Add(c => c.Empty, "Nothing yet."));

        Assert.Empty(cut.FindAll("rect"));
        Assert.Equal("Nothing yet.", cut.Find("g.chart-empty text").TextContent);
        Assert.Equal("Nothing yet.", cut.Find("desc").TextContent);
        Assert.Equal("By project", cut.Find("svg").GetAttribute("aria-label"));
        Assert.Equal("0 0 640 40", cut.Find("svg").GetAttribute("viewBox"));
    }

    [Fact]
    public void Long_names_are_cut_per_orientation_and_stay_whole_and_encoded_in_the_tooltip()
    {
        var name = "<b>Ada</b> & \"the\" very long member name";
        var horizontal = Chart([new(name, 1, "1:00")]);
        var vertical = Chart([new(name, 1, "1:00")], ChartOrientation.Vertical);

        Assert.Equal(name[..21] + "…", horizontal.Find("g.chart-bar text").TextContent);
        Assert.Equal(name[..9] + "…", vertical.FindAll("g.chart-bar text")[1].TextContent);
        Assert.Equal(name + ": 1:00", horizontal.Find("g.chart-bar > title").TextContent);
        Assert.Empty(horizontal.FindAll("b")); // text, never markup
        Assert.Contains("&lt;b&gt;Ada&lt;/b&gt; &amp;", horizontal.Markup);
    }

    [Fact]
    public void A_cut_never_splits_a_character_outside_the_basic_plane()
    {
        // 20 letters, then emoji (two UTF-16 units each): a cut at 21 units would keep half of the first one.
        var name = new string('a', 20) + "😀😀😀";

        var label = ChartText.Fit(name, 22);

        Assert.False(char.IsHighSurrogate(label[^2]), "the label ends in half a character");
        Assert.EndsWith("…", label);
        Assert.Equal("ab😀", ChartText.Fit("ab😀", 4)); // fits: untouched
    }

    [Fact]
    public void Coordinates_use_a_dot_in_any_server_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var cut = Chart([new("Ada", 3, "3:00"), new("Bob", 1, "1:00")]);
            Assert.Equal("126.7", cut.FindAll("rect")[1].GetAttribute("width"));
            Assert.Equal("302.7", cut.FindAll("g.chart-bar text")[3].GetAttribute("x"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
