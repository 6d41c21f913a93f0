using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Time;

public sealed record RejectTimesheetRequest(string? Reason);

/// <summary>
/// GET /timesheets and the four transitions. The state machine (anything else is a 400 naming the current status):
/// pending|rejected --submit--> submitted --approve--> approved; submitted --reject--> rejected;
/// submitted --unsubmit--> pending. Members submit/unsubmit their own sheets; managers do everything.
/// </summary>
public static class Timesheets
{
    public static RouteGroupBuilder MapTimesheets(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/timesheets").WithTags("Timesheets");
        group.MapGet("/", ListAsync).WithName("getTimesheets").WithSummary("Get All Timesheets").ReadsFromReplica();
        group.MapPut("/{timesheetId}/approve", ApproveAsync).WithName("approveTimesheet").WithSummary("Approve Timesheet").RequireWorkspaceRole(Roles.Admins);
        group.MapPut("/{timesheetId}/reject", RejectAsync).WithName("rejectTimesheet").WithSummary("Reject Timesheet").RequireWorkspaceRole(Roles.Admins);
        group.MapPut("/{timesheetId}/submit", SubmitAsync).WithName("submitTimesheet").WithSummary("Submit Timesheet");
        group.MapPut("/{timesheetId}/unsubmit", UnsubmitAsync).WithName("unsubmitTimesheet").WithSummary("Unsubmit Timesheet");
        return api;
    }

    private static async Task<EnvelopeResult<IReadOnlyList<TimesheetResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, TimeProvider clock,
        TimesheetListQuery filter, SyncQuery sync, CancellationToken ct)
    {
        var (id, status, from, to, userId, order_by) = filter;
        var v = new Validator().OneOf("status", status, TimesheetStatuses.Accepted).OneOf("order_by", order_by, ["asc", "desc"]);
        v.DateOrder("date_from", from, "date_to", to);
        v.ThrowIfInvalid();

        var query = db.Timesheets.AsNoTracking().Where(t => t.WorkspaceId == scope.WorkspaceId);
        if (!scope.IsAdmin) query = query.Where(t => t.UserId == scope.UserId);
        if (!string.IsNullOrWhiteSpace(id)) query = query.Where(t => t.Id == id);
        if (userId is not null) query = query.Where(t => t.UserId == userId);
        if (Canonical(status) is { } s) query = query.Where(t => t.Status == s);
        if (from is not null) query = query.Where(t => t.DateTo >= from);
        if (to is not null) query = query.Where(t => t.DateFrom <= to);
        var ascending = string.Equals(order_by, "asc", StringComparison.OrdinalIgnoreCase);
        var page = await query.InSyncOrder(sync, t => t.Id, q => ascending
            ? q.OrderBy(t => t.CreatedAt).ThenBy(t => t.DateFrom).ThenBy(t => t.Id)
            : q.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.DateFrom).ThenBy(t => t.Id)).ToPageAsync(paging, rows => rows.WithProfile(db.Members, (t, p) => new TimesheetRow(
                t.Id, t.UserId, p.FirstName, p.LastName, p.Email, p.Timezone, p.Member.Workspace.SystemTimezone,
                t.DateFrom, t.DateTo, t.Status, t.SubmittedAt, t.RejectReason, t.CreatedAt, t.UpdatedAt)), ct);
        var items = await TimesheetTotals.BuildAsync(db, scope.WorkspaceId, page.Items, scope.CanSeeRates, clock.GetUtcNow().UtcDateTime, ct);
        return ApiResults.Page(new Page<TimesheetResponse>(items, page.Pagination), "Timesheets retrieved successfully");
    }

    private static Task<EnvelopeResult<object?>> SubmitAsync(string timesheetId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox,
        TimeProvider clock, CancellationToken ct) =>
        TransitionAsync(timesheetId, scope, db, outbox, clock, [TimesheetStatuses.Pending, TimesheetStatuses.Rejected],
            TimesheetStatuses.Submitted, (sheet, by) => new TimesheetSubmitted(sheet, by), null, ct);

    private static Task<EnvelopeResult<object?>> UnsubmitAsync(string timesheetId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox,
        TimeProvider clock, CancellationToken ct) =>
        TransitionAsync(timesheetId, scope, db, outbox, clock, [TimesheetStatuses.Submitted],
            TimesheetStatuses.Pending, (sheet, by) => new TimesheetUnsubmitted(sheet, by), null, ct);

    private static Task<EnvelopeResult<object?>> ApproveAsync(string timesheetId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox,
        TimeProvider clock, CancellationToken ct) =>
        TransitionAsync(timesheetId, scope, db, outbox, clock, [TimesheetStatuses.Submitted],
            TimesheetStatuses.Approved, (sheet, by) => new TimesheetApproved(sheet, by), null, ct);

    private static Task<EnvelopeResult<object?>> RejectAsync(string timesheetId, RejectTimesheetRequest? body, WorkspaceScope scope,
        TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct) =>
        TransitionAsync(timesheetId, scope, db, outbox, clock, [TimesheetStatuses.Submitted],
            TimesheetStatuses.Rejected, (sheet, by) => new TimesheetRejected(sheet, by), body?.Reason ?? "", ct);

    /// <summary>Moves the sheet from one of <paramref name="from"/> to <paramref name="to"/>; the event's name gives the verb of the messages.</summary>
    private static async Task<EnvelopeResult<object?>> TransitionAsync<TEvent>(string timesheetId, WorkspaceScope scope, TrackerDbContext db,
        Outbox outbox, TimeProvider clock, string[] from, string to, Func<Timesheet, long, TEvent> happened, string? reason,
        CancellationToken ct) where TEvent : TimesheetEvent, IDomainEvent
    {
        var verb = TEvent.Name["timesheet.".Length..];
        var sheet = await db.Timesheets.FirstOrDefaultAsync(t => t.WorkspaceId == scope.WorkspaceId && t.Id == timesheetId, ct)
                    ?? throw ApiException.NotFound("Timesheet");
        if (!scope.IsAdmin && sheet.UserId != scope.UserId) throw ApiException.NotFound("Timesheet");
        if (to is TimesheetStatuses.Approved or TimesheetStatuses.Rejected) scope.RequireDecidesFor(sheet.UserId);
        // A rejection needs its reason; checked once the sheet is known to exist here (404 comes first).
        if (to == TimesheetStatuses.Rejected)
            new Validator().Required("reason", reason).MaxLength("reason", reason, 1000).ThrowIfInvalid();
        reason = reason?.Trim();
        if (!from.Contains(sheet.Status))
            throw ApiException.BadRequest($"The timesheet is {sheet.Status}; only a {string.Join(" or ", from)} timesheet can be {verb}.");

        if (to == TimesheetStatuses.Submitted) await EnsureNotTrackingAsync(db, scope, sheet, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        sheet.Status = to;
        sheet.Version = Guid.NewGuid();
        if (to == TimesheetStatuses.Submitted) (sheet.SubmittedAt, sheet.RejectReason) = (now, null);
        if (to == TimesheetStatuses.Pending) sheet.SubmittedAt = null;
        if (to is TimesheetStatuses.Approved or TimesheetStatuses.Rejected) (sheet.DecidedBy, sheet.RejectReason) = (scope.UserId, reason);
        outbox.Record(scope.WorkspaceId, happened(sheet, scope.UserId));
        await db.SaveChangesOrConflictAsync("The timesheet was changed by a concurrent request; reload it and try again.", ct);
        return ApiResults.Done($"Timesheet {verb} successfully");
    }

    /// <summary>Submitting locks the period, so a tracker still running into it must be stopped first.</summary>
    private static async Task EnsureNotTrackingAsync(TrackerDbContext db, WorkspaceScope scope, Timesheet sheet, CancellationToken ct)
    {
        var owner = await db.LoadOwnerAsync(scope, sheet.UserId, forWrite: false);
        var periodEnd = owner.Zone.DayStartUtc(sheet.DateTo.AddDays(1));
        if (await db.TimeEntries.AnyAsync(e => e.WorkspaceId == scope.WorkspaceId && e.UserId == sheet.UserId && e.EndedAt == null
                                               && e.StartedAt < periodEnd, ct))
            throw ApiException.BadRequest("The member's tracker is running in this period; stop it before submitting the timesheet.");
    }

    /// <summary>Generation B's <c>open</c> is A's <c>pending</c>.</summary>
    private static string? Canonical(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        TimesheetStatuses.Open => TimesheetStatuses.Pending,
        var s => s,
    };
}

/// <summary>The filters of GET /timesheets.</summary>
public sealed record TimesheetListQuery(string? Id, string? Status, DateOnly? DateFrom, DateOnly? DateTo, long? UserId, string? OrderBy) : IQueryRecord
{
    public static ValueTask<TimesheetListQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<TimesheetListQuery>(context);
}
