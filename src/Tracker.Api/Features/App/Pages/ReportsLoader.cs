using Microsoft.Kiota.Abstractions;
using Tracker.Client;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Features.App.Pages;

/// <summary>A report section's answer: its data, or the API's refusal (403, 422 …) as the page shows it.</summary>
public sealed record ReportPart<T>(T? Data, ApiProblem? Problem);

/// <summary>Reads the reports of /app/reports from the API with the signed-in person's rights.</summary>
public sealed class ReportsLoader(TrackerClient client, long workspaceId)
{
    /// <summary>Users per page of the day reports: the API's maximum. More members than that show the first page.</summary>
    public const int UsersPerPage = 100;

    /// <summary>Members per page of the tracked-hours sums: the API's default for reports.</summary>
    public const int MembersPerPage = 30;

    /// <summary>
    /// The tracked hours of the range summed by the API by day, by member (one page, most time first) and by project:
    /// what the charts and tables show, without every member × day × project row.
    /// </summary>
    public Task<ReportPart<TrackedHoursSums>> TrackedHoursAsync(ReportsRange range, int membersPage, CancellationToken ct) => Try(async () =>
        await TrackedHoursReport.SumsAsync(client, workspaceId, range.From, range.To,
            [TrackedHoursReport.ByDay, TrackedHoursReport.ByUser, TrackedHoursReport.ByProject], membersPage, MembersPerPage, ct));

    /// <summary>The API's own CSV file of the tracked-hours report (not paged), passed through unchanged.</summary>
    public async Task<Stream> TrackedHoursCsvAsync(ReportsRange range, CancellationToken ct) =>
        await client.Adapter.SendPrimitiveAsync<Stream>(TrackedHoursRequest(range, csv: true), cancellationToken: ct)
        ?? throw new TrackerApiException(500, "The report was empty.", new Dictionary<string, string[]>());

    public Task<ReportPart<ActivityLevelData>> ActivityAsync(ReportsRange range, CancellationToken ct) => Try(async () =>
        (await client.V2.Reports.ActivityLevel.GetAsync(q =>
        {
            (q.QueryParameters.WorkspaceId, q.QueryParameters.StartDate, q.QueryParameters.EndDate) = (workspaceId, range.From.ToApiDate(), range.To.ToApiDate());
            q.QueryParameters.PerPage = UsersPerPage;
        }, ct))?.Data);

    public Task<ReportPart<TimelineData>> TimelineAsync(DateOnly day, CancellationToken ct) => Try(async () =>
        (await client.V2.Reports.DailyTimeline.GetAsync(q =>
            (q.QueryParameters.WorkspaceId, q.QueryParameters.Date, q.QueryParameters.PerPage) = (workspaceId, day.ToApiDate(), UsersPerPage), ct))?.Data);

    public Task<ReportPart<AttendanceData>> AttendanceAsync(DateOnly day, CancellationToken ct) => Try(async () =>
        (await client.V2.Reports.DailyAttendance.GetAsync(q =>
            (q.QueryParameters.WorkspaceId, q.QueryParameters.Date, q.QueryParameters.PerPage) = (workspaceId, day.ToApiDate(), UsersPerPage), ct))?.Data);

    private RequestInformation TrackedHoursRequest(ReportsRange range, bool csv) =>
        client.V2.Reports.TrackedHours.ToGetRequestInformation(q =>
        {
            (q.QueryParameters.WorkspaceId, q.QueryParameters.StartDate, q.QueryParameters.EndDate) = (workspaceId, range.From.ToApiDate(), range.To.ToApiDate());
            if (csv) q.QueryParameters.Format = "csv";
        });

    private static async Task<ReportPart<T>> Try<T>(Func<Task<T?>> load)
    {
        try { return new(await load(), null); }
        catch (TrackerApiException e) when (e.Status is >= 400 and < 500) { return new(default, ApiProblem.From(e)); }
    }

}
