using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Time;

public sealed record StartTrackingRequest(long? UserId, long? ContractId, long? TaskId, string? ActivityDescription);

public sealed record StopTrackingRequest(long? UserId);

public sealed record TrackerStarted(
    string Message, DateTime StartTime, long UserId, string UserName, string UserEmail, long? ContractId, long? ProjectId,
    string? ProjectName, long? TaskId, string? TaskTitle, string? ActivityDescription);

public sealed record TrackerStopped(string Message, DateTime StoppedAt);

public sealed record CurrentTrackerData(
    long? ContractId, long UserId, string? ActivityDescription, long? TaskId, string? TaskTitle, long TotalMinutes, long TotalSeconds,
    DateOnly Date);

/// <summary>POST /time-tracking/start, POST /time-tracking/stop, GET /time-tracking/current-data.</summary>
public static class TimeTracking
{
    private const string AlreadyTracking = "This user already has an active time tracker. Stop it before starting a new one.";
    private const string NotTracking = "This user has no active time tracker.";

    public static RouteGroupBuilder MapTimeTracking(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/time-tracking").WithTags("Time Tracking");
        group.MapPost("/start", StartAsync).WithName("startTimeTracking").WithSummary("Start Time Tracking");
        group.MapPost("/stop", StopAsync).WithName("stopTimeTracking").WithSummary("Stop Time Tracking");
        group.MapGet("/current-data", CurrentDataAsync).WithName("getCurrentTrackerData").WithSummary("Get Current Running Tracker Data");
        return api;
    }

    /// <summary>
    /// The start's one read: member, contract, task and timesheets in one round trip, the hot path of every tracker.
    /// Left joins (at most one contract, one task, and the two sheets a day near the UTC date can touch) rather than
    /// subqueries, which SQLite cannot apply; the member's local date is within a day of the UTC date, and
    /// CheckNotLocked keeps its sheets. Compiled, like the stop's read: otherwise EF re-reads the expression tree for
    /// its parameters and looks it up in its cache on every call, ~12% of a start's CPU (perf, issue 20).
    /// </summary>
    private static readonly Func<TrackerDbContext, long, long, long?, long?, DateOnly, DateOnly, IAsyncEnumerable<StartRow>> StartRead =
        EF.CompileAsyncQuery(QueryRules.Inline<Func<TrackerDbContext, long, long, long?, long?, DateOnly, DateOnly, IQueryable<StartRow>>>(
            (db, workspaceId, userId, contractId, taskId, first, last) =>
                from p in db.Members.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.UserId == userId && m.DeletedAt == null)
                    .Select(MemberProfile.Of)
                from c in db.Contracts.Where(c => TimeRules.IsLiveContract.Invoke(c, workspaceId, contractId)).DefaultIfEmpty()
                from t in db.Tasks.Where(t => TimeRules.IsLiveTask.Invoke(t, workspaceId, taskId)).DefaultIfEmpty()
                from s in db.Timesheets.Where(s => TimeRules.IsSheetOverlapping.Invoke(s, workspaceId, userId, first, last)).DefaultIfEmpty()
                select new StartRow(
                    OwnerRow.Of.Invoke(p),
                    c == null ? null : new ContractRow(c.UserId, c.ProjectId, c.Status, c.Project.Name),
                    t == null ? null : new TaskRow(t.Id, t.Title, t.ProjectId),
                    s == null ? null : new SheetRow(s.DateFrom, s.DateTo, s.Status))));

    private sealed record StartRow(OwnerRow Owner, ContractRow? Contract, TaskRow? Task, SheetRow? Sheet);

    /// <summary>The stop's one read: the member and their running entry, if any (compiled, as the start's).</summary>
    private static readonly Func<TrackerDbContext, long, long, Task<StopRow?>> StopRead = EF.CompileAsyncQuery(
        QueryRules.Inline<Func<TrackerDbContext, long, long, StopRow?>>((db, workspaceId, userId) =>
            (from p in db.Members.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.UserId == userId).Select(MemberProfile.Of)
             from e in db.TimeEntries.Where(e => e.WorkspaceId == workspaceId && e.UserId == userId && e.EndedAt == null).DefaultIfEmpty()
             select new StopRow(OwnerRow.Of.Invoke(p), e))
            .FirstOrDefault()));

    private sealed record StopRow(OwnerRow Owner, TimeEntry? Running);

    /// <summary>
    /// Starts a running entry. One per member, enforced by the filtered unique index alone (no read first: the
    /// insert is the check), so that of concurrent starts exactly one wins and the others get the same 400.
    /// </summary>
    private static async Task<EnvelopeResult<TrackerStarted>> StartAsync(
        StartTrackingRequest body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validator().Required("user_id", body.UserId).MaxLength("activity_description", body.ActivityDescription, 1000);
        v.ThrowIfInvalid();
        var userId = body.UserId!.Value;
        scope.ActingFor(userId);
        var now = clock.GetUtcNow().UtcDateTime;
        var utcDate = DateOnly.FromDateTime(now);
        var rows = await StartRead(db, scope.WorkspaceId, userId, body.ContractId, body.TaskId, utcDate.AddDays(-1), utcDate.AddDays(1))
            .ToListAsync(ct);
        var read = rows.FirstOrDefault() ?? throw ApiException.NotFound("Member");
        var owner = read.Owner.For(userId);
        var assignment = TimeRules.CheckAssignment(owner, body.ContractId, body.TaskId, read.Contract, read.Task);
        var sheets = TimeRules.CheckNotLocked(owner.Zone.DaysTouched(now, now).ToList(), rows.Select(r => r.Sheet).OfType<SheetRow>());

        var description = string.IsNullOrWhiteSpace(body.ActivityDescription) ? null : body.ActivityDescription.Trim();
        db.TimeEntries.Add(new TimeEntry
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = scope.WorkspaceId, UserId = userId, ContractId = assignment.ContractId,
            ProjectId = assignment.ProjectId, TaskId = assignment.TaskId, ActivityDescription = description,
            Method = TimeEntryMethods.WebTracker, StartedAt = now, CreatedAt = now,
        });
        const string message = "Time tracking started successfully";
        var started = new TrackerStarted(message, now, userId, owner.Name, owner.Email, assignment.ContractId, assignment.ProjectId,
            assignment.ProjectName, assignment.TaskId, assignment.TaskTitle, description);
        outbox.Record(scope.WorkspaceId, new Domain.Events.TrackerStarted(userId, owner.Name, owner.Email, assignment.ContractId,
            assignment.ProjectId, assignment.ProjectName, assignment.TaskId, assignment.TaskTitle, description, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveChangesExtensions.IsUniqueViolation(e))
        {
            throw ApiException.BadRequest(AlreadyTracking);
        }
        await db.EnsureTimesheetsAsync(scope.WorkspaceId, owner, now, now, now, sheets, ct);
        return ApiResults.Ok(started, message);
    }

    /// <summary>
    /// Closes the running entry. The close is conditional (EndedAt is the entry's concurrency token: only while still
    /// running), so of concurrent stops one closes it and the others get "no active tracker"; the event is saved in
    /// the same transaction.
    /// </summary>
    private static async Task<EnvelopeResult<TrackerStopped>> StopAsync(
        StopTrackingRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var userId = body?.UserId ?? scope.UserId; // generation B: no body fields, the caller's own tracker
        scope.ActingFor(userId);
        var read = await StopRead(db, scope.WorkspaceId, userId) ?? throw ApiException.NotFound("Member");
        var owner = read.Owner.For(userId);
        var running = read.Running ?? throw ApiException.BadRequest(NotTracking);
        var now = clock.GetUtcNow().UtcDateTime;
        db.TimeEntries.Attach(running);
        (running.EndedAt, running.UpdatedAt) = (now, now);
        outbox.Record(scope.WorkspaceId, new Domain.Events.TrackerStopped(userId, owner.Name, owner.Email, running.ContractId, running.ProjectId,
            running.TaskId, now, (long)(now - running.StartedAt).TotalMinutes));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ApiException.BadRequest(NotTracking);
        }
        // The start made the sheet of its own period; a tracker that ran into later periods needs theirs.
        if (PayPeriod.Containing(owner.Zone.LocalDate(running.StartedAt)) != PayPeriod.Containing(owner.Zone.LocalDate(now)))
            await db.EnsureTimesheetsAsync(scope.WorkspaceId, owner, running.StartedAt, now, now, null, ct);
        const string message = "Time tracking stopped successfully";
        return ApiResults.Ok(new TrackerStopped(message, now), message);
    }

    /// <summary>
    /// Live figures of a tracker started through the API or the web: today's (member-local) finished time plus the
    /// running tracker's part of today. Desktop/mobile trackers have no current data (400, like "no tracker").
    /// </summary>
    private static async Task<EnvelopeResult<CurrentTrackerData>> CurrentDataAsync(
        WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CurrentDataQuery query, CancellationToken ct)
    {
        new Validator().Required("user_id", query.UserId).ThrowIfInvalid();
        var userId = query.UserId!.Value;
        scope.ActingFor(userId);
        var owner = await db.LoadOwnerAsync(scope, userId, forWrite: false);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = owner.Zone.LocalDate(now);
        var (dayStart, dayEnd) = owner.Zone.DayUtc(today);
        var entries = await db.Touching(scope.WorkspaceId, userId, dayStart, dayEnd).AsNoTracking()
            .Select(e => new
            {
                e.StartedAt, e.EndedAt, e.ContractId, e.TaskId, e.ActivityDescription, e.Method,
                TaskTitle = db.Tasks.Where(t => t.Id == e.TaskId).Select(t => t.Title).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var running = entries.FirstOrDefault(e => e.EndedAt is null && e.Method == TimeEntryMethods.WebTracker)
                      ?? throw ApiException.BadRequest(NotTracking);
        var finishedSeconds = entries.Where(e => e.EndedAt is not null).Sum(e => owner.Zone.SecondsOn(today, e.StartedAt, e.EndedAt!.Value));
        var runningSeconds = owner.Zone.SecondsOn(today, running.StartedAt, now);
        var data = new CurrentTrackerData(running.ContractId, userId, running.ActivityDescription, running.TaskId, running.TaskTitle,
            finishedSeconds / 60 + runningSeconds / 60, runningSeconds % 60, today);
        return ApiResults.Ok(data, "Current tracker data retrieved successfully");
    }
}

/// <summary>The query of GET /time-tracking/current-data (user_id required).</summary>
public sealed record CurrentDataQuery(long? UserId) : IQueryRecord
{
    public static ValueTask<CurrentDataQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<CurrentDataQuery>(context);
}
