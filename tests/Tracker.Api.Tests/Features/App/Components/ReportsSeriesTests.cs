using Tracker.Api.Features.App.Pages;
using Tracker.Client;
using Tracker.Client.Generated.Models;
using TimelineEntry = Tracker.Client.Generated.Models.TimelineEntry;

namespace Tracker.Api.Tests.Features.App.Components;

/// <summary>The report answers as chart series: ordering, calendar edges, missing names and rate visibility.</summary>
public class ReportsSeriesTests
{
    private static TrackedHoursLine Line(string date, long user, string name, long? project, int minutes, IReadOnlyDictionary<string, decimal>? amount = null) =>
        new(date, user, name, project, project is null ? null : $"P{project}", minutes, amount);

    [Fact]
    public void Days_cover_the_range_in_order_across_a_leap_day_and_a_month_end()
    {
        var bars = ReportsSeries.ByDay([Line("2028-03-01", 1, "Ada", 1, 90), Line("2028-02-29", 1, "Ada", 1, 30), Line("2028-02-29", 2, "Bob", null, 15)],
            new ReportsRange(ReportsRange.Custom, new(2028, 2, 28), new(2028, 3, 1)));

        Assert.Equal(["Mon 28 Feb", "Tue 29 Feb", "Wed 1 Mar"], bars.Select(b => b.Label));
        Assert.Equal(["0:00", "0:45", "1:30"], bars.Select(b => b.ValueText));
        Assert.Equal([0, 0.75, 1.5], bars.Select(b => b.Value));
    }

    [Fact]
    public void A_runaway_range_draws_at_most_a_year_of_days()
    {
        Assert.Equal(366, ReportsSeries.ByDay([], new ReportsRange(ReportsRange.Custom, new(2026, 1, 1), new(2030, 1, 1))).Count);
        Assert.Empty(ReportsSeries.ByDay([], new ReportsRange(ReportsRange.Custom, new(2026, 3, 2), new(2026, 3, 1)))); // reversed
    }

    [Fact]
    public void Members_are_told_apart_by_id_and_ties_are_ordered_by_name()
    {
        var totals = ReportsSeries.ByMember([Line("2026-12-01", 1, "Sam", 1, 60), Line("2026-12-01", 2, "Sam", 1, 60),
            Line("2026-12-01", 3, "Ada", 2, 60), Line("2026-12-02", 3, "Ada", null, 5)]);

        Assert.Equal([("Ada", 65), ("Sam", 60), ("Sam", 60)], totals.Select(t => (t.Label, t.Minutes)));
        Assert.Equal(["1:05", "1:00", "1:00"], ReportsSeries.Bars(totals).Select(b => b.ValueText));
    }

    [Fact]
    public void Amounts_are_summed_per_currency_and_absent_when_the_API_showed_none()
    {
        var totals = ReportsSeries.ByProject([
            Line("2026-12-01", 1, "Ada", 1, 60, new Dictionary<string, decimal> { ["USD"] = 10.25m }),
            Line("2026-12-01", 2, "Bob", 1, 60, new Dictionary<string, decimal> { ["EUR"] = 5m, ["USD"] = 0.75m }),
            Line("2026-12-01", 1, "Ada", null, 30)]);

        Assert.Equal(new Dictionary<string, decimal> { ["USD"] = 11m, ["EUR"] = 5m }, totals[0].Amounts);
        Assert.Equal("No project", totals[1].Label);
        Assert.Null(totals[1].Amounts);
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
