using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;

namespace Tracker.Api.Features.Reports;

/// <summary>Reports (spec 5): read-only aggregations for owners and executive managers, JSON or CSV.</summary>
public static class ReportEndpoints
{
    /// <summary>Per-user paging of the reports: default 30 users per page, max 100.</summary>
    public const int UsersPerPage = 30;

    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/reports").WithTags("Reports");
        group.MapGet("/tracked-hours", TrackedHoursReport.HandleAsync).WithName("getTrackedHoursReport").WithSummary("Get Tracked Hours Report");
        group.MapGet("/daily-timeline", DailyTimelineReport.HandleAsync).WithName("getDailyTimelineReport").WithSummary("Get Daily Timeline Report");
        group.MapGet("/activity-level", ActivityLevelReport.HandleAsync).WithName("getActivityLevelReport").WithSummary("Get Activity Level Report");
        group.MapGet("/daily-attendance", DailyAttendanceReport.HandleAsync).WithName("getDailyAttendanceReport").WithSummary("Get Daily Attendance Report");
        group.MapGet("/task-report", TaskReport.HandleAsync).WithName("getTaskReport").WithSummary("Get Task Report");
        group.MapGet("/activity-descriptions", ActivityDescriptionsReport.HandleAsync)
            .WithName("getActivityDescriptionsReport").WithSummary("Activity Descriptions Report");
        return api;
    }

    /// <summary>A report's JSON answer: the data object plus per-user <c>meta.pagination</c> when paged.</summary>
    public static IResult Json<T>(T data, Pagination? pagination = null) =>
        new EnvelopeResult<T>(StatusCodes.Status200OK, data, "Report retrieved successfully", pagination);

    /// <summary>The users of one page, or all of them for a CSV download (a file is not paged).</summary>
    public static (List<ReportMember> Page, Pagination? Pagination) PageOf(List<ReportMember> members, HttpRequest http, bool csv)
    {
        var paging = PageRequest.FromQuery(http.Query, UsersPerPage);
        if (csv) return (members, null);
        var page = members.Skip((paging.Page - 1) * paging.PerPage).Take(paging.PerPage).ToList();
        return (page, PagingExtensions.Describe(members.Count, paging, page.Count));
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
