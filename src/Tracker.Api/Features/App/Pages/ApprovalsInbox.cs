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

    /// <summary>
    /// The API's refusal (403) when this person may not decide, else null. Deciding and reading the whole workspace's
    /// time are the same right in the API; asking for one's own entries of today through that workspace-wide route
    /// lets the API answer, so the app holds no copy of the role rule.
    /// </summary>
    public async Task<TrackerApiException?> RefusalAsync(long me, DateOnly today, CancellationToken ct)
    {
        try
        {
            await client.V2.TimeEntries.GetAsync(q =>
                (q.QueryParameters.WorkspaceId, q.QueryParameters.UserId, q.QueryParameters.Date, q.QueryParameters.PerPage) =
                (workspaceId, me, today.ToApiDate(), 1), ct);
            return null;
        }
        catch (TrackerApiException e) when (e.Status == StatusCodes.Status403Forbidden) { return e; }
    }

    /// <summary>How many items wait, from each list's total (one row asked of each).</summary>
    public async Task<int> CountAsync(DateOnly today, CancellationToken ct)
    {
        var (yearAgo, yearAhead) = (today.AddYears(-1).ToApiDate(), today.AddYears(1).ToApiDate());
        var sheets = await client.V2.Timesheets.GetAsync(q =>
            (q.QueryParameters.WorkspaceId, q.QueryParameters.Status, q.QueryParameters.PerPage) = (workspaceId, "submitted", 1), ct);
        var requests = await client.V2.TimeRequests.GetAsync(q =>
            (q.QueryParameters.WorkspaceId, q.QueryParameters.Status, q.QueryParameters.DateFrom, q.QueryParameters.DateTo, q.QueryParameters.PerPage) =
            (workspaceId, "pending", yearAgo, yearAhead, 1), ct);
        var leaves = await client.V2.Leaves.GetAsync(q =>
            (q.QueryParameters.WorkspaceId, q.QueryParameters.Status, q.QueryParameters.DateFrom, q.QueryParameters.DateTo, q.QueryParameters.PerPage) =
            (workspaceId, "pending", yearAgo, yearAhead, 1), ct);
        return (sheets?.Meta?.Pagination?.Total ?? 0) + (requests?.Meta?.Pagination?.Total ?? 0) + (leaves?.Meta?.Pagination?.Total ?? 0);
    }

    /// <summary>
    /// Everything pending. Time requests and leaves are listed over a range: a year back, and a year ahead; a time
    /// request's span is shown in the deciding person's zone.
    /// </summary>
    public async Task<List<ApprovalItem>> PendingAsync(DateOnly today, TimeZoneInfo zone, CancellationToken ct)
    {
        var (yearAgo, yearAhead) = (today.AddYears(-1).ToApiDate(), today.AddYears(1).ToApiDate());
        var items = new List<ApprovalItem>();
        await foreach (var s in TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.Timesheets.GetAsync(q =>
            {
                (q.QueryParameters.WorkspaceId, q.QueryParameters.Status, q.QueryParameters.OrderBy) = (workspaceId, "submitted", "asc");
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, PerPage);
            }, c);
            return new PageOf<ApprovalItem>(r?.Data?.Select(s => new ApprovalItem(Timesheet, s.Id ?? "", s.UserId ?? 0,
                $"Week {Day(s.DateFrom)} – {Day(s.DateTo)}, {AppTime.Duration(s.TotalMinutes ?? 0)}", s.SubmittedOn)),
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
                $"Time {LocalDay(t.Start, zone)} {AppTime.Clock(t.Start, zone)} – {AppTime.Clock(t.End, zone)}{(string.IsNullOrWhiteSpace(t.Notes) ? "" : $": {t.Notes}")}", t.CreatedAt)),
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

    /// <summary>The members' names as the API shows them to this person (email when no name was given).</summary>
    public async Task<Dictionary<long, string>> NamesAsync(CancellationToken ct)
    {
        var names = new Dictionary<long, string>();
        await foreach (var m in TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.Members.GetAsync(q => (q.QueryParameters.WorkspaceId, q.QueryParameters.Page, q.QueryParameters.PerPage) = (workspaceId, page, PerPage), c);
            return new PageOf<Client.Generated.Models.MemberResponse>(r?.Data, r?.Meta?.Pagination?.LastPage);
        }, ct))
            names[m.Id ?? 0] = $"{m.Firstname} {m.Lastname}".Trim() is { Length: > 0 } name ? name : m.Email ?? $"#{m.Id}";
        return names;
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

    private static string LocalDay(DateTimeOffset? instant, TimeZoneInfo zone) =>
        instant is { } i ? TimeZoneInfo.ConvertTime(i, zone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "?";

    private static string Day(Date? d) => d?.ToString() ?? "?";
}
