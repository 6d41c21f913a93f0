using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;
using static Tracker.Api.Infrastructure.Paging.PagingExtensions;

namespace Tracker.Api.Features.Time;

public sealed record CreateTimeEntryRequest(
    long? UserId, long? ContractId, long? TaskId, string? Notes, string? ActivityDescription, string? Date, string? StartTime, string? EndTime);

public sealed record UpdateTimeEntryRequest(long? ProjectId, long? TaskId, string? Notes, string? ActivityDescription, string? Date,
    string? StartTime, string? EndTime);

/// <summary>
/// GET/POST /time-entries, PUT/DELETE /time-entries/{time_entry_id}: owners and executive managers only (generation A).
/// Wall-clock <c>date</c> + <c>HH:mm</c> in bodies are UTC (time.md 1: the product stores UTC; its example turns
/// "09:00" into <c>…T09:00:00Z</c>); the list is still cut by the member's local days, and an entry's <c>date</c> is
/// the member-local day it starts on.
/// </summary>
public static class TimeEntries
{
    private const int MaxPerPage = 50;

    /// <summary>A stop closed the entry between this request's read and its write (EndedAt is the concurrency token).</summary>
    private const string EntryChanged = "The time entry was changed by another request (its tracker was stopped); read it again.";

    public static RouteGroupBuilder MapTimeEntries(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/time-entries").WithTags("Time Entries").RequireWorkspaceRole(Roles.Admins);
        group.MapGet("/", ListAsync).WithName("getTimeEntries").WithSummary("Get Time Entries").ReadsFromReplica();
        group.MapPost("/", CreateAsync).WithName("createTimeEntry").WithSummary("Create Time Entry");
        group.MapPut("/{time_entry_id}", UpdateAsync).WithName("updateTimeEntry").WithSummary("Update Time Entry");
        // time.md: workspace_id in the JSON body (the query is accepted too); without it the page's 400 and message.
        group.MapDelete("/{time_entry_id}", DeleteAsync).WithName("deleteTimeEntry").WithSummary("Delete Time Entry")
            .AnswersMissingWorkspaceId("workspace_id is required in request body");
        return api;
    }

    /// <summary>
    /// Entries of one member touching one of their local days (an entry across midnight shows on both days). A sync
    /// (<c>updated_since</c>) needs neither: it answers the workspace's changed entries, each dated in its member's zone.
    /// </summary>
    private static async Task<EnvelopeResult<IReadOnlyList<TimeEntryResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, TimeProvider clock,
        TimeEntryListQuery filter, SyncQuery sync, CancellationToken ct)
    {
        var (userId, day, projectId, taskId) = filter;
        var v = new Validator();
        if (sync.UpdatedSince is null) v.Required("date", day);
        if (sync.UpdatedSince is null || day is not null) v.Required("user_id", userId); // a day is the member's own
        if (paging.PerPage > MaxPerPage) v.Add("per_page", $"The per page field must be between 1 and {MaxPerPage}.");
        v.ThrowIfInvalid();
        var owner = userId is null ? null : await db.LoadOwnerAsync(scope, userId.Value, forWrite: false);

        Page<TimeEntryRow> page;
        if (sync.UpdatedSince is null && LongTimeEntryIndex.IsPostgres(db.Database))
        {
            var (start, end) = owner!.Zone.DayUtc(day!.Value);
            var from = start - LongTimeEntryIndex.MaxShortEntry;
            Func<int, int, IAsyncEnumerable<CountedRow<TimeEntryRow>>> compiled = (skip, take) =>
                PostgresDayQuery(db, scope.WorkspaceId, owner.UserId, from, start, end, projectId, taskId, skip, take);
            page = await compiled.ToPageAsync(paging, ct);
        }
        else
        {
            // A day reads only the entries that can touch it (LongTimeEntryIndex.Touching), not the member's history.
            IQueryable<TimeEntry> source = db.TimeEntries;
            if (day is not null)
            {
                var (dayStart, dayEnd) = owner!.Zone.DayUtc(day.Value);
                source = db.Touching(scope.WorkspaceId, owner.UserId, dayStart, dayEnd);
            }
            var query = source.Kept(sync).AsNoTracking().Where(e => e.WorkspaceId == scope.WorkspaceId);
            if (owner is not null) query = query.Where(e => e.UserId == owner.UserId);
            if (projectId is not null) query = query.Where(e => e.ProjectId == projectId);
            if (taskId is not null) query = query.Where(e => e.TaskId == taskId);
            page = await query.InSyncOrder(sync, e => e.Id, q => q.OrderBy(e => e.StartedAt).ThenBy(e => e.Id))
                .Select(TimeEntryRow.Projection(db)).ToPageAsync(paging, ct);
        }
        var zones = owner is not null ? new Dictionary<long, MemberZone> { [owner.UserId] = owner.Zone }
            : await db.ZonesOfAsync(scope.WorkspaceId, page.Items.Select(r => r.UserId).Distinct().ToList(), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var items = page.Items.Select(r => TimeEntryResponse.From(r, zones[r.UserId], now)).ToList();
        return ApiResults.Page(new Page<TimeEntryResponse>(items, page.Pagination), "Time entries retrieved successfully");
    }

    /// <summary>The entries of the day's union that touch [start, end), with the list's optional filters.</summary>
    private static readonly Expression<Func<TimeEntry, DateTime, DateTime, long?, long?, bool>> OnDay = (e, start, end, projectId, taskId) =>
        e.StartedAt < end && (e.EndedAt == null || e.EndedAt > start)
        && (projectId == null || e.ProjectId == projectId) && (taskId == null || e.TaskId == taskId);

    /// <summary>
    /// A member's day without a sync on PostgreSQL, compiled once like the other lists (docs/decisions.md, "Compiled
    /// members list"). Built with LINQ over the raw SQL union on every call, EF's parameter extraction and query cache
    /// cost more than PostgreSQL's statements; EF cannot compile a query over <c>FromSqlRaw</c>, so the union is
    /// written in LINQ (<see cref="LongTimeEntryIndex.PostgresTouching"/>). SQLite keeps the raw union: its index
    /// filter has no LINQ form. The count repeats the filter (a compiled query cannot share a sub-expression that uses
    /// its parameters).
    /// </summary>
    private static readonly Func<TrackerDbContext, long, long, DateTime, DateTime, DateTime, long?, long?, int, int,
        IAsyncEnumerable<CountedRow<TimeEntryRow>>> PostgresDayQuery = EF.CompileAsyncQuery(QueryRules.Inline<Func<TrackerDbContext, long, long,
        DateTime, DateTime, DateTime, long?, long?, int, int, IQueryable<CountedRow<TimeEntryRow>>>>(
        (db, workspaceId, userId, from, start, end, projectId, taskId, skip, take) =>
            LongTimeEntryIndex.PostgresTouching.Invoke(db, workspaceId, userId, from, end).AsNoTracking()
                .Where(e => OnDay.Invoke(e, start, end, projectId, taskId))
                .OrderBy(e => e.StartedAt).ThenBy(e => e.Id).Skip(skip).Take(take)
                .Select(TimeEntryRow.Projection(db))
                .Select(row => new CountedRow<TimeEntryRow>(row, LongTimeEntryIndex.PostgresTouching.Invoke(db, workspaceId, userId, from, end)
                    .Count(e => OnDay.Invoke(e, start, end, projectId, taskId))))));

    /// <summary>
    /// Adds manual time. Parts that overlap time already recorded, then whatever exceeds the member's or contract's
    /// weekly hours limit, are left out and the rest is saved (one entry per free stretch); the answer says how much
    /// was saved and why the rest was not. Nothing left at all is a 400.
    /// </summary>
    private static async Task<TimeEntryCreatedResult> CreateAsync(
        CreateTimeEntryRequest body, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var notes = body.Notes ?? body.ActivityDescription;
        var v = new Validator().Required("user_id", body.UserId).Required("date", body.Date).Date("date", body.Date, out var date)
            .Required("start_time", body.StartTime).Required("end_time", body.EndTime).MaxLength("notes", notes, 1000);
        v.Clock("start_time", body.StartTime, out var startClock);
        TimeOnly? endClock = TimeOnly.MinValue; // "24:00" ends at the next midnight
        if (body.EndTime != "24:00") v.Clock("end_time", body.EndTime, out endClock);
        v.ThrowIfInvalid();
        var owner = await db.LoadOwnerAsync(scope, body.UserId!.Value, forWrite: true);
        var endDate = body.EndTime == "24:00" ? date!.Value.AddDays(1) : date!.Value;
        var (start, end) = ToSpan(date.Value, startClock!.Value, endDate, endClock!.Value, clock);
        var assignment = await db.ResolveAssignmentAsync(scope, owner, body.ContractId, body.TaskId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var sheets = await db.EnsureNotLockedAsync(scope.WorkspaceId, owner, start, end, ct);

        var busy = await db.BusySpansAsync(scope.WorkspaceId, owner.UserId, start, end, now, null, ct);
        var free = FreeStretches(start, end, busy);
        if (free.Count == 0) throw ApiException.BadRequest("The time overlaps time already recorded for this member; nothing was added.");
        var overlapSeconds = (long)(end - start).TotalSeconds - Seconds(free);
        if (await db.RemainingSecondsAsync(scope.WorkspaceId, owner, assignment.ContractId, start, now, ct) is { } allowed)
        {
            free = WeeklyLimits.Cap(free, allowed);
            if (free.Count == 0) throw ApiException.BadRequest("The weekly hours limit is reached; nothing was added.");
        }
        var description = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        var entries = free.Select(f => new TimeEntry
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = scope.WorkspaceId, UserId = owner.UserId, ContractId = assignment.ContractId,
            ProjectId = assignment.ProjectId, TaskId = assignment.TaskId, ActivityDescription = description,
            Method = TimeEntryMethods.Manual, StartedAt = f.Start, EndedAt = f.End, CreatedAt = now,
        }).ToList();
        db.TimeEntries.AddRange(entries);
        await db.SaveChangesAsync(ct);
        await db.EnsureTimesheetsAsync(scope.WorkspaceId, owner, start, end, now, sheets, ct);

        var savedSeconds = Seconds(free);
        var limitSeconds = (long)(end - start).TotalSeconds - overlapSeconds - savedSeconds;
        var message = $"{TimeRules.Describe(savedSeconds)} successfully added for {owner.Name}.";
        if (overlapSeconds > 0) message += $" {TimeRules.Describe(overlapSeconds)} overlapped time already recorded and was not added.";
        if (limitSeconds > 0) message += $" {TimeRules.Describe(limitSeconds)} exceeded the weekly hours limit and was not added.";
        var first = entries[0];
        var row = new TimeEntryRow(first.Id, first.UserId, first.ContractId, first.ProjectId, assignment.ProjectName, first.TaskId,
            assignment.TaskTitle, first.ActivityDescription, first.Method, first.StartedAt, first.EndedAt, first.UpdatedAt, first.DeletedAt);
        return new TimeEntryCreatedResult(message, savedSeconds / 60, TimeEntryResponse.From(row, owner.Zone, now));
    }

    /// <summary>
    /// Partial update. Times are re-read only when date, start_time or end_time is sent (a missing one keeps its stored
    /// UTC value); the new span must not overlap other time, and neither the old nor the new span may be locked.
    /// </summary>
    private static async Task<EnvelopeResult<object?>> UpdateAsync(
        string time_entry_id, UpdateTimeEntryRequest? body, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var request = body ?? new UpdateTimeEntryRequest(null, null, null, null, null, null, null);
        var notes = request.Notes ?? request.ActivityDescription;
        var v = new Validator().Date("date", request.Date, out var newDate).MaxLength("notes", notes, 1000);
        v.Clock("start_time", request.StartTime, out var newStart);
        TimeOnly? newEnd = TimeOnly.MinValue;
        if (request.EndTime != "24:00") v.Clock("end_time", request.EndTime, out newEnd);
        v.ThrowIfInvalid();
        var entry = await db.TimeEntries.FirstOrDefaultAsync(e => e.WorkspaceId == scope.WorkspaceId && e.Id == time_entry_id, ct)
                    ?? throw ApiException.NotFound("Time entry");
        var owner = await db.LoadOwnerAsync(scope, entry.UserId, forWrite: false);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.EnsureNotLockedAsync(scope.WorkspaceId, owner, entry.StartedAt, entry.EndedAt ?? now, ct);

        if (request.Date is not null || request.StartTime is not null || request.EndTime is not null)
        {
            if (entry.EndedAt is null) throw ApiException.BadRequest("A running entry's times cannot be changed; stop the tracker first.");
            var date = newDate ?? DateOnly.FromDateTime(entry.StartedAt);
            var startClock = newStart ?? TimeOnly.FromDateTime(entry.StartedAt);
            var endClock = newEnd ?? TimeOnly.FromDateTime(entry.EndedAt.Value);
            var endDate = request.EndTime == "24:00" ? date.AddDays(1) : date;
            var (start, end) = ToSpan(date, startClock, endDate, endClock, clock);
            await db.EnsureNotLockedAsync(scope.WorkspaceId, owner, start, end, ct);
            await db.EnsureNoOverlapAsync(scope.WorkspaceId, owner.UserId, start, end, now, entry.Id, ct);
            (entry.StartedAt, entry.EndedAt) = (start, end);
        }
        if (request.ProjectId is not null)
        {
            var assignment = await db.ResolveProjectAsync(scope, owner, request.ProjectId.Value, request.TaskId, ct);
            (entry.ProjectId, entry.ContractId, entry.TaskId) = (assignment.ProjectId, assignment.ContractId, assignment.TaskId);
        }
        else if (request.TaskId is not null)
        {
            if (entry.ProjectId is null) throw ApiException.Invalid("task_id", "The task id field requires a project id.");
            entry.TaskId = (await db.ResolveProjectAsync(scope, owner, entry.ProjectId.Value, request.TaskId, ct)).TaskId;
        }
        if (notes is not null) entry.ActivityDescription = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        await db.SaveChangesOrConflictAsync(EntryChanged, ct);
        await db.EnsureTimesheetsAsync(scope.WorkspaceId, owner, entry.StartedAt, entry.EndedAt ?? now, now, null, ct);
        return ApiResults.Done("Time entry updated successfully");
    }

    private static async Task<EnvelopeResult<object?>> DeleteAsync(
        string time_entry_id, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var entry = await db.TimeEntries.FirstOrDefaultAsync(e => e.WorkspaceId == scope.WorkspaceId && e.Id == time_entry_id, ct)
                    ?? throw ApiException.NotFound("Time entry");
        var owner = await db.LoadOwnerAsync(scope, entry.UserId, forWrite: false);
        await db.EnsureNotLockedAsync(scope.WorkspaceId, owner, entry.StartedAt, entry.EndedAt ?? clock.GetUtcNow().UtcDateTime, ct);
        db.TimeEntries.Remove(entry);
        await db.SaveChangesOrConflictAsync(EntryChanged, ct);
        return ApiResults.Done("Time entry deleted successfully");
    }

    /// <summary>The UTC span of a body's date and HH:mm: end after start, not in the future (422).</summary>
    private static (DateTime Start, DateTime End) ToSpan(DateOnly date, TimeOnly startClock, DateOnly endDate, TimeOnly endClock, TimeProvider clock)
    {
        var v = new Validator();
        var start = date.ToDateTime(startClock, DateTimeKind.Utc);
        var end = endDate.ToDateTime(endClock, DateTimeKind.Utc);
        if (end <= start) v.Add("end_time", "The end time must be after the start time.");
        if (end > clock.GetUtcNow().UtcDateTime) v.Add("end_time", "The end time must not be in the future.");
        v.ThrowIfInvalid();
        return (start, end);
    }

    private static long Seconds(List<(DateTime Start, DateTime End)> spans) => (long)spans.Sum(f => (f.End - f.Start).TotalSeconds);

    /// <summary>The parts of [start, end) not covered by <paramref name="busy"/> (ordered by start), each at least a minute long.</summary>
    internal static List<(DateTime Start, DateTime End)> FreeStretches(DateTime start, DateTime end, List<(DateTime Start, DateTime End)> busy)
    {
        var free = new List<(DateTime, DateTime)>();
        var cursor = start;
        foreach (var (busyStart, busyEnd) in busy)
        {
            if (busyStart > cursor) free.Add((cursor, busyStart < end ? busyStart : end));
            if (busyEnd > cursor) cursor = busyEnd;
            if (cursor >= end) break;
        }
        if (cursor < end) free.Add((cursor, end));
        return free.Where(f => f.Item2 - f.Item1 >= TimeSpan.FromMinutes(1)).ToList();
    }
}

/// <summary>The filters of GET /time-entries (user_id and date required, unless the list is synced).</summary>
public sealed record TimeEntryListQuery(long? UserId, DateOnly? Date, long? ProjectId, long? TaskId) : IQueryRecord
{
    public static ValueTask<TimeEntryListQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<TimeEntryListQuery>(context);
}
