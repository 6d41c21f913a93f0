using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;
using static Tracker.Api.Infrastructure.Paging.PagingExtensions;

namespace Tracker.Api.Features.Time;

public sealed record CreateTimeRequestRequest(
    long? UserId, long? ContractId, long? TaskId, DateTime? Start, DateTime? End, string? ActivityDescription, string? Notes);

/// <summary><c>comment</c> (A); <c>reason</c> accepted as its alias, like the timesheet rejection's field.</summary>
public sealed record RejectTimeRequestRequest(string? Comment, string? Reason);

/// <summary>The contract's TimeRequest (generation B's full schema; <c>activity_description</c> mirrors <c>notes</c> for A).</summary>
public sealed record TimeRequestResponse(
    string Id, long UserId, long? ContractId, long? ProjectId, long? TaskId, DateTime Start, DateTime End, string Status,
    string? Notes, string? ActivityDescription, string? Comment, long? UpdatedBy, string? TimeEntryId, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly Expression<Func<TimeRequest, TimeRequestResponse>> Projection = r => new TimeRequestResponse(
        r.Id, r.UserId, r.ContractId, r.ProjectId, r.TaskId, r.Start, r.End, r.Status, r.Notes, r.Notes, r.Comment, r.UpdatedBy,
        r.TimeEntryId, r.CreatedAt, r.UpdatedAt);

    public static readonly Func<TimeRequest, TimeRequestResponse> From = Projection.Compile();
}

public sealed record TimeRequestCreated(string Id, string Status);

/// <summary>
/// Requests for manual time (UTC spans). Members request their own time, managers anyone's; only managers decide.
/// Requests are always stored pending (no auto-approval setting exists); approval creates the time entry.
/// </summary>
public static class TimeRequests
{
    private const string Lost = "The time request was decided by a concurrent request.";

    public static RouteGroupBuilder MapTimeRequests(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/time-requests").WithTags("Time Requests");
        group.MapGet("/", ListAsync).WithName("getTimeRequests").WithSummary("Get All Time Requests").ReadsFromReplica();
        group.MapPost("/", CreateAsync).WithName("createTimeRequest").WithSummary("Create Time Request");
        group.MapGet("/{id}", GetAsync).WithName("getTimeRequest").WithSummary("Get Time Request");
        group.MapPost("/{timeRequestId}/approve", ApproveAsync).WithName("approveTimeRequest").WithSummary("Approve Time Request").RequireWorkspaceRole(Roles.Admins);
        group.MapPost("/{timeRequestId}/reject", RejectAsync).WithName("rejectTimeRequest").WithSummary("Reject Time Request").RequireWorkspaceRole(Roles.Admins);
        return api;
    }

    /// <summary>
    /// Requests whose span overlaps the UTC days date_from..date_to (both required, as in generation A, unless the
    /// list is synced: then either bound is optional).
    /// </summary>
    private static async Task<EnvelopeResult<IReadOnlyList<TimeRequestResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db,
        TimeRequestListQuery filter, SyncQuery sync, CancellationToken ct)
    {
        var (status, userId, projectId, from, to, id) = filter;
        var v = new Validator().OneOf("status", status, TimeRequestStatuses.All);
        if (sync.UpdatedSince is null) v.Required("date_from", from).Required("date_to", to);
        v.DateOrder("date_from", from, "date_to", to);
        v.ThrowIfInvalid();

        var onlyUserId = scope.IsAdmin ? null : (long?)scope.UserId;
        var canonicalStatus = status?.Trim().ToLower();
        var onlyId = string.IsNullOrWhiteSpace(id) ? null : id;
        if (sync.UpdatedSince is null)
        {
            var (rangeStart, rangeEnd) = (ToUtc(from!.Value), ToUtc(to!.Value.AddDays(1)));
            Func<int, int, IAsyncEnumerable<CountedRow<TimeRequestResponse>>> compiled = (skip, take) =>
                PageQuery(db, scope.WorkspaceId, rangeStart, rangeEnd, onlyUserId, canonicalStatus, userId, projectId, onlyId, skip, take);
            return ApiResults.Page(await compiled.ToPageAsync(paging, ct), "Time requests retrieved successfully");
        }

        var query = db.TimeRequests.AsNoTracking().Where(r => r.WorkspaceId == scope.WorkspaceId
            && (onlyUserId == null || r.UserId == onlyUserId) && (canonicalStatus == null || r.Status == canonicalStatus)
            && (userId == null || r.UserId == userId) && (projectId == null || r.ProjectId == projectId) && (onlyId == null || r.Id == onlyId));
        if (from is not null)
        {
            var rangeStart = ToUtc(from.Value);
            query = query.Where(r => r.End > rangeStart);
        }
        if (to is not null)
        {
            var rangeEnd = ToUtc(to.Value.AddDays(1));
            query = query.Where(r => r.Start < rangeEnd);
        }
        var page = await query.InSyncOrder(sync, r => r.Id, q => q.OrderByDescending(r => r.Start).ThenBy(r => r.Id))
            .Select(TimeRequestResponse.Projection).ToPageAsync(paging, ct);
        return ApiResults.Page(page, "Time requests retrieved successfully");
    }

    private static DateTime ToUtc(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>
    /// The list without a sync (both bounds given) is compiled once, like the members list (docs/decisions.md,
    /// "Compiled members list"); null filters drop out of the SQL. The count repeats the filter (a compiled query
    /// cannot share a sub-expression that uses its parameters).
    /// </summary>
    private static readonly Func<TrackerDbContext, long, DateTime, DateTime, long?, string?, long?, long?, string?, int, int,
        IAsyncEnumerable<CountedRow<TimeRequestResponse>>> PageQuery = EF.CompileAsyncQuery(
        (TrackerDbContext db, long workspaceId, DateTime rangeStart, DateTime rangeEnd, long? onlyUserId, string? status, long? userId,
            long? projectId, string? id, int skip, int take) =>
            db.TimeRequests.AsNoTracking()
                .Where(r => r.WorkspaceId == workspaceId && r.End > rangeStart && r.Start < rangeEnd
                    && (onlyUserId == null || r.UserId == onlyUserId) && (status == null || r.Status == status)
                    && (userId == null || r.UserId == userId) && (projectId == null || r.ProjectId == projectId) && (id == null || r.Id == id))
                .OrderByDescending(r => r.Start).ThenBy(r => r.Id).Skip(skip).Take(take)
                .Select(TimeRequestResponse.Projection)
                .Select(item => new CountedRow<TimeRequestResponse>(item, db.TimeRequests
                    .Count(r => r.WorkspaceId == workspaceId && r.End > rangeStart && r.Start < rangeEnd
                        && (onlyUserId == null || r.UserId == onlyUserId) && (status == null || r.Status == status)
                        && (userId == null || r.UserId == userId) && (projectId == null || r.ProjectId == projectId) && (id == null || r.Id == id)))));

    /// <summary>A span in the past, at most 24 hours, not overlapping recorded time, not in a locked period.</summary>
    private static async Task<CreatedEnvelopeResult<TimeRequestCreated>> CreateAsync(
        CreateTimeRequestRequest body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var notes = body.ActivityDescription ?? body.Notes;
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Validator().Required("user_id", body.UserId).Required("start", body.Start).Required("end", body.End)
            .MaxLength("activity_description", notes, 1000);
        if (body.Start is { } s && body.End is { } e)
        {
            if (e <= s) v.Add("end", "The end must be a date after start.");
            else if (e - s > TimeSpan.FromHours(24)) v.Add("end", "A time request may span at most 24 hours.");
            if (e > now) v.Add("end", "The end must not be in the future.");
        }
        v.ThrowIfInvalid();
        var userId = body.UserId!.Value;
        scope.ActingFor(userId);
        var owner = await db.LoadOwnerAsync(scope, userId, forWrite: true);
        var assignment = await db.ResolveAssignmentAsync(scope, owner, body.ContractId, body.TaskId, ct);
        var (start, end) = (body.Start!.Value, body.End!.Value);
        await db.EnsureNotLockedAsync(scope.WorkspaceId, owner, start, end, ct);
        await db.EnsureNoOverlapAsync(scope.WorkspaceId, userId, start, end, now, null, ct);

        var request = new TimeRequest
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = scope.WorkspaceId, UserId = userId, ContractId = assignment.ContractId,
            ProjectId = assignment.ProjectId, TaskId = assignment.TaskId, Start = start, End = end, Status = TimeRequestStatuses.Pending,
            Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(), CreatedBy = scope.UserId, Version = Guid.NewGuid(),
            CreatedAt = now,
        };
        db.TimeRequests.Add(request);
        outbox.Record(scope.WorkspaceId, new Domain.Events.TimeRequestCreated(request));
        await db.SaveChangesAsync(ct);
        return ApiResults.Created(new TimeRequestCreated(request.Id, request.Status), "Time request created successfully");
    }

    private static async Task<EnvelopeResult<TimeRequestResponse>> GetAsync(string id, WorkspaceScope scope, TrackerDbContext db, CancellationToken ct)
    {
        var request = await db.TimeRequests.AsNoTracking()
            .Where(r => r.WorkspaceId == scope.WorkspaceId && r.Id == id && (scope.IsAdmin || r.UserId == scope.UserId))
            .Select(TimeRequestResponse.Projection).FirstOrDefaultAsync(ct) ?? throw ApiException.NotFound("Time request");
        return ApiResults.Ok(request, "Time request retrieved successfully");
    }

    /// <summary>
    /// Creates the time entry and marks the request approved in one SaveChanges (one transaction). The request's
    /// version token makes a concurrent second approval fail with 409 instead of adding the time twice.
    /// </summary>
    private static async Task<EnvelopeResult<TimeRequestResponse>> ApproveAsync(
        string timeRequestId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var request = await FindDecidableAsync(db, scope, timeRequestId, ct);
        var owner = await db.LoadOwnerAsync(scope, request.UserId, forWrite: true);
        var now = clock.GetUtcNow().UtcDateTime;
        var sheets = await db.EnsureNotLockedAsync(scope.WorkspaceId, owner, request.Start, request.End, ct);
        await db.EnsureNoOverlapAsync(scope.WorkspaceId, request.UserId, request.Start, request.End, now, null, ct);

        var entry = new TimeEntry
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = scope.WorkspaceId, UserId = request.UserId, ContractId = request.ContractId,
            ProjectId = request.ProjectId, TaskId = request.TaskId, ActivityDescription = request.Notes, Method = TimeEntryMethods.Manual,
            StartedAt = request.Start, EndedAt = request.End, CreatedAt = now,
        };
        db.TimeEntries.Add(entry);
        Decide(request, TimeRequestStatuses.Approved, scope.UserId, now);
        request.TimeEntryId = entry.Id;
        outbox.Record(scope.WorkspaceId, new TimeRequestApproved(request));
        await db.SaveChangesOrConflictAsync(Lost, ct);
        await db.EnsureTimesheetsAsync(scope.WorkspaceId, owner, request.Start, request.End, now, sheets, ct);
        return ApiResults.Ok(TimeRequestResponse.From(request), "Time request approved successfully");
    }

    private static async Task<EnvelopeResult<TimeRequestResponse>> RejectAsync(
        string timeRequestId, RejectTimeRequestRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock,
        CancellationToken ct)
    {
        // The path id resolves first (404 for another workspace's request), then the body is validated.
        var request = await FindDecidableAsync(db, scope, timeRequestId, ct);
        var comment = body?.Comment ?? body?.Reason;
        new Validator().Required("comment", comment).MaxLength("comment", comment, 1000).ThrowIfInvalid();
        Decide(request, TimeRequestStatuses.Rejected, scope.UserId, clock.GetUtcNow().UtcDateTime);
        request.Comment = comment!.Trim();
        outbox.Record(scope.WorkspaceId, new TimeRequestRejected(request));
        await db.SaveChangesOrConflictAsync(Lost, ct);
        return ApiResults.Ok(TimeRequestResponse.From(request), "Time request rejected successfully");
    }

    private static async Task<TimeRequest> FindDecidableAsync(TrackerDbContext db, WorkspaceScope scope, string id, CancellationToken ct)
    {
        var request = await db.TimeRequests.FirstOrDefaultAsync(r => r.WorkspaceId == scope.WorkspaceId && r.Id == id, ct)
                      ?? throw ApiException.NotFound("Time request");
        scope.RequireDecidesFor(request.UserId);
        if (request.Status != TimeRequestStatuses.Pending)
            throw ApiException.BadRequest($"The time request is not pending (it is {request.Status}).");
        return request;
    }

    private static void Decide(TimeRequest request, string status, long decidedBy, DateTime now)
    {
        request.Status = status;
        request.UpdatedBy = decidedBy;
        request.Version = Guid.NewGuid();
    }
}

/// <summary>The filters of GET /time-requests (both dates required).</summary>
public sealed record TimeRequestListQuery(string? Status, long? UserId, long? ProjectId, DateOnly? DateFrom, DateOnly? DateTo, string? Id) : IQueryRecord
{
    public static ValueTask<TimeRequestListQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<TimeRequestListQuery>(context);
}
