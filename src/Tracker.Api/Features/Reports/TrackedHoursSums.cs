using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;

namespace Tracker.Api.Features.Reports;

public sealed record TrackedHoursDayTotal(DateOnly Date, int TotalMinutes, [property: RateField] IReadOnlyDictionary<string, decimal>? TotalAmount)
    : IRateFields
{
    public bool RatesVisible { get; init; }
}

public sealed record TrackedHoursUserTotal(long UserId, string UserName, int TotalMinutes, [property: RateField] IReadOnlyDictionary<string, decimal>? TotalAmount)
    : IRateFields
{
    public bool RatesVisible { get; init; }
}

public sealed record TrackedHoursProjectTotal(
    long? ProjectId, string? ProjectName, int TotalMinutes, [property: RateField] IReadOnlyDictionary<string, decimal>? TotalAmount) : IRateFields
{
    public bool RatesVisible { get; init; }
}

/// <summary>The activity of the whole range in the sums: its duration-weighted average, and the active minutes in it.</summary>
public sealed record TrackedHoursActivity(int? ActivityLevel, int ActiveMinutes);

/// <summary>
/// <c>group_by</c> of GET /reports/tracked-hours (an extension): the report's rows summed by day, by member and/or by
/// project, answered instead of the per-day rows. Each sum is the sum of the rows the plain report would list (their
/// rounded minutes and amounts), so both answers always agree. The members' sums are paged like the other reports.
/// The answer also carries the range's activity (as /reports/activity-level weighs it, over the same time), so a page
/// that shows the team's hours and activity reads the month once.
/// </summary>
public static class TrackedHoursSums
{
    public const string Day = "day", User = "user", Project = "project";
    private static readonly string[] Groupings = [Day, User, Project];

    /// <summary>The groupings asked for (empty: the plain report); an unknown one, or one with CSV, is a 422.</summary>
    public static string[] Read(ReportQuery q)
    {
        var asked = q.Strings("group_by").Select(g => g.ToLowerInvariant()).Distinct().ToArray();
        if (asked.Any(g => !Groupings.Contains(g)))
            q.Errors.Add("group_by", $"The group by field must list one or more of {string.Join(", ", Groupings)}.");
        else if (asked.Length > 0 && q.WantsCsv)
            q.Errors.Add("group_by", "The group by field is not available with format=csv: the file lists every row.");
        return asked;
    }

    /// <summary>The sums of <paramref name="days"/>: the plain report's rows, a list per day of the range.</summary>
    public static IResult Answer(
        string[] groupings, PageRequest paging, DateOnly from, TrackedHoursTotal total, List<TrackedHoursRow>[] days, bool ratesVisible)
    {
        IReadOnlyDictionary<string, decimal>? Amount(IEnumerable<TrackedHoursRow> group) =>
            ratesVisible ? TrackedHoursReport.Merge(group.Select(r => (CurrencyAmount)r.TotalAmount!)) : null;

        var byDay = groupings.Contains(Day)
            ? days.Select((day, i) => new TrackedHoursDayTotal(from.AddDays(i), day.Sum(r => r.TotalMinutes), Amount(day)) { RatesVisible = ratesVisible }).ToList()
            : null;
        var rows = days.SelectMany(day => day);
        List<TrackedHoursUserTotal>? byUser = null;
        Pagination? pagination = null;
        if (groupings.Contains(User))
        {
            var all = rows.GroupBy(r => r.UserId)
                .Select(g => new TrackedHoursUserTotal(g.Key, g.First().UserName, g.Sum(r => r.TotalMinutes), Amount(g)) { RatesVisible = ratesVisible })
                .OrderByDescending(u => u.TotalMinutes).ThenBy(u => u.UserId).ToList();
            byUser = all.Skip((paging.Page - 1) * paging.PerPage).Take(paging.PerPage).ToList();
            pagination = PagingExtensions.Describe(all.Count, paging, byUser.Count);
        }
        var byProject = groupings.Contains(Project)
            ? rows.GroupBy(r => r.ProjectId)
                .Select(g => new TrackedHoursProjectTotal(g.Key, g.First().ProjectName, g.Sum(r => r.TotalMinutes), Amount(g)) { RatesVisible = ratesVisible })
                .OrderByDescending(p => p.TotalMinutes).ThenBy(p => p.ProjectId is null).ThenBy(p => p.ProjectId).ToList()
            : null;
        var activity = new TrackedHoursActivity(TimeAggregator.ActivityLevel(rows.Sum(r => r.MeasuredSeconds), rows.Sum(r => r.ActivitySeconds)),
            TimeAggregator.Minutes(rows.Sum(r => r.ActivitySeconds) / 100));
        return ReportEndpoints.Json(new TrackedHoursData("tracked_hours", from, from.AddDays(days.Length - 1), total, null, byDay, byUser, byProject, activity),
            pagination);
    }
}
