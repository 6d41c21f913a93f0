using System.Globalization;
using Microsoft.OpenApi;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Reports;

/// <summary>Reports (spec 5): read-only aggregations for owners and executive managers, JSON or CSV.</summary>
public static class ReportEndpoints
{
    /// <summary>Per-user paging of the reports: default 30 users per page, max 100.</summary>
    public const int UsersPerPage = 30;

    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/reports").WithTags("Reports").RequireWorkspaceRole(Roles.Admins).ReadsFromReplica();
        // Every report reads its query itself (ReportQuery); the parameters are listed for the document. The range
        // reports scan many members' entries and take turns (ScanSlots); a day's timeline and attendance read one day.
        group.MapGet("/tracked-hours", TrackedHoursReport.HandleAsync).Describe<TrackedHoursData>("getTrackedHoursReport", "Get Tracked Hours Report",
            [], "start_date", "end_date", "user_id", "users", "projects", "project_id", "teams", "titles", "currencies", "timezone", "group_by")
            .PagedByMember().HoldsScanSlot();
        group.MapGet("/daily-timeline", DailyTimelineReport.HandleAsync).Describe<TimelineData>("getDailyTimelineReport", "Get Daily Timeline Report",
            ["date"], "user_ids", "users", "timezone").PagedByMember();
        group.MapGet("/activity-level", ActivityLevelReport.HandleAsync).Describe<ActivityLevelData>("getActivityLevelReport", "Get Activity Level Report",
            ["start_date", "end_date"], "user_ids", "users", "timezone", "contract_id").PagedByMember().HoldsScanSlot();
        group.MapGet("/daily-attendance", DailyAttendanceReport.HandleAsync).Describe<AttendanceData>("getDailyAttendanceReport", "Get Daily Attendance Report",
            ["date"], "users", "user_ids", "status", "timezone").PagedByMember();
        group.MapGet("/task-report", TaskReport.HandleAsync).Describe<TaskReportData>("getTaskReport", "Get Task Report",
            ["start_date", "end_date"], "user_ids", "users", "timezone", "project_id", "projects", "task_id", "tasks", "include_no_task").PagedByMember().HoldsScanSlot();
        group.MapGet("/activity-descriptions", ActivityDescriptionsReport.HandleAsync).Describe<DescriptionsData>("getActivityDescriptionsReport",
            "Activity Descriptions Report", ["start_date", "end_date"], "user_ids", "users", "timezone", "project_id", "projects").PagedByMember().HoldsScanSlot();
        return api;
    }

    /// <summary>
    /// Name, summary, both answer types (JSON envelope or CSV file) and the query parameters for the OpenAPI
    /// document; every report also takes <c>format=csv</c>.
    /// </summary>
    private static RouteHandlerBuilder Describe<T>(
        this RouteHandlerBuilder route, string name, string summary, string[] required, params string[] optional) =>
        route.WithName(name).WithSummary(summary)
            .Produces<Envelope<T>>(StatusCodes.Status200OK, "application/json", "text/csv")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                foreach (var parameter in required.Concat(optional).Append("format"))
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = parameter, In = ParameterLocation.Query, Required = required.Contains(parameter),
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = parameter.EndsWith("date", StringComparison.Ordinal) ? "date" : null },
                    });
                return Task.CompletedTask;
            });

    /// <summary>
    /// A report paged by member (<see cref="ReportQuery.Paging"/>): <c>page</c> and <c>per_page</c> in the document
    /// (tracked-hours: its members' sums, with <c>group_by=user</c>).
    /// </summary>
    private static RouteHandlerBuilder PagedByMember(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (parameter, minimum, maximum) in new[] { ("page", "1", (string?)null), ("per_page", "1", PageRequest.MaxPerPage.ToString(CultureInfo.InvariantCulture)) })
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter, In = ParameterLocation.Query, Required = false,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = minimum, Maximum = maximum },
                });
            return Task.CompletedTask;
        });

    /// <summary>A report's JSON answer: the data object plus per-user <c>meta.pagination</c> when paged.</summary>
    public static IResult Json<T>(T data, Pagination? pagination = null) =>
        new EnvelopeResult<T>(StatusCodes.Status200OK, data, "Report retrieved successfully", pagination);

    /// <summary>The users of one page, or all of them for a CSV download (a file is not paged).</summary>
    public static (List<ReportMember> Page, Pagination? Pagination) PageOf(List<ReportMember> members, PageRequest paging, bool csv)
    {
        if (csv) return (members, null);
        var page = members.Skip((paging.Page - 1) * paging.PerPage).Take(paging.PerPage).ToList();
        return (page, PagingExtensions.Describe(members.Count, paging, page.Count));
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
