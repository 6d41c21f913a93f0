using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Tracker.Client;

namespace Tracker.Cli;

public sealed record WorkspaceRow(long Id, string Name, string Role, long UserId);
public sealed record ProjectRow(long Id, string Name);
public sealed record MemberRow(long Id, string Name, string Email, string Role, string Status);
public sealed record EntryRow(string Id, DateOnly Date, DateTimeOffset? Start, DateTimeOffset? End, long Minutes, string? Project, string? Task, string? Note);
public sealed record CurrentRow(string? Task, string? Note, long TodayMinutes);
public sealed record TimesheetRow(string Id, long UserId, DateOnly From, DateOnly To, string Status, long Minutes);
public sealed record PendingRow(string Kind, string Id, long UserId, string What);
public sealed record ImportSummary(string Source, bool DryRun, int Rows, int MembersCreated, int ProjectsCreated, int TasksCreated,
    int EntriesCreated, int EntriesSkippedDuplicates, IReadOnlyList<ImportProblem> Errors);
public sealed record ImportProblem(int Line, string Message);

/// <summary>
/// The only file of the command line that names the generated client's types: each call returns the CLI's own
/// rows, so a regenerated client (renamed schemas) changes this file alone. Request bodies are target-typed
/// (<c>new() { … }</c>) for the same reason.
/// </summary>
internal sealed class Api(TrackerClient client)
{
    private const int PerPage = 100;

    public async Task<List<WorkspaceRow>> WorkspacesAsync(CancellationToken ct)
    {
        var r = await client.V2.Workspaces.GetAsync(cancellationToken: ct);
        return [.. (r?.Data ?? []).Select(w => new WorkspaceRow(w.Id ?? 0, w.WorkspaceName ?? "", w.Role ?? "", w.UserId ?? 0))];
    }

    public IAsyncEnumerable<ProjectRow> ProjectsAsync(long ws, string? name, CancellationToken ct) =>
        TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.Projects.GetAsync(q =>
            {
                (q.QueryParameters.WorkspaceId, q.QueryParameters.Name) = (ws, name);
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, PerPage);
            }, c);
            return new PageOf<ProjectRow>(r?.Data?.Select(p => new ProjectRow(p.Id ?? 0, p.Name ?? "")), r?.Meta?.Pagination?.LastPage);
        }, ct);

    public IAsyncEnumerable<MemberRow> MembersAsync(long ws, CancellationToken ct) =>
        TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.Members.GetAsync(q =>
            {
                q.QueryParameters.WorkspaceId = ws;
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, PerPage);
            }, c);
            return new PageOf<MemberRow>(r?.Data?.Select(m => new MemberRow(m.Id ?? 0, $"{m.Firstname} {m.Lastname}".Trim(), m.Email ?? "",
                m.CurrentRole ?? "", m.Status ?? "")), r?.Meta?.Pagination?.LastPage);
        }, ct);

    /// <summary>The member's active contract on the project (tracking on a project goes through its contract).</summary>
    public async Task<long?> ContractIdAsync(long ws, long userId, long projectId, CancellationToken ct)
    {
        var r = await client.V2.Contracts.GetAsync(q =>
        {
            (q.QueryParameters.WorkspaceId, q.QueryParameters.UserId, q.QueryParameters.ProjectId) = (ws, userId, projectId);
            q.QueryParameters.Status = "active";
        }, ct);
        return r?.Data?.Select(c => c.Id).FirstOrDefault();
    }

    public async Task<List<(long Id, string Title)>> TasksAsync(long ws, long? projectId, CancellationToken ct)
    {
        var tasks = new List<(long, string)>();
        await foreach (var t in TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.Tasks.GetAsync(q =>
            {
                (q.QueryParameters.WorkspaceId, q.QueryParameters.ProjectId) = (ws, projectId);
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, PerPage);
            }, c);
            return new PageOf<(long, string)>(r?.Data?.Select(t => (t.Id ?? 0, t.Title ?? "")), r?.Meta?.Pagination?.LastPage);
        }, ct)) tasks.Add(t);
        return tasks;
    }

    public async Task<(DateTimeOffset? Start, string? Project, string? Task)> StartAsync(long ws, long userId, long? contractId, long? taskId,
        string? note, CancellationToken ct)
    {
        var r = await client.V2.TimeTracking.Start.PostAsync(new()
        {
            UserId = userId, ContractId = contractId, TaskId = taskId, ActivityDescription = note,
        }, q => q.QueryParameters.WorkspaceId = ws, ct);
        return (r?.Data?.StartTime, r?.Data?.ProjectName, r?.Data?.TaskTitle);
    }

    public async Task<DateTimeOffset?> StopAsync(long ws, long userId, CancellationToken ct)
    {
        var r = await client.V2.TimeTracking.Stop.PostAsync(new() { UserId = userId }, q => q.QueryParameters.WorkspaceId = ws, ct);
        return r?.Data?.StoppedAt;
    }

    /// <summary>The running tracker's figures, or null when none runs (the server answers that with a 400).</summary>
    public async Task<CurrentRow?> CurrentAsync(long ws, long userId, CancellationToken ct)
    {
        try
        {
            var r = await client.V2.TimeTracking.CurrentData.GetAsync(q =>
                (q.QueryParameters.WorkspaceId, q.QueryParameters.UserId) = (ws, userId), ct);
            return new CurrentRow(r?.Data?.TaskTitle, r?.Data?.ActivityDescription, r?.Data?.TotalMinutes ?? 0);
        }
        catch (TrackerApiException e) when (e.Status == 400)
        {
            return null;
        }
    }

    public async Task<List<EntryRow>> EntriesAsync(long ws, long userId, DateOnly date, CancellationToken ct)
    {
        var entries = new List<EntryRow>();
        await foreach (var e in TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.TimeEntries.GetAsync(q =>
            {
                (q.QueryParameters.WorkspaceId, q.QueryParameters.UserId, q.QueryParameters.Date) = (ws, userId, date.ToApiDate());
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, 50);
            }, c);
            return new PageOf<EntryRow>(r?.Data?.Select(e => new EntryRow(e.Id ?? "", date, e.StartTime, e.EndTime, e.DurationMinutes ?? 0,
                e.ProjectName, e.TaskTitle, e.ActivityDescription)), r?.Meta?.Pagination?.LastPage);
        }, ct)) entries.Add(e);
        return entries;
    }

    public async Task<string?> AddEntryAsync(long ws, long userId, long? contractId, DateOnly date, string from, string to, string? note,
        CancellationToken ct)
    {
        var r = await client.V2.TimeEntries.PostAsync(new()
        {
            UserId = userId, ContractId = contractId, Date = date.ToString("yyyy-MM-dd"), StartTime = from, EndTime = to, Notes = note,
        }, q => q.QueryParameters.WorkspaceId = ws, ct);
        return r?.Message;
    }

    public async Task<List<TimesheetRow>> TimesheetsAsync(long ws, long? userId, DateOnly? from, DateOnly? to, string? status, CancellationToken ct)
    {
        var sheets = new List<TimesheetRow>();
        await foreach (var s in TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.Timesheets.GetAsync(q =>
            {
                (q.QueryParameters.WorkspaceId, q.QueryParameters.UserId, q.QueryParameters.Status) = (ws, userId, status);
                (q.QueryParameters.DateFrom, q.QueryParameters.DateTo) = (from is { } f ? f.ToApiDate() : null, to is { } t ? t.ToApiDate() : null);
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, PerPage);
            }, c);
            return new PageOf<TimesheetRow>(r?.Data?.Select(s => new TimesheetRow(s.Id ?? "", s.UserId ?? 0, (s.DateFrom?.ToDateOnly() ?? default), (s.DateTo?.ToDateOnly() ?? default),
                s.Status ?? "", s.TotalMinutes ?? 0)), r?.Meta?.Pagination?.LastPage);
        }, ct)) sheets.Add(s);
        return sheets;
    }

    public Task SubmitTimesheetAsync(long ws, string id, CancellationToken ct) =>
        client.V2.Timesheets[id].Submit.PutAsync(q => q.QueryParameters.WorkspaceId = ws, ct);

    /// <summary>
    /// What waits for a manager's decision: submitted timesheets, pending time requests and leaves. The two latter
    /// lists need a range: a year back, and a year ahead for leaves.
    /// </summary>
    public async Task<List<PendingRow>> PendingAsync(long ws, DateOnly today, CancellationToken ct)
    {
        var rows = (await TimesheetsAsync(ws, null, null, null, "submitted", ct))
            .Select(s => new PendingRow("timesheet", s.Id, s.UserId, $"{s.From:yyyy-MM-dd}..{s.To:yyyy-MM-dd}, {Format.Minutes(s.Minutes)}")).ToList();
        await foreach (var t in TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.TimeRequests.GetAsync(q =>
            {
                (q.QueryParameters.WorkspaceId, q.QueryParameters.Status) = (ws, "pending");
                (q.QueryParameters.DateFrom, q.QueryParameters.DateTo) = (today.AddYears(-1).ToApiDate(), today.AddDays(1).ToApiDate());
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, PerPage);
            }, c);
            return new PageOf<PendingRow>(r?.Data?.Select(t => new PendingRow("time-request", t.Id ?? "", t.UserId ?? 0,
                $"{t.Start:yyyy-MM-dd HH:mm}..{t.End:HH:mm} {t.Notes}".Trim())), r?.Meta?.Pagination?.LastPage);
        }, ct)) rows.Add(t);
        await foreach (var l in TrackerClient.AllAsync(async (page, c) =>
        {
            var r = await client.V2.Leaves.GetAsync(q =>
            {
                (q.QueryParameters.WorkspaceId, q.QueryParameters.Status) = (ws, "pending");
                (q.QueryParameters.DateFrom, q.QueryParameters.DateTo) = (today.AddYears(-1).ToApiDate(), today.AddYears(1).ToApiDate());
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, PerPage);
            }, c);
            return new PageOf<PendingRow>(r?.Data?.Select(l => new PendingRow("leave", l.Id ?? "", l.UserId ?? 0,
                $"{l.PolicyName} {(l.StartDate?.ToDateOnly() ?? default):yyyy-MM-dd}..{(l.EndDate?.ToDateOnly() ?? default):yyyy-MM-dd}")), r?.Meta?.Pagination?.LastPage);
        }, ct)) rows.Add(l);
        return rows;
    }

    public Task DecideAsync(long ws, string kind, string id, string? reason, CancellationToken ct) => (kind, reason) switch
    {
        ("timesheet", null) => client.V2.Timesheets[id].Approve.PutAsync(q => q.QueryParameters.WorkspaceId = ws, ct),
        ("timesheet", _) => client.V2.Timesheets[id].Reject.PutAsync(new() { Reason = reason }, q => q.QueryParameters.WorkspaceId = ws, ct),
        ("time-request", null) => client.V2.TimeRequests[id].Approve.PostAsync(q => q.QueryParameters.WorkspaceId = ws, ct),
        ("time-request", _) => client.V2.TimeRequests[id].Reject.PostAsync(new() { Reason = reason }, q => q.QueryParameters.WorkspaceId = ws, ct),
        ("leave", null) => client.V2.Leaves[id].Approve.PutAsync(q => q.QueryParameters.WorkspaceId = ws, ct),
        ("leave", _) => client.V2.Leaves[id].Reject.PutAsync(new() { Reason = reason }, q => q.QueryParameters.WorkspaceId = ws, ct),
        _ => throw new UsageException($"Unknown kind '{kind}': use timesheet, time-request or leave."),
    };

    /// <summary>
    /// The tracked-hours report summed by the server per member (every page of them) or per project
    /// (<see cref="TrackedHoursReport.SumsAsync"/>): the sums, most time first, and the range's total minutes.
    /// </summary>
    public async Task<(List<TrackedHoursSum> Sums, int TotalMinutes)> TrackedHoursSumsAsync(long ws, DateOnly from, DateOnly to, bool byProject, CancellationToken ct)
    {
        var sums = new List<TrackedHoursSum>();
        for (var page = 1; ; page++)
        {
            var answer = await TrackedHoursReport.SumsAsync(client, ws, from, to,
                [byProject ? TrackedHoursReport.ByProject : TrackedHoursReport.ByUser], page, PerPage, ct);
            sums.AddRange(byProject ? answer.ByProject : answer.ByUser);
            if (byProject || page >= answer.LastPage) return (sums, answer.TotalMinutes);
        }
    }

    /// <summary>The server's CSV export of the tracked-hours report, as it wrote it.</summary>
    public async Task<string> TrackedHoursCsvAsync(long ws, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var request = client.V2.Reports.TrackedHours.ToGetRequestInformation(q =>
        {
            (q.QueryParameters.WorkspaceId, q.QueryParameters.StartDate, q.QueryParameters.EndDate) = (ws, from.ToApiDate(), to.ToApiDate());
            q.QueryParameters.Format = "csv";
        });
        await using var stream = await client.Adapter.SendPrimitiveAsync<Stream>(request, cancellationToken: ct)
                                 ?? throw new TrackerApiException(500, "The report was empty.", new Dictionary<string, string[]>());
        return await new StreamReader(stream).ReadToEndAsync(ct);
    }

    /// <summary>Imports a file read from <paramref name="file"/> as it uploads (<see cref="Imports"/>).</summary>
    public async Task<ImportSummary> ImportAsync(long ws, string source, Stream file, bool dryRun, CancellationToken ct)
    {
        var r = await client.ImportAsync(ws, source, file, dryRun, ct);
        return new ImportSummary(r.Source ?? source, r.DryRun ?? dryRun, r.Rows ?? 0, r.MembersCreated ?? 0, r.ProjectsCreated ?? 0,
            r.TasksCreated ?? 0, r.EntriesCreated ?? 0, r.EntriesSkippedDuplicates ?? 0,
            [.. (r.Errors ?? []).Select(e => new ImportProblem(e.Line ?? 0, e.Message ?? ""))]);
    }

    /// <summary>The workspace's export (a zip), copied to <paramref name="destination"/> as it arrives.</summary>
    public async Task ExportAsync(long ws, Stream destination, CancellationToken ct)
    {
        await using var stream = await client.V2.Exports.GetAsync(q => q.QueryParameters.WorkspaceId = ws, ct)
                                 ?? throw new TrackerApiException(500, "The export was empty.", new Dictionary<string, string[]>());
        await stream.CopyToAsync(destination, ct);
    }
}

/// <summary>Bad usage found after parsing (an unknown kind, a name that matches nothing): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
