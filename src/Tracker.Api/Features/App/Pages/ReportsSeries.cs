using System.Globalization;
using Tracker.Api.Features.App.Components.Charts;
using Tracker.Client;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Features.App.Pages;

/// <summary>A total of the tracked-hours table: minutes, and amounts per currency when the API shows them.</summary>
public sealed record TrackedHoursTotal(string Label, int Minutes, IReadOnlyDictionary<string, decimal>? Amounts);

/// <summary>
/// Turns the API's report answers into chart series and table rows; no figure is computed here that the API did not
/// answer, only summed across its rows.
/// </summary>
public static class ReportsSeries
{
    /// <summary>Totals per member, most tracked first.</summary>
    public static List<TrackedHoursTotal> ByMember(IEnumerable<TrackedHoursLine> lines) =>
        Totals(lines.GroupBy(l => l.UserId), g => g.First().UserName);

    /// <summary>Totals per project, most tracked first; time without a project is one row.</summary>
    public static List<TrackedHoursTotal> ByProject(IEnumerable<TrackedHoursLine> lines) =>
        Totals(lines.GroupBy(l => l.ProjectId), g => g.First().ProjectName ?? "No project");

    /// <summary>Totals per day of the range, in order, days without time included (as the API lists them).</summary>
    public static List<ChartBar> ByDay(IEnumerable<TrackedHoursLine> lines, ReportsRange range)
    {
        var minutes = lines.GroupBy(l => l.Date).ToDictionary(g => g.Key, g => g.Sum(l => l.TotalMinutes));
        var bars = new List<ChartBar>();
        for (var day = range.From; day <= range.To && bars.Count < 366; day = day.AddDays(1))
        {
            var m = minutes.GetValueOrDefault(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            bars.Add(new ChartBar(day.ToString("ddd d MMM", CultureInfo.InvariantCulture), m / 60.0, AppTime.Duration(m)));
        }
        return bars;
    }

    public static List<ChartBar> Bars(IEnumerable<TrackedHoursTotal> totals) =>
        totals.Select(t => new ChartBar(t.Label, t.Minutes / 60.0, AppTime.Duration(t.Minutes))).ToList();

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

    private static List<TrackedHoursTotal> Totals<TKey>(IEnumerable<IGrouping<TKey, TrackedHoursLine>> groups, Func<IGrouping<TKey, TrackedHoursLine>, string> label) =>
        groups.Select(g => new TrackedHoursTotal(label(g), g.Sum(l => l.TotalMinutes), Sum(g.Select(l => l.TotalAmount))))
            .OrderByDescending(t => t.Minutes).ThenBy(t => t.Label, StringComparer.CurrentCulture).ToList();

    /// <summary>Amounts per currency summed, or null when the API showed none (no rate visibility).</summary>
    internal static IReadOnlyDictionary<string, decimal>? Sum(IEnumerable<IReadOnlyDictionary<string, decimal>?> amounts)
    {
        Dictionary<string, decimal>? total = null;
        foreach (var amount in amounts)
        {
            if (amount is null) continue;
            total ??= new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var (currency, value) in amount) total[currency] = total.GetValueOrDefault(currency) + value;
        }
        return total;
    }
}
