using Microsoft.Kiota.Abstractions;
using Tracker.Client;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Features.App.Pages;

/// <summary>
/// A report section's answer: its data and how many pages of members it has, or the API's refusal (403, 422 …) as the
/// page shows it.
/// </summary>
public sealed record ReportPart<T>(T? Data, ApiProblem? Problem, int LastPage = 1);

/// <summary>Reads the reports of /app/reports from the API with the signed-in person's rights.</summary>
public sealed class ReportsLoader(TrackerClient client, long workspaceId)
{
    /// <summary>
    /// Members per page of every per-member section (the API's default for reports): one page number turns them all,
    /// so a large team's page stays a screenful and the server renders 30 rows a section, not hundreds.
    /// </summary>
    public const int MembersPerPage = 30;

    /// <summary>
    /// The tracked hours of the range summed by the API by day, by member (one page, most time first) and by project:
    /// what the charts and tables show, without every member × day × project row.
    /// </summary>
    public Task<ReportPart<TrackedHoursSums>> TrackedHoursAsync(ReportsRange range, int membersPage, CancellationToken ct) => Try(async () =>
    {
        var sums = await TrackedHoursReport.SumsAsync(client, workspaceId, range.From, range.To,
            [TrackedHoursReport.ByDay, TrackedHoursReport.ByUser, TrackedHoursReport.ByProject], membersPage, MembersPerPage, ct);
        return (sums, (int?)sums.LastPage);
    });

    /// <summary>The API's own CSV file of the tracked-hours report (not paged), passed through unchanged.</summary>
    public async Task<Stream> TrackedHoursCsvAsync(ReportsRange range, CancellationToken ct) =>
        await client.Adapter.SendPrimitiveAsync<Stream>(TrackedHoursRequest(range, csv: true), cancellationToken: ct)
        ?? throw new TrackerApiException(500, "The report was empty.", new Dictionary<string, string[]>());

    /// <summary>
    /// Activity per member of the given members only (the tracked-hours page's): the API reads just their time, where
    /// the whole team's figure comes with the sums. The API's own range rule (31 days) refuses a longer range here.
    /// </summary>
    public Task<ReportPart<ActivityLevelData>> ActivityAsync(ReportsRange range, IEnumerable<long> userIds, CancellationToken ct) => Try(async () =>
    {
        var answer = await client.V2.Reports.ActivityLevel.GetAsync(q =>
        {
            (q.QueryParameters.WorkspaceId, q.QueryParameters.StartDate, q.QueryParameters.EndDate) = (workspaceId, range.From.ToApiDate(), range.To.ToApiDate());
            (q.QueryParameters.UserIds, q.QueryParameters.PerPage) = (string.Join(',', userIds), MembersPerPage);
        }, ct);
        return (answer?.Data, (int?)null);
    });

    public Task<ReportPart<TimelineData>> TimelineAsync(DateOnly day, int membersPage, CancellationToken ct) => Try(async () =>
    {
        var answer = await client.V2.Reports.DailyTimeline.GetAsync(q =>
            (q.QueryParameters.WorkspaceId, q.QueryParameters.Date, q.QueryParameters.Page, q.QueryParameters.PerPage) =
            (workspaceId, day.ToApiDate(), membersPage, MembersPerPage), ct);
        return (answer?.Data, answer?.Meta?.Pagination?.LastPage);
    });

    public Task<ReportPart<AttendanceData>> AttendanceAsync(DateOnly day, int membersPage, CancellationToken ct) => Try(async () =>
    {
        var answer = await client.V2.Reports.DailyAttendance.GetAsync(q =>
            (q.QueryParameters.WorkspaceId, q.QueryParameters.Date, q.QueryParameters.Page, q.QueryParameters.PerPage) =
            (workspaceId, day.ToApiDate(), membersPage, MembersPerPage), ct);
        return (answer?.Data, answer?.Meta?.Pagination?.LastPage);
    });

    private RequestInformation TrackedHoursRequest(ReportsRange range, bool csv) =>
        client.V2.Reports.TrackedHours.ToGetRequestInformation(q =>
        {
            (q.QueryParameters.WorkspaceId, q.QueryParameters.StartDate, q.QueryParameters.EndDate) = (workspaceId, range.From.ToApiDate(), range.To.ToApiDate());
            if (csv) q.QueryParameters.Format = "csv";
        });

    private static async Task<ReportPart<T>> Try<T>(Func<Task<(T? Data, int? LastPage)>> load)
    {
        try
        {
            var (data, lastPage) = await load();
            return new(data, null, lastPage ?? 1);
        }
        catch (TrackerApiException e) when (e.Status is >= 400 and < 500) { return new(default, ApiProblem.From(e)); }
    }

}
