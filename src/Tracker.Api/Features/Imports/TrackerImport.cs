using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Features.Exports;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// <c>source=tracker</c>: recreates a Tracker export's records in this workspace under new ids, mapping every
/// reference. Unlike the CSV sources it brings whole records, not time-entry rows, so it writes them itself (one
/// transaction: all of it or nothing; a dry run rolls it back, so its counts are exact). Idempotent: a time entry
/// carries the fingerprint of its exported id and start; every other record is matched by its natural key (a
/// member by email, a project by name, a task by project and title, a timesheet by member and week, …), so a second
/// import of the same file creates nothing. Members arrive invited without a link (<see cref="Member.InviteWithoutLink"/>),
/// webhooks disabled with a new secret.
/// </summary>
public sealed partial class TrackerImport
{
    public const string Source = "tracker";

    private readonly TrackerDbContext _db;
    private readonly WorkspaceScope _scope;
    private readonly DateTime _now;
    private readonly TrackerArchive _archive;
    private readonly List<ImportError> _errors = [];
    private readonly Dictionary<long, long> _users = [], _projects = [], _tasks = [], _contracts = [], _policies = [];
    private readonly HashSet<long> _newProjects = [];
    private readonly Dictionary<string, string> _categories = [];
    /// <summary>Only the entries a time request points at: the map stays small whatever the number of entries.</summary>
    private readonly Dictionary<string, string?> _entries = [];
    private int _errorCount, _rows, _members, _projectsCreated, _tasksCreated, _entriesCreated, _duplicates;

    private TrackerImport(TrackerDbContext db, WorkspaceScope scope, DateTime now, TrackerArchive archive) =>
        (_db, _scope, _now, _archive) = (db, scope, now, archive);

    public int ErrorsNotListed => _errorCount - _errors.Count;

    public static async Task<(ImportResult Result, int ErrorsNotListed)> RunAsync(
        ImportFile file, TrackerDbContext db, WorkspaceScope scope, bool dryRun, DateTime now, CancellationToken ct)
    {
        await using var archive = await TrackerArchive.OpenAsync(file, ct);
        var import = new TrackerImport(db, scope, now, archive);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await import.ImportAllAsync(ct);
        if (dryRun) await transaction.RollbackAsync(ct);
        else await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        var result = new ImportResult(Source, dryRun, import._rows, import._members, import._projectsCreated, import._tasksCreated,
            import._entriesCreated, import._duplicates, import._errors);
        return (result, import.ErrorsNotListed);
    }

    public static string Message(ImportResult r, int errorsNotListed)
    {
        var made = $"{r.MembersCreated} members, {r.ProjectsCreated} projects, {r.TasksCreated} tasks and {r.EntriesCreated} time entries";
        var message = r.DryRun ? $"Dry run, nothing was written: {r.Rows} records read; {made} would be created."
            : $"{r.Rows} records read; {made} created. Members are invited and sign in once they accept; webhooks are disabled until re-enabled.";
        if (r.EntriesSkippedDuplicates > 0) message += $" {r.EntriesSkippedDuplicates} time entries were imported before and skipped.";
        if (r.Errors.Count > 0) message += $" {r.Errors.Count + errorsNotListed} records could not be imported (see errors).";
        return message;
    }

    private async Task ImportAllAsync(CancellationToken ct)
    {
        await WorkspaceAsync(ct);
        await MembersAsync(ct);
        await ProjectsAsync(ct);
        await TasksAsync(ct);
        await ContractsAsync(ct);
        // A first look at the requests, for the entries they point at (their lines are counted and checked below).
        await foreach (var (_, r) in _archive.RowsAsync<TimeRequestRow>(ExportFormat.TimeRequests, (_, _) => { }, ct))
            if (r.TimeEntryId is { } id) _entries[id] = null;
        await TimeEntriesAsync(ct);
        await TimesheetsAsync(ct);
        await TimeRequestsAsync(ct);
        await LeavesAsync(ct);
        await ExpensesAsync(ct);
        await WebhooksAsync(ct);
    }

    private async IAsyncEnumerable<(int Line, T Row)> Rows<T>(string file, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        where T : class
    {
        await foreach (var row in _archive.RowsAsync<T>(file, (line, message) => Error(file, line, message), ct))
        {
            _rows++;
            yield return row;
        }
    }

    private void Error(string file, int line, string message)
    {
        _errorCount++;
        if (_errors.Count < ImportWriter.MaxListedErrors) _errors.Add(new ImportError(line, $"{file}: {message}"));
    }

    /// <summary>Saves what the batch added and forgets it, so memory stays bounded.</summary>
    private async Task SaveAsync(CancellationToken ct)
    {
        await _db.SaveChangesAsync(ct);
        _db.ChangeTracker.Clear();
    }

    private long? User(long? exported) => exported is { } id && _users.TryGetValue(id, out var mapped) ? mapped : null;

    private static string Fingerprint(TimeEntryRow e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Source}\u001F{e.Id}\u001F{e.StartedAt:O}")));

    private static string NewId() => Guid.NewGuid().ToString();

    /// <summary>
    /// The workspace's system time zone, when this workspace has none: it decides how members who have not accepted
    /// yet have their days cut, so the entries and reports read as they did.
    /// </summary>
    private async Task WorkspaceAsync(CancellationToken ct)
    {
        await foreach (var (_, w) in Rows<WorkspaceRow>(ExportFormat.Workspace, ct))
            if (w.SystemTimezone is { } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                await _db.Workspaces.Where(x => x.Id == _scope.WorkspaceId && x.SystemTimezone == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.SystemTimezone, zone), ct);
    }

    private async Task MembersAsync(CancellationToken ct)
    {
        await foreach (var (line, m) in Rows<MemberRow>(ExportFormat.Members, ct))
        {
            var normalized = m.Email.Trim().ToLowerInvariant();
            if (!Infrastructure.Http.Validator.IsEmail(normalized) || m.FirstName.Length is 0 or > 100 || m.LastName.Length > 100)
            {
                Error(ExportFormat.Members, line, "The member's email or names are not valid.");
                continue;
            }
            var user = await _db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
            if (user is not null && await _db.Members.AnyAsync(x => x.WorkspaceId == _scope.WorkspaceId && x.UserId == user.Id, ct))
            {
                _users[m.UserId] = user.Id;
                continue;
            }
            // A new account takes what the exporting workspace showed; an existing account is never changed.
            user ??= _db.Users.Add(new User
            {
                Email = m.Email.Trim(), NormalizedEmail = normalized, FirstName = m.FirstName, LastName = m.LastName, Timezone = m.Timezone,
                CreatedAt = _now, UpdatedAt = _now,
            }).Entity;
            var member = new Member
            {
                WorkspaceId = _scope.WorkspaceId, User = user, Status = "", CreatedAt = _now,
                // The workspace has its Owner already: an exported Owner runs it as an Executive manager here.
                Role = m.Role == Roles.Owner || !Roles.All.Contains(m.Role) ? Roles.ExecutiveManager : m.Role,
                TeamName = m.TeamName, Title = m.Title, Rate = _scope.CanSeeRates ? m.Rate : null, RateType = _scope.CanSeeRates ? m.RateType : null,
                RateStatus = m.RateStatus, WeeklyHoursLimit = m.WeeklyHoursLimit, Screenshots = m.Screenshots, IsBlocked = m.IsBlocked,
            };
            if (!Roles.All.Contains(m.Role)) Error(ExportFormat.Members, line, $"The role \"{m.Role}\" is unknown; the member was invited as {member.Role}.");
            member.InviteWithoutLink(m.FirstName, m.LastName, _now);
            member.DeletedAt = m.DeletedAt;
            _db.Members.Add(member);
            await _db.SaveChangesAsync(ct);
            _users[m.UserId] = user.Id;
            _members++;
        }
        _db.ChangeTracker.Clear();
    }

    private async Task ProjectsAsync(CancellationToken ct)
    {
        await foreach (var (_, p) in Rows<ProjectRow>(ExportFormat.Projects, ct))
        {
            var existing = await _db.Projects.Where(x => x.WorkspaceId == _scope.WorkspaceId && x.DeletedAt == null && x.Name.ToLower() == p.Name.ToLower())
                .Select(x => (long?)x.Id).FirstOrDefaultAsync(ct);
            if (existing is { } id && p.DeletedAt is null)
            {
                _projects[p.Id] = id;
                continue;
            }
            var project = new Project
            {
                WorkspaceId = _scope.WorkspaceId, Name = p.Name, StartDate = p.StartDate, Deadline = p.Deadline, Estimation = p.Estimation,
                BudgetEstimation = p.BudgetEstimation, Notes = p.Notes, Icon = p.Icon, IsBillable = p.IsBillable,
                Rate = _scope.CanSeeRates ? p.Rate : null, WeeklyHoursLimit = p.WeeklyHoursLimit, Screenshots = p.Screenshots, Status = p.Status,
                CreatedAt = p.CreatedAt, UpdatedAt = _now, DeletedAt = p.DeletedAt,
            };
            _db.Projects.Add(project);
            await _db.SaveChangesAsync(ct);
            _projects[p.Id] = project.Id;
            _newProjects.Add(project.Id);
            _projectsCreated++;
        }
        await foreach (var (_, t) in Rows<ProjectTagRow>(ExportFormat.ProjectTags, ct))
            if (_projects.TryGetValue(t.ProjectId, out var project) && _newProjects.Contains(project))
                _db.ProjectTags.Add(new ProjectTag { WorkspaceId = _scope.WorkspaceId, ProjectId = project, Name = t.Name, Color = t.Color });
        await foreach (var (_, v) in Rows<ProjectViewerRow>(ExportFormat.ProjectViewers, ct))
            if (_projects.TryGetValue(v.ProjectId, out var project) && User(v.UserId) is { } user
                && !await _db.ProjectViewerAssignments.AnyAsync(a => a.ProjectId == project && a.UserId == user, ct))
                _db.ProjectViewerAssignments.Add(new ProjectViewerAssignment { WorkspaceId = _scope.WorkspaceId, ProjectId = project, UserId = user, CreatedAt = v.CreatedAt });
        await SaveAsync(ct);
    }

    private async Task TasksAsync(CancellationToken ct)
    {
        await foreach (var (line, t) in Rows<TaskRow>(ExportFormat.Tasks, ct))
        {
            if (!_projects.TryGetValue(t.ProjectId, out var project))
            {
                Error(ExportFormat.Tasks, line, "The task's project is not in the export.");
                continue;
            }
            var existing = _newProjects.Contains(project) ? null : await _db.Tasks
                .Where(x => x.WorkspaceId == _scope.WorkspaceId && x.ProjectId == project && x.DeletedAt == null && x.Title.ToLower() == t.Title.ToLower())
                .Select(x => (long?)x.Id).FirstOrDefaultAsync(ct);
            if (existing is { } id)
            {
                _tasks[t.Id] = id;
                continue;
            }
            var task = new ProjectTask
            {
                WorkspaceId = _scope.WorkspaceId, ProjectId = project, ParentId = t.ParentId is { } parent && _tasks.TryGetValue(parent, out var p) ? p : null,
                Title = t.Title, Description = t.Description, CreatorId = User(t.CreatorId) ?? _scope.UserId, Status = t.Status, Priority = t.Priority,
                StartDate = t.StartDate, EndDate = t.EndDate, CompletedAt = t.CompletedAt, CreatedAt = t.CreatedAt, UpdatedAt = _now, DeletedAt = t.DeletedAt,
            };
            _db.Tasks.Add(task);
            await _db.SaveChangesAsync(ct);
            _tasks[t.Id] = task.Id;
            _tasksCreated++;
        }
        await foreach (var (_, a) in Rows<TaskAssigneeRow>(ExportFormat.TaskAssignees, ct))
            if (_tasks.TryGetValue(a.TaskId, out var task) && User(a.UserId) is { } user
                && !await _db.TaskAssignees.AnyAsync(x => x.TaskId == task && x.UserId == user, ct))
                _db.TaskAssignees.Add(new TaskAssignee { TaskId = task, UserId = user, CreatedAt = a.CreatedAt });
        await SaveAsync(ct);
    }

    private async Task ContractsAsync(CancellationToken ct)
    {
        await foreach (var (line, c) in Rows<ContractRow>(ExportFormat.Contracts, ct))
        {
            if (!_projects.TryGetValue(c.ProjectId, out var project) || User(c.UserId) is not { } user)
            {
                Error(ExportFormat.Contracts, line, "The contract's project or member is not in the export.");
                continue;
            }
            var existing = await _db.Contracts.Where(x => x.WorkspaceId == _scope.WorkspaceId && x.ProjectId == project && x.UserId == user && x.DeletedAt == null)
                .Select(x => (long?)x.Id).FirstOrDefaultAsync(ct);
            if (existing is { } id && c.DeletedAt is null)
            {
                _contracts[c.Id] = id;
                continue;
            }
            var rates = _scope.CanSeeRates;
            var contract = new Contract
            {
                WorkspaceId = _scope.WorkspaceId, ProjectId = project, UserId = user, UserRole = c.UserRole, WeeklyHoursLimit = c.WeeklyHoursLimit,
                Screenshots = c.Screenshots, Rate = rates ? c.Rate : null, RateType = rates ? c.RateType : null, Currency = rates ? c.Currency : null,
                Status = c.Status, CreatedAt = c.CreatedAt, UpdatedAt = _now, DeletedAt = c.DeletedAt,
            };
            _db.Contracts.Add(contract);
            await _db.SaveChangesAsync(ct);
            _contracts[c.Id] = contract.Id;
        }
        _db.ChangeTracker.Clear();
    }
}
