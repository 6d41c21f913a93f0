using Microsoft.Kiota.Abstractions;
using Tracker.Client;

namespace Tracker.Api.Features.App.Pages;

/// <summary>One item waiting for a decision; <see cref="Kind"/> names the API resource it is decided on.</summary>
public sealed record ApprovalItem(string Kind, string Id, long UserId, string What, DateTimeOffset? Since);

/// <summary>
/// The approvals inbox, read from the API with the signed-in person's rights: submitted timesheets, pending time
/// requests and pending leaves (expenses have no decision in the API). Who may see or decide what is the API's
/// answer, never a rule here.
/// </summary>
public sealed class ApprovalsInbox(TrackerClient client, long workspaceId)
{
    public const string Timesheet = "timesheet", TimeRequest = "time-request", Leave = "leave";
    private const int PerPage = 100;

    /// <summary>Everything pending, oldest first. Time requests and leaves are listed over a range: a year back, and a year ahead.</summary>
    public async Task<List<ApprovalItem>> PendingAsync(DateOnly today, CancellationToken ct)
    {
        var (yearAgo, yearAhead) = (ToDate(today.AddYears(-1)), ToDate(today.AddYears(1)));
        var items = new List<ApprovalItem>();
        await foreach (var s in TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.Timesheets.GetAsync(q =>
            {
                (q.QueryParameters.WorkspaceId, q.QueryParameters.Status, q.QueryParameters.OrderBy) = (workspaceId, "submitted", "asc");
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, PerPage);
            }, c);
            return new PageOf<ApprovalItem>(r?.Data?.Select(s => new ApprovalItem(Timesheet, s.Id ?? "", s.UserId ?? 0,
                $"Week {Day(s.DateFrom)} – {Day(s.DateTo)}, {Components.Charts.ChartText.Minutes(s.TotalMinutes ?? 0)}", s.SubmittedOn)),
                r?.Meta?.Pagination?.LastPage);
        }, ct)) items.Add(s);
        await foreach (var t in TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.TimeRequests.GetAsync(q =>
            {
                (q.QueryParameters.WorkspaceId, q.QueryParameters.Status) = (workspaceId, "pending");
                (q.QueryParameters.DateFrom, q.QueryParameters.DateTo) = (yearAgo, yearAhead);
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, PerPage);
            }, c);
            return new PageOf<ApprovalItem>(r?.Data?.Select(t => new ApprovalItem(TimeRequest, t.Id ?? "", t.UserId ?? 0,
                $"Time {t.Start:yyyy-MM-dd HH:mm} – {t.End:HH:mm} UTC{(string.IsNullOrWhiteSpace(t.Notes) ? "" : $": {t.Notes}")}", t.CreatedAt)),
                r?.Meta?.Pagination?.LastPage);
        }, ct)) items.Add(t);
        await foreach (var l in TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.Leaves.GetAsync(q =>
            {
                (q.QueryParameters.WorkspaceId, q.QueryParameters.Status) = (workspaceId, "pending");
                (q.QueryParameters.DateFrom, q.QueryParameters.DateTo) = (yearAgo, yearAhead);
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, PerPage);
            }, c);
            return new PageOf<ApprovalItem>(r?.Data?.Select(l => new ApprovalItem(Leave, l.Id ?? "", l.UserId ?? 0,
                $"{l.PolicyName} leave {Day(l.StartDate)} – {Day(l.EndDate)}{(string.IsNullOrWhiteSpace(l.Note) ? "" : $": {l.Note}")}", null)),
                r?.Meta?.Pagination?.LastPage);
        }, ct)) items.Add(l);
        return items;
    }

    /// <summary>Approves (no reason) or rejects (with the reason); the API's 400/403/404/422 surface as <see cref="TrackerApiException"/>.</summary>
    public Task DecideAsync(string kind, string id, string? reason, CancellationToken ct) => (kind, reason) switch
    {
        (Timesheet, null) => client.V2.Timesheets[id].Approve.PutAsync(q => q.QueryParameters.WorkspaceId = workspaceId, ct),
        (Timesheet, _) => client.V2.Timesheets[id].Reject.PutAsync(new() { Reason = reason }, q => q.QueryParameters.WorkspaceId = workspaceId, ct),
        (TimeRequest, null) => client.V2.TimeRequests[id].Approve.PostAsync(q => q.QueryParameters.WorkspaceId = workspaceId, ct),
        (TimeRequest, _) => client.V2.TimeRequests[id].Reject.PostAsync(new() { Reason = reason }, q => q.QueryParameters.WorkspaceId = workspaceId, ct),
        (Leave, null) => client.V2.Leaves[id].Approve.PutAsync(q => q.QueryParameters.WorkspaceId = workspaceId, ct),
        (Leave, _) => client.V2.Leaves[id].Reject.PutAsync(new() { Reason = reason }, q => q.QueryParameters.WorkspaceId = workspaceId, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of approval."),
    };

    private static Date ToDate(DateOnly d) => new(d.Year, d.Month, d.Day);
    private static string Day(Date? d) => d?.ToString() ?? "?";
}
