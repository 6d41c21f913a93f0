using System.Globalization;
using Tracker.Api.Features.App.Components.Charts;
using Tracker.Client;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Features.App.Pages;

/// <summary>A total of the tracked-hours table: minutes, and amounts per currency when the API shows them.</summary>
public sealed record TrackedHoursTotal(string Label, int Minutes, IReadOnlyDictionary<string, decimal>? Amounts);

/// <summary>
/// Turns the API's report answers into chart series and table rows; every figure is the API's own (the tracked hours
/// come already summed by day, member and project), only labelled and formatted here.
/// </summary>
public static class ReportsSeries
{
    /// <summary>Sums of members or projects as table rows, in the API's order (most tracked first).</summary>
    public static List<TrackedHoursTotal> Totals(IEnumerable<TrackedHoursSum> sums, string unnamed) =>
        sums.Select(s => new TrackedHoursTotal(s.Name ?? unnamed, s.TotalMinutes, s.TotalAmount)).ToList();

    /// <summary>One bar per day of the range, in order, days without time included (as the API lists them).</summary>
    public static List<ChartBar> ByDay(IEnumerable<TrackedHoursSum> days) =>
        days.Select(d => new ChartBar(
            ReportsRange.ParseDate(d.Name)?.ToString("ddd d MMM", CultureInfo.InvariantCulture) ?? d.Name ?? "",
            d.TotalMinutes / 60.0, AppTime.Duration(d.TotalMinutes))).ToList();

    public static List<ChartBar> Bars(IEnumerable<TrackedHoursTotal> totals) =>
        totals.Select(t => new ChartBar(t.Label, t.Minutes / 60.0, AppTime.Duration(t.Minutes))).ToList();

    /// <summary>
    /// The first <paramref name="count"/> totals (the API lists most first) as bars, the rest folded into one bar: a
    /// chart of 200 projects is unreadable, and the table below still lists every one.
    /// </summary>
    public static List<ChartBar> TopBars(IReadOnlyList<TrackedHoursTotal> totals, int count, string others)
    {
        var bars = Bars(totals.Take(count));
        if (totals.Count <= count) return bars;
        var rest = totals.Skip(count).Sum(t => t.Minutes);
        bars.Add(new ChartBar($"{totals.Count - count} {others}", rest / 60.0, AppTime.Duration(rest)));
        return bars;
    }

    /// <summary>The daily timeline: a row per member, a span per entry in the day's local times as the API wrote them.</summary>
    public static List<TimelineRow> Timeline(TimelineData? data) =>
        (data?.Users ?? []).Select(u => new TimelineRow(
            u.UserName ?? $"#{u.UserId}",
            (u.TimeEntries ?? []).Select(Span).OfType<TimelineSpan>().ToList(),
            AppTime.Duration(u.TotalMinutes ?? 0))).ToList();

    /// <summary>Average activity per member as bars of percent.</summary>
    public static List<ChartBar> Activity(ActivityLevelData? data) =>
        (data?.Users ?? []).Where(u => u.AverageActivityLevel is not null)
            .Select(u => new ChartBar(u.UserName ?? $"#{u.UserId}", u.AverageActivityLevel!.Value, $"{u.AverageActivityLevel} %"))
            .ToList();

    private static TimelineSpan? Span(Client.Generated.Models.TimelineEntry e)
    {
        if (!DateTimeOffset.TryParse(e.StartTime, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)) return null;
        var startMinute = (int)start.TimeOfDay.TotalMinutes;
        // A running entry has no end yet: its duration so far; an entry past midnight ends the row.
        var endMinute = DateTimeOffset.TryParse(e.EndTime, CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            ? end.Date > start.Date ? 1440 : (int)end.TimeOfDay.TotalMinutes
            : Math.Min(1440, startMinute + (e.DurationMinutes ?? 0));
        var what = e.ProjectName ?? "No project";
        return new TimelineSpan(startMinute, endMinute,
            $"{start:HH:mm}–{(endMinute >= 1440 ? "24:00" : $"{endMinute / 60:00}:{endMinute % 60:00}")} {what} ({AppTime.Duration(e.DurationMinutes ?? 0)})");
    }
}
