using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Time;

/// <summary>The member whose time is being read or changed, with the zone their days are cut in.</summary>
public sealed record TimeOwner(long UserId, string FirstName, string LastName, string Email, MemberZone Zone)
{
    public string Name => $"{FirstName} {LastName}".Trim();
}

/// <summary>Where time is booked: contract (and its project) and task, all optional.</summary>
public sealed record Assignment(long? ContractId, long? ProjectId, string? ProjectName, long? TaskId, string? TaskTitle)
{
    public static readonly Assignment None = new(null, null, null, null, null);
}

/// <summary>The rules every change of time goes through: who, where, no overlaps, no locked periods.</summary>
public static class TimeRules
{
    /// <summary>
    /// The member <paramref name="userId"/> of the scope's workspace; 404 when not a member. Writes need a current
    /// (not archived) member; reads also see archived members' history.
    /// </summary>
    public static async Task<TimeOwner> LoadOwnerAsync(this TrackerDbContext db, WorkspaceScope scope, long userId, bool forWrite, CancellationToken ct)
    {
        var row = await db.Members.AsNoTracking()
            .Where(m => m.WorkspaceId == scope.WorkspaceId && m.UserId == userId && (!forWrite || m.DeletedAt == null))
            .Select(m => new { m.User.FirstName, m.User.LastName, m.User.Email, m.User.Timezone, m.Workspace.SystemTimezone })
            .FirstOrDefaultAsync(ct) ?? throw ApiException.NotFound("Member");
        return new TimeOwner(userId, row.FirstName, row.LastName, row.Email, MemberZone.For(row.SystemTimezone, row.Timezone));
    }

    /// <summary>
    /// Checks a contract/task pair for <paramref name="owner"/>: the contract must be theirs and active, the task
    /// needs a contract and must belong to its project. Unknown ids (or other workspaces') are 404.
    /// </summary>
    public static async Task<Assignment> ResolveAssignmentAsync(this TrackerDbContext db, WorkspaceScope scope, TimeOwner owner,
        long? contractId, long? taskId, CancellationToken ct)
    {
        if (contractId is null)
        {
            if (taskId is not null) throw ApiException.Invalid("task_id", "The task id field requires a contract id.");
            return Assignment.None;
        }
        var contract = await db.Contracts.AsNoTracking()
            .Where(c => c.WorkspaceId == scope.WorkspaceId && c.Id == contractId && c.DeletedAt == null)
            .Select(c => new { c.UserId, c.ProjectId, c.Status, ProjectName = c.Project.Name })
            .FirstOrDefaultAsync(ct) ?? throw ApiException.NotFound("Contract");
        if (contract.UserId != owner.UserId) throw ApiException.Invalid("contract_id", "The contract does not belong to this user.");
        if (contract.Status != "active") throw ApiException.BadRequest("The contract is paused; time cannot be booked on it.");
        var task = await db.FindTaskAsync(scope, contract.ProjectId, taskId, ct);
        return new Assignment(contractId, contract.ProjectId, contract.ProjectName, task?.Id, task?.Title);
    }

    /// <summary>Project (and optional task) for an existing entry; the contract becomes the member's contract on it, if any.</summary>
    public static async Task<Assignment> ResolveProjectAsync(this TrackerDbContext db, WorkspaceScope scope, TimeOwner owner,
        long projectId, long? taskId, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking()
            .Where(p => p.WorkspaceId == scope.WorkspaceId && p.Id == projectId && p.DeletedAt == null)
            .Select(p => new { p.Id, p.Name }).FirstOrDefaultAsync(ct) ?? throw ApiException.NotFound("Project");
        var contractId = await db.Contracts.AsNoTracking()
            .Where(c => c.WorkspaceId == scope.WorkspaceId && c.ProjectId == projectId && c.UserId == owner.UserId && c.DeletedAt == null)
            .Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        var task = await db.FindTaskAsync(scope, projectId, taskId, ct);
        return new Assignment(contractId, project.Id, project.Name, task?.Id, task?.Title);
    }

    private static async Task<(long Id, string Title)?> FindTaskAsync(this TrackerDbContext db, WorkspaceScope scope, long projectId,
        long? taskId, CancellationToken ct)
    {
        if (taskId is null) return null;
        var task = await db.Tasks.AsNoTracking()
            .Where(t => t.WorkspaceId == scope.WorkspaceId && t.Id == taskId && t.DeletedAt == null)
            .Select(t => new { t.Id, t.Title, t.ProjectId }).FirstOrDefaultAsync(ct) ?? throw ApiException.NotFound("Task");
        if (task.ProjectId != projectId) throw ApiException.Invalid("task_id", "The task does not belong to the contract's project.");
        return (task.Id, task.Title);
    }

    /// <summary>The member's recorded spans overlapping [start, end), running ones reaching to <paramref name="now"/>.</summary>
    public static async Task<List<(DateTime Start, DateTime End)>> BusySpansAsync(this TrackerDbContext db, long workspaceId, long userId,
        DateTime start, DateTime end, DateTime now, string? exceptEntryId, CancellationToken ct)
    {
        var rows = await db.TimeEntries.AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId && e.UserId == userId && e.StartedAt < end && (e.EndedAt == null || e.EndedAt > start)
                        && e.Id != exceptEntryId)
            .OrderBy(e => e.StartedAt)
            .Select(e => new { e.StartedAt, e.EndedAt }).ToListAsync(ct);
        return rows.Select(r => (r.StartedAt, r.EndedAt ?? (now > r.StartedAt ? now : DateTime.MaxValue))).ToList();
    }

    public static async Task EnsureNoOverlapAsync(this TrackerDbContext db, long workspaceId, long userId, DateTime start, DateTime end,
        DateTime now, string? exceptEntryId, CancellationToken ct)
    {
        if ((await db.BusySpansAsync(workspaceId, userId, start, end, now, exceptEntryId, ct)).Count > 0)
            throw ApiException.BadRequest("The time overlaps time already recorded for this member.");
    }

    /// <summary>
    /// 400 when [start, end) touches a period whose timesheet is submitted or approved. Returns the first days of the
    /// periods in that span that already have a sheet, so <see cref="EnsureTimesheetsAsync"/> need not read them again.
    /// </summary>
    public static async Task<IReadOnlyCollection<DateOnly>> EnsureNotLockedAsync(this TrackerDbContext db, long workspaceId, TimeOwner owner,
        DateTime start, DateTime end, CancellationToken ct)
    {
        var days = owner.Zone.DaysTouched(start, end).ToList();
        var (first, last) = (days[0], days[^1]);
        var sheets = await db.Timesheets.AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId && t.UserId == owner.UserId && t.DateFrom <= last && t.DateTo >= first)
            .Select(t => new { t.DateFrom, t.DateTo, t.Status }).ToListAsync(ct);
        var locked = sheets.Where(t => TimesheetStatuses.Locked.Contains(t.Status)).MinBy(t => t.DateFrom);
        if (locked is not null)
            throw ApiException.BadRequest(
                $"The timesheet for {locked.DateFrom:yyyy-MM-dd} to {locked.DateTo:yyyy-MM-dd} is {locked.Status}; its time cannot be changed.");
        return sheets.ConvertAll(t => t.DateFrom);
    }

    /// <summary>
    /// Makes sure every pay period touched by [start, end) has a timesheet. Called after the change is saved (so
    /// requests that lost a race never get here) and saved on its own: a concurrent request creating the same
    /// sheet is harmless (the unique index keeps one). <paramref name="existing"/>: sheet starts already known for
    /// the same span (from <see cref="EnsureNotLockedAsync"/>), or null to read them here.
    /// </summary>
    public static async Task EnsureTimesheetsAsync(this TrackerDbContext db, long workspaceId, TimeOwner owner, DateTime start, DateTime end,
        DateTime now, IReadOnlyCollection<DateOnly>? existing, CancellationToken ct)
    {
        var periods = owner.Zone.DaysTouched(start, end).Select(PayPeriod.Containing).Distinct().ToList();
        var froms = periods.Select(p => p.From).ToList();
        existing ??= await db.Timesheets.AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId && t.UserId == owner.UserId && froms.Contains(t.DateFrom))
            .Select(t => t.DateFrom).ToListAsync(ct);
        foreach (var (from, to) in periods.Where(p => !existing.Contains(p.From)))
        {
            var sheet = new Timesheet
            {
                Id = Guid.NewGuid().ToString(), WorkspaceId = workspaceId, UserId = owner.UserId, DateFrom = from, DateTo = to,
                Status = TimesheetStatuses.Pending, Version = Guid.NewGuid(), CreatedAt = now, UpdatedAt = now,
            };
            db.Timesheets.Add(sheet);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (SaveChangesExtensions.IsUniqueViolation(e))
            {
                // Another request created it first: theirs is the one.
            }
            finally
            {
                db.Entry(sheet).State = EntityState.Detached;
            }
        }
    }

    public static string Describe(long seconds)
    {
        var minutes = seconds / 60;
        return minutes % 60 == 0 ? $"{minutes / 60} hr" : $"{minutes / 60} hr {minutes % 60} min";
    }
}
