using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// The workspace's members, projects, tasks and contracts by the names a file uses, loaded once per import, and the
/// ones an import makes: each is saved as it is made (inside the batch's transaction) so its id is known; on a dry
/// run it only gets a stand-in id and is counted. Names match case-insensitively.
/// </summary>
public sealed class ImportCatalog
{
    private readonly TrackerDbContext _db;
    private readonly WorkspaceScope _scope;
    private readonly bool _dryRun;
    private readonly DateTime _now;
    private readonly string? _systemZone;
    private readonly string? _callerZone;
    private readonly Dictionary<string, ImportMember> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ImportMember> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _projects = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(long, string), long> _tasks = new(TaskKey.Comparer);
    private readonly Dictionary<(long Project, long User), long> _contracts = [];
    private long _standIn;

    public int MembersCreated { get; private set; }
    public int ProjectsCreated { get; private set; }
    public int TasksCreated { get; private set; }

    private ImportCatalog(TrackerDbContext db, WorkspaceScope scope, bool dryRun, DateTime now, string? systemZone, string? callerZone) =>
        (_db, _scope, _dryRun, _now, _systemZone, _callerZone) = (db, scope, dryRun, now, systemZone, callerZone);

    public static async Task<ImportCatalog> LoadAsync(TrackerDbContext db, WorkspaceScope scope, bool dryRun, DateTime now, CancellationToken ct)
    {
        var ws = scope.WorkspaceId;
        var systemZone = await db.Workspaces.Where(w => w.Id == ws).Select(w => w.SystemTimezone).FirstAsync(ct);
        var callerZone = await db.Users.Where(u => u.Id == scope.UserId).Select(u => u.Timezone).FirstAsync(ct);
        var catalog = new ImportCatalog(db, scope, dryRun, now, systemZone, callerZone);
        var members = await db.Members.AsNoTracking().Where(m => m.WorkspaceId == ws)
            .Select(m => new { m.UserId, m.Role, m.User.Email, m.User.Timezone, First = m.InvitedFirstName ?? m.User.FirstName, Last = m.InvitedLastName ?? m.User.LastName })
            .ToListAsync(ct);
        foreach (var m in members) catalog.Remember(new ImportMember(m.UserId, m.Role, MemberZone.For(systemZone, m.Timezone)), m.Email, m.First, m.Last);
        foreach (var p in await db.Projects.AsNoTracking().Where(p => p.WorkspaceId == ws && p.DeletedAt == null).OrderBy(p => p.Id)
                     .Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            catalog._projects.TryAdd(p.Name, p.Id);
        foreach (var t in await db.Tasks.AsNoTracking().Where(t => t.WorkspaceId == ws && t.DeletedAt == null).OrderBy(t => t.Id)
                     .Select(t => new { t.Id, t.ProjectId, t.Title }).ToListAsync(ct))
            catalog._tasks.TryAdd((t.ProjectId, t.Title), t.Id);
        foreach (var c in await db.Contracts.AsNoTracking().Where(c => c.WorkspaceId == ws && c.DeletedAt == null).OrderBy(c => c.Id)
                     .Select(c => new { c.Id, c.ProjectId, c.UserId }).ToListAsync(ct))
            catalog._contracts.TryAdd((c.ProjectId, c.UserId), c.Id);
        return catalog;
    }

    /// <summary>
    /// The member a row names: by email, or by name when the source gives none (Harvest). Someone unknown is
    /// invited without a link (<see cref="Member.InviteWithoutLink"/>); a new account takes the importing admin's time
    /// zone, so its entries read as the admin's team wrote them; an existing account is never changed. A person
    /// Harvest names without an email gets a workspace-own address under <c>.invalid</c>, which can never receive mail.
    /// </summary>
    public async Task<ImportMember> MemberAsync(ImportPerson person, CancellationToken ct)
    {
        var name = NameKey(person.FirstName, person.LastName);
        if (person.Email is null && _byName.TryGetValue(name, out var named)) return named;
        var email = person.Email ?? StandInEmail(person);
        if (_byEmail.TryGetValue(email, out var known)) return known;

        var normalized = email.ToLowerInvariant();
        var user = await _db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        var member = new ImportMember(user?.Id ?? --_standIn, Roles.RegularUser, MemberZone.For(_systemZone, user is null ? _callerZone : user.Timezone));
        MembersCreated++;
        if (!_dryRun)
        {
            user ??= _db.Users.Add(new User
            {
                Email = email, NormalizedEmail = normalized, FirstName = person.FirstName, LastName = person.LastName,
                Timezone = _callerZone, CreatedAt = _now, UpdatedAt = _now,
            }).Entity;
            var membership = new Member { WorkspaceId = _scope.WorkspaceId, User = user, Role = Roles.RegularUser, Status = "", CreatedAt = _now };
            membership.InviteWithoutLink(person.FirstName, person.LastName, _now);
            _db.Members.Add(membership);
            await _db.SaveChangesAsync(ct);
            member = member with { UserId = user.Id };
        }
        Remember(member, email, person.FirstName, person.LastName);
        return member;
    }

    public async Task<long> ProjectAsync(string name, string? client, CancellationToken ct)
    {
        if (_projects.TryGetValue(name, out var id)) return id;
        ProjectsCreated++;
        id = --_standIn;
        if (!_dryRun)
        {
            var project = new Project { WorkspaceId = _scope.WorkspaceId, Name = name, CreatedAt = _now, UpdatedAt = _now };
            _db.Projects.Add(project);
            await _db.SaveChangesAsync(ct);
            // The client becomes the project's tag (projects have no client field); tags hold 50 characters.
            if (client is not null)
                _db.ProjectTags.Add(new ProjectTag { WorkspaceId = _scope.WorkspaceId, ProjectId = project.Id, Name = client.Length > 50 ? client[..50] : client });
            id = project.Id;
        }
        _projects[name] = id;
        return id;
    }

    public async Task<long> TaskAsync(long projectId, string title, CancellationToken ct)
    {
        if (_tasks.TryGetValue((projectId, title), out var id)) return id;
        TasksCreated++;
        id = --_standIn;
        if (!_dryRun)
        {
            var task = new ProjectTask
            {
                WorkspaceId = _scope.WorkspaceId, ProjectId = projectId, Title = title, CreatorId = _scope.UserId, CreatedAt = _now, UpdatedAt = _now,
            };
            _db.Tasks.Add(task);
            await _db.SaveChangesAsync(ct);
            id = task.Id;
        }
        _tasks[(projectId, title)] = id;
        return id;
    }

    /// <summary>The member's contract on the project; a new one carries the row's rate (when the caller may see rates).</summary>
    public async Task<long> ContractAsync(long projectId, ImportMember member, decimal? rate, string? currency, CancellationToken ct)
    {
        if (_contracts.TryGetValue((projectId, member.UserId), out var id)) return id;
        id = --_standIn;
        if (!_dryRun)
        {
            var contract = new Contract
            {
                WorkspaceId = _scope.WorkspaceId, ProjectId = projectId, UserId = member.UserId, UserRole = member.Role, WeeklyHoursLimit = 168,
                Screenshots = ScreenshotModes.Full, Currency = currency ?? Currencies.Default, Status = ContractStatuses.Active,
                CreatedAt = _now, UpdatedAt = _now,
            };
            if (rate is not null && _scope.CanSeeRates) (contract.Rate, contract.RateType) = (rate, 1);
            _db.Contracts.Add(contract);
            await _db.SaveChangesAsync(ct);
            id = contract.Id;
        }
        _contracts[(projectId, member.UserId)] = id;
        return id;
    }

    private void Remember(ImportMember member, string email, string first, string last)
    {
        _byEmail.TryAdd(email, member);
        _byName.TryAdd(NameKey(first, last), member);
    }

    private static string NameKey(string first, string last) => (first.Trim() + " " + last.Trim()).Trim();

    private string StandInEmail(ImportPerson person)
    {
        var slug = new string((person.FirstName + "." + person.LastName).ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '.').ToArray()).Trim('.');
        return $"{(slug.Length == 0 ? "member" : slug)}.w{_scope.WorkspaceId}@import.invalid";
    }

    private static class TaskKey
    {
        public static readonly IEqualityComparer<(long, string)> Comparer = EqualityComparer<(long, string)>.Create(
            (a, b) => a.Item1 == b.Item1 && string.Equals(a.Item2, b.Item2, StringComparison.OrdinalIgnoreCase),
            k => HashCode.Combine(k.Item1, StringComparer.OrdinalIgnoreCase.GetHashCode(k.Item2)));
    }
}

/// <summary>A member as the import uses one: whose entries, in which role and time zone.</summary>
public sealed record ImportMember(long UserId, string Role, MemberZone Zone);
