using System.Runtime.InteropServices;
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

    /// <summary>
    /// The sums of the rows <paramref name="buckets"/> make (<see cref="TrackedHoursReport.RowSource"/>), added up as
    /// the buckets are read: no row object is made (a month of 500 members has ~44k rows, and making them was most of
    /// what the page's view allocated).
    /// </summary>
    internal static IResult Answer(
        string[] groupings, PageRequest paging, DateOnly from, DateOnly to, IReadOnlyCollection<TimeBucket> buckets, TrackedHoursReport.RowSource rows)
    {
        var total = new ReportTally();
        var days = new ReportTally[to.DayNumber - from.DayNumber + 1];
        for (var i = 0; i < days.Length; i++) days[i] = new ReportTally();
        var users = new Dictionary<long, ReportTally>();
        var projects = new Dictionary<long, ReportTally>(); // time without a project under 0 (ids are positive)
        double measured = 0, weighted = 0;
        foreach (var b in buckets)
        {
            var (minutes, amount) = rows.Figures(b);
            if (minutes <= 0) continue;
            total.Add(minutes, amount);
            days[b.DayIndex].Add(minutes, amount);
            Of(users, b.UserId).Add(minutes, amount);
            Of(projects, b.ProjectId ?? 0).Add(minutes, amount);
            (measured, weighted) = (measured + b.MeasuredSeconds, weighted + b.ActivitySeconds);
        }

        var visible = rows.RatesVisible;
        var byDay = groupings.Contains(Day)
            ? days.Select((day, i) => new TrackedHoursDayTotal(from.AddDays(i), day.Minutes, day.Amounts(visible)) { RatesVisible = visible }).ToList()
            : null;
        List<TrackedHoursUserTotal>? byUser = null;
        Pagination? pagination = null;
        if (groupings.Contains(User))
        {
            var all = users.OrderByDescending(u => u.Value.Minutes).ThenBy(u => u.Key).ToList();
            byUser = all.Skip((paging.Page - 1) * paging.PerPage).Take(paging.PerPage)
                .Select(u => new TrackedHoursUserTotal(u.Key, rows.Members[u.Key].Name, u.Value.Minutes, u.Value.Amounts(visible)) { RatesVisible = visible })
                .ToList();
            pagination = PagingExtensions.Describe(all.Count, paging, byUser.Count);
        }
        var byProject = groupings.Contains(Project)
            ? projects.Select(p => (Id: p.Key == 0 ? (long?)null : p.Key, Tally: p.Value))
                .OrderByDescending(p => p.Tally.Minutes).ThenBy(p => p.Id is null).ThenBy(p => p.Id)
                .Select(p => new TrackedHoursProjectTotal(p.Id, rows.Lookups.ProjectName(p.Id), p.Tally.Minutes, p.Tally.Amounts(visible)) { RatesVisible = visible })
                .ToList()
            : null;
        var sum = new TrackedHoursTotal(total.Minutes, total.Amounts(visible)) { RatesVisible = visible };
        var activity = new TrackedHoursActivity(TimeAggregator.ActivityLevel(measured, weighted), TimeAggregator.Minutes(weighted / 100));
        return ReportEndpoints.Json(new TrackedHoursData("tracked_hours", from, to, sum, null, byDay, byUser, byProject, activity), pagination);
    }

    private static ReportTally Of(Dictionary<long, ReportTally> tallies, long key)
    {
        ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(tallies, key, out _);
        return tally ??= new ReportTally();
    }
}
