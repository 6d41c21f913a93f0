using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;
using static System.FormattableString;

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

/// <summary>The columns of a member's <see cref="MemberProfile"/> that make a <see cref="TimeOwner"/>.</summary>
public sealed record OwnerRow(string FirstName, string LastName, string Email, string? Timezone, string? SystemTimezone)
{
    public static readonly Expression<Func<MemberProfile, OwnerRow>> Of =
        p => new OwnerRow(p.FirstName, p.LastName, p.Email, p.Timezone, p.Member.Workspace.SystemTimezone);

    public TimeOwner For(long userId) => new(userId, FirstName, LastName, Email, MemberZone.For(SystemTimezone, Timezone));
}

public sealed record ContractRow(long UserId, long ProjectId, string Status, string ProjectName);

public sealed record TaskRow(long Id, string Title, long ProjectId);

public sealed record SheetRow(DateOnly DateFrom, DateOnly DateTo, string Status);

/// <summary>
/// The rules every change of time goes through: who, where, no overlaps, no locked periods. Each rule is a query
/// (composable, so a hot path can read several in one round trip) and a check of what it read.
/// </summary>
public static class TimeRules
{
    /// <summary>
    /// The member <paramref name="userId"/> of the scope's workspace; 404 when not a member. Writes need a current
    /// (not archived) member; reads also see archived members' history.
    /// </summary>
    public static async Task<TimeOwner> LoadOwnerAsync(this TrackerDbContext db, WorkspaceScope scope, long userId, bool forWrite)
    {
        var row = await OwnerQuery(db, scope.WorkspaceId, userId, forWrite) ?? throw ApiException.NotFound("Member");
        return row.For(userId);
    }

    /// <summary>Compiled: most time routes start with it, a day's entries on every call (see TimeTracking.StartRead).</summary>
    private static readonly Func<TrackerDbContext, long, long, bool, Task<OwnerRow?>> OwnerQuery = EF.CompileAsyncQuery(
        (TrackerDbContext db, long workspaceId, long userId, bool forWrite) => db.Members.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId && m.UserId == userId && (!forWrite || m.DeletedAt == null))
            .Select(MemberProfile.Of).Select(OwnerRow.Of)
            .FirstOrDefault());

    /// <summary>The zones of several members (archived ones too, for their history), by user id.</summary>
    public static async Task<Dictionary<long, MemberZone>> ZonesOfAsync(this TrackerDbContext db, long workspaceId, List<long> userIds, CancellationToken ct) =>
        (await db.Members.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && userIds.Contains(m.UserId))
            .Select(MemberProfile.Of).Select(p => new { p.Member.UserId, p.Timezone, p.Member.Workspace.SystemTimezone }).ToListAsync(ct))
        .ToDictionary(r => r.UserId, r => MemberZone.For(r.SystemTimezone, r.Timezone));

    // The rules below are predicates (for QueryRules.Inline: the start's compiled read uses them too), and their
    // queries stay entities (projected by the caller) so they can also be left-joined: a left-joined projection cannot
    // come back null.
    public static readonly Expression<Func<Contract, long, long?, bool>> IsLiveContract = (c, workspaceId, contractId) =>
        c.WorkspaceId == workspaceId && c.Id == contractId && c.DeletedAt == null;

    public static readonly Expression<Func<ProjectTask, long, long?, bool>> IsLiveTask = (t, workspaceId, taskId) =>
        t.WorkspaceId == workspaceId && t.Id == taskId && t.DeletedAt == null;

    /// <summary>The member's timesheet overlaps the local days [first, last].</summary>
    public static readonly Expression<Func<Timesheet, long, long, DateOnly, DateOnly, bool>> IsSheetOverlapping =
        (t, workspaceId, userId, first, last) => t.WorkspaceId == workspaceId && t.UserId == userId && t.DateFrom <= last && t.DateTo >= first;

    private static IQueryable<Contract> ContractById(this TrackerDbContext db, long workspaceId, long? contractId) =>
        db.Contracts.Where(QueryRules.Inline((Contract c) => IsLiveContract.Invoke(c, workspaceId, contractId)));

    private static IQueryable<ProjectTask> TaskById(this TrackerDbContext db, long workspaceId, long? taskId) =>
        db.Tasks.Where(QueryRules.Inline((ProjectTask t) => IsLiveTask.Invoke(t, workspaceId, taskId)));

    private static IQueryable<Timesheet> SheetsOverlapping(this TrackerDbContext db, long workspaceId, long userId, DateOnly first, DateOnly last) =>
        db.Timesheets.Where(QueryRules.Inline((Timesheet t) => IsSheetOverlapping.Invoke(t, workspaceId, userId, first, last)));

    /// <summary>
    /// Checks a contract/task pair for <paramref name="owner"/>: the contract must be theirs and active, the task
    /// needs a contract and must belong to its project. Unknown ids (or other workspaces') are 404.
    /// </summary>
    public static async Task<Assignment> ResolveAssignmentAsync(this TrackerDbContext db, WorkspaceScope scope, TimeOwner owner,
        long? contractId, long? taskId, CancellationToken ct)
    {
        var contract = contractId is null ? null : await db.ContractById(scope.WorkspaceId, contractId)
            .Select(c => new ContractRow(c.UserId, c.ProjectId, c.Status, c.Project.Name)).FirstOrDefaultAsync(ct);
        var task = contract is null || taskId is null ? null : await db.FindTaskAsync(scope.WorkspaceId, taskId, ct);
        return CheckAssignment(owner, contractId, taskId, contract, task);
    }

    /// <summary>The check of <see cref="ResolveAssignmentAsync"/> on rows already read.</summary>
    public static Assignment CheckAssignment(TimeOwner owner, long? contractId, long? taskId, ContractRow? contract, TaskRow? task)
    {
        if (contractId is null)
        {
            if (taskId is not null) throw ApiException.Invalid("task_id", "The task id field requires a contract id.");
            return Assignment.None;
        }
        if (contract is null) throw ApiException.NotFound("Contract");
        if (contract.UserId != owner.UserId) throw ApiException.Invalid("contract_id", "The contract does not belong to this user.");
        if (contract.Status != "active") throw ApiException.BadRequest("The contract is paused; time cannot be booked on it.");
        var checkedTask = CheckTask(contract.ProjectId, taskId, task);
        return new Assignment(contractId, contract.ProjectId, contract.ProjectName, checkedTask?.Id, checkedTask?.Title);
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
        var task = CheckTask(projectId, taskId, taskId is null ? null : await db.FindTaskAsync(scope.WorkspaceId, taskId, ct));
        return new Assignment(contractId, project.Id, project.Name, task?.Id, task?.Title);
    }

    private static Task<TaskRow?> FindTaskAsync(this TrackerDbContext db, long workspaceId, long? taskId, CancellationToken ct) =>
        db.TaskById(workspaceId, taskId).Select(t => new TaskRow(t.Id, t.Title, t.ProjectId)).FirstOrDefaultAsync(ct);

    private static TaskRow? CheckTask(long projectId, long? taskId, TaskRow? task)
    {
        if (taskId is null) return null;
        if (task is null) throw ApiException.NotFound("Task");
        if (task.ProjectId != projectId) throw ApiException.Invalid("task_id", "The task does not belong to the contract's project.");
        return task;
    }

    /// <summary>The member's recorded spans overlapping [start, end), running ones reaching to <paramref name="now"/>.</summary>
    public static async Task<List<(DateTime Start, DateTime End)>> BusySpansAsync(this TrackerDbContext db, long workspaceId, long userId,
        DateTime start, DateTime end, DateTime now, string? exceptEntryId, CancellationToken ct)
    {
        var rows = await db.Touching(workspaceId, userId, start, end).AsNoTracking().Where(e => e.Id != exceptEntryId)
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
        var sheets = await db.SheetsOverlapping(workspaceId, owner.UserId, days[0], days[^1])
            .Select(t => new SheetRow(t.DateFrom, t.DateTo, t.Status)).ToListAsync(ct);
        return CheckNotLocked(days, sheets);
    }

    /// <summary>
    /// The check of <see cref="EnsureNotLockedAsync"/> on sheets already read, for the member-local <paramref name="days"/>
    /// of the span (sheets read for other days are ignored).
    /// </summary>
    public static IReadOnlyCollection<DateOnly> CheckNotLocked(IReadOnlyList<DateOnly> days, IEnumerable<SheetRow> read)
    {
        var sheets = read.Where(t => t.DateFrom <= days[^1] && t.DateTo >= days[0]).ToList();
        var locked = sheets.Where(t => TimesheetStatuses.Locked.Contains(t.Status)).MinBy(t => t.DateFrom);
        if (locked is not null)
            throw ApiException.BadRequest(
                Invariant($"The timesheet for {locked.DateFrom:yyyy-MM-dd} to {locked.DateTo:yyyy-MM-dd} is {locked.Status}; its time cannot be changed."));
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
                Status = TimesheetStatuses.Pending, Version = Guid.NewGuid(), CreatedAt = now,
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
