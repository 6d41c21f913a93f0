using Tracker.Api.Features.App.Pages;
using Tracker.Client;
using Tracker.Client.Generated.Models;
using TimelineEntry = Tracker.Client.Generated.Models.TimelineEntry;

namespace Tracker.Api.Tests.Features.App.Components;

/// <summary>The report answers as chart series: ordering, calendar edges, missing names and rate visibility.</summary>
public class ReportsSeriesTests
{
    private static TrackedHoursSum Sum(string? name, int minutes, IReadOnlyDictionary<string, decimal>? amount = null, long? id = null) =>
        new(id, name, minutes, amount);

    [Fact]
    public void Days_are_labelled_in_the_API_order_across_a_leap_day_and_a_month_end()
    {
        var bars = ReportsSeries.ByDay([Sum("2028-02-28", 0), Sum("2028-02-29", 45), Sum("2028-03-01", 90)]);

        Assert.Equal(["Mon 28 Feb", "Tue 29 Feb", "Wed 1 Mar"], bars.Select(b => b.Label));
        Assert.Equal(["0:00", "0:45", "1:30"], bars.Select(b => b.ValueText));
        Assert.Equal([0, 0.75, 1.5], bars.Select(b => b.Value));
    }

    [Fact]
    public void A_day_that_is_not_a_date_keeps_its_text()
    {
        Assert.Equal(["2028-02-30", ""], ReportsSeries.ByDay([Sum("2028-02-30", 5), Sum(null, 5)]).Select(b => b.Label));
    }

    [Fact]
    public void Totals_keep_the_API_order_and_members_of_the_same_name_apart()
    {
        var totals = ReportsSeries.Totals([Sum("Ada", 65, id: 3), Sum("Sam", 60, id: 1), Sum("Sam", 60, id: 2)], "No project");

        Assert.Equal([("Ada", 65), ("Sam", 60), ("Sam", 60)], totals.Select(t => (t.Label, t.Minutes)));
        Assert.Equal(["1:05", "1:00", "1:00"], ReportsSeries.Bars(totals).Select(b => b.ValueText));
    }

    [Fact]
    public void Amounts_pass_through_and_stay_absent_when_the_API_showed_none()
    {
        var usd = new Dictionary<string, decimal> { ["USD"] = 11m, ["EUR"] = 5m };
        var totals = ReportsSeries.Totals([Sum("P1", 120, usd, 1), Sum(null, 30)], "No project");

        Assert.Equal(usd, totals[0].Amounts);
        Assert.Equal("No project", totals[1].Label);
        Assert.Null(totals[1].Amounts);
    }

    [Fact]
    public void Top_bars_fold_the_rest_into_one_bar()
    {
        var totals = Enumerable.Range(1, 5).Select(i => new Tracker.Api.Features.App.Pages.TrackedHoursTotal($"P{i}", 60 * (6 - i), null)).ToList();

        var bars = ReportsSeries.TopBars(totals, 3, "other projects");

        Assert.Equal(["P1", "P2", "P3", "2 other projects"], bars.Select(b => b.Label));
        Assert.Equal(3d, bars[^1].Value); // 120 + 60 minutes
        Assert.Equal(3, ReportsSeries.TopBars(totals[..3], 3, "other projects").Count);
    }

    [Fact]
    public void Activity_skips_members_without_a_level()
    {
        var bars = ReportsSeries.Activity(new ActivityLevelData
        {
            Users = [new ActivityUser { UserId = 7, AverageActivityLevel = 64 }, new ActivityUser { UserId = 8, UserName = "Bob" }],
        });

        var bar = Assert.Single(bars);
        Assert.Equal(("#7", 64d, "64 %"), (bar.Label, bar.Value, bar.ValueText));
        Assert.Empty(ReportsSeries.Activity(null));
    }

    [Fact]
    public void Timeline_drops_unreadable_entries_and_ends_a_late_running_entry_at_midnight()
    {
        var rows = ReportsSeries.Timeline(new TimelineData
        {
            Users =
            [
                new TimelineUser
                {
                    UserId = 4, TotalMinutes = 30,
                    TimeEntries =
                    [
                        new TimelineEntry { StartTime = "not a time", DurationMinutes = 10 },
                        new TimelineEntry { StartTime = "2026-12-01T23:50:00+01:00", EndTime = null, DurationMinutes = 30, ProjectName = "Apollo" },
                    ],
                },
            ],
        });

        var row = Assert.Single(rows);
        Assert.Equal(("#4", "0:30"), (row.Label, row.TotalText));
        var span = Assert.Single(row.Spans);
        Assert.Equal((1430, 1440, "23:50–24:00 Apollo (0:30)"), (span.StartMinute, span.EndMinute, span.Label));
    }
}
