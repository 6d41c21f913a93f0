using System.Globalization;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;
using static System.FormattableString;

namespace Tracker.Api.Features.Reports;

public sealed record ActivityDay(DateOnly Date, int? ActivityLevel, int TotalMinutes);
public sealed record ActivityUser(long UserId, string UserName, int? AverageActivityLevel, int TotalMinutes, IReadOnlyList<ActivityDay> Days);
public sealed record ActivityOverall(int? AverageActivityLevel, int TotalMinutes, int ActiveMinutes);
public sealed record ActivityLevelData(DateOnly StartDate, DateOnly EndDate, ActivityOverall Overall, IReadOnlyList<ActivityUser> Users);

public sealed record TaskTotal(long? TaskId, string TaskTitle, long? ProjectId, string? ProjectName, int TotalMinutes);
public sealed record TaskDayItem(long? TaskId, string TaskTitle, int TotalMinutes);
public sealed record TaskDay(DateOnly Date, IReadOnlyList<TaskDayItem> Tasks, int TotalMinutes);
public sealed record TaskUser(long UserId, string UserName, int TotalMinutes, IReadOnlyList<TaskTotal> TasksBreakdown, IReadOnlyList<TaskDay> DailyBreakdown);
public sealed record TaskReportData(DateOnly StartDate, DateOnly EndDate, IReadOnlyList<TaskUser> Users);

public sealed record DescriptionTotal(string? ActivityDescription, long? ProjectId, string? ProjectName, long? TaskId, string? TaskTitle, int TotalMinutes);
public sealed record DescriptionUser(long UserId, string UserName, int TotalMinutes, IReadOnlyList<DescriptionTotal> Descriptions);
public sealed record DescriptionsData(DateOnly StartDate, DateOnly EndDate, IReadOnlyList<DescriptionUser> Users);

/// <summary>The shared front half of the range reports: required dates (≤ 31 days), member filter, zone.</summary>
internal sealed record RangeRequest(ReportQuery Query, DateOnly From, DateOnly To, List<ReportMember> Members, PageRequest Paging)
{
    public static async Task<RangeRequest> ReadAsync(HttpRequest http, WorkspaceScope scope, TrackerDbContext db, Action<ReportQuery> more, CancellationToken ct)
    {
        var q = new ReportQuery(http);
        var start = q.Date("start_date", required: true);
        var end = q.Date("end_date", required: true);
        q.Range(start, end, ReportQuery.MaxRangeDays);
        var users = q.Ids("user_ids", "users");
        var zone = q.TimeZone();
        var paging = q.Paging();
        more(q);
        q.Errors.ThrowIfInvalid();
        var members = await ReportMembers.LoadAsync(db, scope, users, zone, ct);
        return new RangeRequest(q, start!.Value, end!.Value, members, paging);
    }
}

/// <summary>GET /reports/activity-level: duration-weighted activity % per user per day, plus overall figures.</summary>
public static class ActivityLevelReport
{
    public static async Task<IResult> HandleAsync(HttpRequest http, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        long? contractId = null;
        var r = await RangeRequest.ReadAsync(http, scope, db, q => contractId = q.Ids("contract_id").FirstOrDefault() is var c and > 0 ? c : null, ct);
        // Overall figures cover every filtered user, so all are summed (one bucket per member and day: the report
        // needs nothing finer), then one page is shown.
        var buckets = await TimeAggregator.SumAsync(db, scope.WorkspaceId, r.Members, r.From, r.To,
            new TimeFilter([], [], true, contractId, TimeGrouping.Member, Activity: true), clock.GetUtcNow().UtcDateTime, ct);
        var byUser = buckets.ToLookup(b => b.UserId);
        var (page, pagination) = ReportEndpoints.PageOf(r.Members, r.Paging, r.Query.WantsCsv);
        var users = page.Select(m => new ActivityUser(m.UserId, m.Name, TimeAggregator.ActivityLevel(byUser[m.UserId]),
            byUser[m.UserId].Sum(b => TimeAggregator.Minutes(b.Seconds)),
            byUser[m.UserId].GroupBy(b => b.DayIndex).OrderBy(g => g.Key)
                .Select(g => new ActivityDay(r.From.AddDays(g.Key), TimeAggregator.ActivityLevel(g), g.Sum(b => TimeAggregator.Minutes(b.Seconds))))
                .ToList())).ToList();
        if (r.Query.WantsCsv)
            return new CsvResult(Invariant($"activity-level-{r.From:yyyy-MM-dd}-{r.To:yyyy-MM-dd}.csv"),
                ["date", "user_id", "user_name", "activity_level", "total_minutes"],
                users.SelectMany(u => u.Days.Select(d => (IReadOnlyList<object?>)[d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), u.UserId, u.UserName, d.ActivityLevel, d.TotalMinutes])));
        var overall = new ActivityOverall(TimeAggregator.ActivityLevel(buckets), buckets.Sum(b => TimeAggregator.Minutes(b.Seconds)),
            TimeAggregator.Minutes(buckets.Sum(b => b.ActivitySeconds) / 100));
        return ReportEndpoints.Json(new ActivityLevelData(r.From, r.To, overall, users), pagination);
    }
}

/// <summary>GET /reports/task-report: minutes per task per user (overall and per day); "No task" for time without one.</summary>
public static class TaskReport
{
    public const string NoTask = "No task";

    public static async Task<IResult> HandleAsync(HttpRequest http, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        long[] projects = [], tasks = [];
        var includeNoTask = true;
        var r = await RangeRequest.ReadAsync(http, scope, db, q =>
        {
            projects = q.Ids("project_id", "projects");
            tasks = q.Ids("task_id", "tasks");
            includeNoTask = q.Bool("include_no_task", true);
        }, ct);
        var (page, pagination) = ReportEndpoints.PageOf(r.Members, r.Paging, r.Query.WantsCsv);
        var buckets = await TimeAggregator.SumAsync(db, scope.WorkspaceId, page, r.From, r.To,
            new TimeFilter(projects, tasks, includeNoTask, null, TimeGrouping.Task, Activity: false), clock.GetUtcNow().UtcDateTime, ct);
        var lookups = await ReportLookups.LoadAsync(db, scope.WorkspaceId, buckets, ct);
        var byUser = buckets.ToLookup(b => b.UserId);
        string Title(long? id) => id is null ? NoTask : lookups.TaskTitle(id) ?? "";
        var users = page.Select(m => new TaskUser(m.UserId, m.Name, byUser[m.UserId].Sum(b => TimeAggregator.Minutes(b.Seconds)),
            byUser[m.UserId].GroupBy(b => (b.TaskId, b.ProjectId)).OrderBy(g => g.Key.TaskId is null).ThenBy(g => g.Key.TaskId).ThenBy(g => g.Key.ProjectId)
                .Select(g => new TaskTotal(g.Key.TaskId, Title(g.Key.TaskId), g.Key.ProjectId, lookups.ProjectName(g.Key.ProjectId),
                    g.Sum(b => TimeAggregator.Minutes(b.Seconds)))).ToList(),
            byUser[m.UserId].GroupBy(b => b.DayIndex).OrderBy(g => g.Key)
                .Select(day => new TaskDay(r.From.AddDays(day.Key),
                    day.GroupBy(b => b.TaskId).OrderBy(g => g.Key is null).ThenBy(g => g.Key)
                        .Select(g => new TaskDayItem(g.Key, Title(g.Key), g.Sum(b => TimeAggregator.Minutes(b.Seconds)))).ToList(),
                    day.Sum(b => TimeAggregator.Minutes(b.Seconds)))).ToList())).ToList();
        if (r.Query.WantsCsv)
            return new CsvResult(Invariant($"task-report-{r.From:yyyy-MM-dd}-{r.To:yyyy-MM-dd}.csv"),
                ["date", "user_id", "user_name", "task_id", "task_title", "total_minutes"],
                users.SelectMany(u => u.DailyBreakdown.SelectMany(d => d.Tasks.Select(t =>
                    (IReadOnlyList<object?>)[d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), u.UserId, u.UserName, t.TaskId, t.TaskTitle, t.TotalMinutes]))));
        return ReportEndpoints.Json(new TaskReportData(r.From, r.To, users), pagination);
    }
}

/// <summary>GET /reports/activity-descriptions: minutes per free-text activity description per user.</summary>
public static class ActivityDescriptionsReport
{
    public static async Task<IResult> HandleAsync(HttpRequest http, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        long[] projects = [];
        var r = await RangeRequest.ReadAsync(http, scope, db, q => projects = q.Ids("project_id", "projects"), ct);
        var (page, pagination) = ReportEndpoints.PageOf(r.Members, r.Paging, r.Query.WantsCsv);
        var buckets = await TimeAggregator.SumAsync(db, scope.WorkspaceId, page, r.From, r.To,
            new TimeFilter(projects, [], true, null, TimeGrouping.Description, Activity: false), clock.GetUtcNow().UtcDateTime, ct);
        var lookups = await ReportLookups.LoadAsync(db, scope.WorkspaceId, buckets, ct);
        var byUser = buckets.ToLookup(b => b.UserId);
        var users = page.Select(m => new DescriptionUser(m.UserId, m.Name, byUser[m.UserId].Sum(b => TimeAggregator.Minutes(b.Seconds)),
            byUser[m.UserId].GroupBy(b => (b.Description, b.ProjectId, b.TaskId))
                .Select(g => new DescriptionTotal(g.Key.Description, g.Key.ProjectId, lookups.ProjectName(g.Key.ProjectId), g.Key.TaskId,
                    lookups.TaskTitle(g.Key.TaskId), g.Sum(b => TimeAggregator.Minutes(b.Seconds))))
                .OrderByDescending(d => d.TotalMinutes).ThenBy(d => d.ActivityDescription, StringComparer.Ordinal)
                .ThenBy(d => d.ProjectId).ThenBy(d => d.TaskId).ToList())).ToList();
        if (r.Query.WantsCsv)
            return new CsvResult(Invariant($"activity-descriptions-{r.From:yyyy-MM-dd}-{r.To:yyyy-MM-dd}.csv"),
                ["user_id", "user_name", "activity_description", "project_id", "project_name", "task_id", "task_title", "total_minutes"],
                users.SelectMany(u => u.Descriptions.Select(d =>
                    (IReadOnlyList<object?>)[u.UserId, u.UserName, d.ActivityDescription, d.ProjectId, d.ProjectName, d.TaskId, d.TaskTitle, d.TotalMinutes])));
        return ReportEndpoints.Json(new DescriptionsData(r.From, r.To, users), pagination);
    }
}
