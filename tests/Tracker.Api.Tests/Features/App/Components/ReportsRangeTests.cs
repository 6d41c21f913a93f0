using System.Globalization;
using Tracker.Api.Features.App.Pages;

namespace Tracker.Api.Tests.Features.App.Components;

/// <summary>The reports range picker at calendar edges: year and month ends, leap days, Mondays and Sundays.</summary>
public class ReportsRangeTests
{
    private static (string, DateOnly, DateOnly) Resolve(string preset, string today, string? from = null, string? to = null)
    {
        var range = ReportsRange.Resolve(preset, ReportsRange.ParseDate(from), ReportsRange.ParseDate(to), DateOnly.Parse(today, CultureInfo.InvariantCulture));
        return (range.Preset, range.From, range.To);
    }

    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-01-31", "2026-01-01", "2026-01-31")]
    [InlineData("2026-02-01", "2026-02-01", "2026-02-28")]
    [InlineData("2028-02-29", "2028-02-01", "2028-02-29")] // leap day
    [InlineData("2028-02-10", "2028-02-01", "2028-02-29")]
    [InlineData("2026-04-30", "2026-04-01", "2026-04-30")]
    [InlineData("2026-12-31", "2026-12-01", "2026-12-31")]
    public void This_month_runs_from_the_first_to_the_last_day(string today, string from, string to)
    {
        Assert.Equal(("this-month", D(from), D(to)), Resolve("this-month", today));
    }

    [Theory]
    [InlineData("2027-01-01", "2026-12-28", "2027-01-03", "2026-12-21", "2026-12-27")] // a Friday across the year end
    [InlineData("2026-11-30", "2026-11-30", "2026-12-06", "2026-11-23", "2026-11-29")] // a Monday is its own week's start
    [InlineData("2028-03-05", "2028-02-28", "2028-03-05", "2028-02-21", "2028-02-27")] // a Sunday; the week holds Feb 29
    public void Weeks_run_Monday_to_Sunday_across_month_and_year_ends(string today, string mon, string sun, string lastMon, string lastSun)
    {
        Assert.Equal(("this-week", D(mon), D(sun)), Resolve("this-week", today));
        Assert.Equal(("last-week", D(lastMon), D(lastSun)), Resolve("last-week", today));
    }

    [Fact]
    public void Every_preset_fits_the_APIs_31_day_limit_all_year()
    {
        for (var today = new DateOnly(2027, 12, 1); today <= new DateOnly(2029, 1, 31); today = today.AddDays(1))
            foreach (var (preset, _) in ReportsRange.Presets.Where(p => p.Value != ReportsRange.Custom))
            {
                var range = ReportsRange.Resolve(preset, null, null, today);
                var days = range.To.DayNumber - range.From.DayNumber + 1;
                Assert.InRange(days, 7, 31);
                Assert.True(preset == ReportsRange.ThisMonth ? range.From.Day == 1 : range.From.DayOfWeek == DayOfWeek.Monday, $"{preset} on {today}");
            }
    }

    [Fact]
    public void A_custom_range_is_passed_on_as_typed_for_the_API_to_judge()
    {
        Assert.Equal(("custom", D("2026-03-31"), D("2026-03-01")), Resolve("custom", "2026-12-06", "2026-03-31", "2026-03-01"));
        Assert.Equal(("this-week", D("2026-11-30"), D("2026-12-06")), Resolve("custom", "2026-12-06", "2027-02-29", "2027-03-01"));
    }

    [Theory]
    [InlineData("2028-02-29", true)]
    [InlineData("2027-02-29", false)] // not a leap year
    [InlineData("2026-04-31", false)]
    [InlineData("2026-13-01", false)]
    [InlineData("2026-1-5", false)]
    [InlineData(" 2026-01-05", false)]
    [InlineData("05/01/2026", false)]
    [InlineData(null, false)]
    public void Query_dates_are_strict_ISO_dates(string? text, bool valid)
    {
        Assert.Equal(valid, ReportsRange.ParseDate(text) is not null);
    }

    [Fact]
    public void The_query_selects_the_same_range_again_whatever_the_servers_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("th-TH"); // a Buddhist-calendar culture: year 2569
        try
        {
            var range = new ReportsRange(ReportsRange.Custom, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28));
            Assert.Equal("range=custom&from=2026-02-01&to=2026-02-28", range.Query);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
