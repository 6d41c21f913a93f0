using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// Writes what a source reads, <see cref="BatchSize"/> rows per transaction, so memory stays bounded and a failure
/// loses at most one batch, never part of a row. Each row's fingerprint (<see cref="Fingerprint"/>) is stored on its
/// entry, unique per workspace: a row already imported is skipped and counted. On a dry run the same checks and
/// counts run and nothing is written.
/// </summary>
public sealed class ImportWriter
{
    public const int BatchSize = 1000;

    /// <summary>Errors listed in the answer; past this many only their number is given.</summary>
    public const int MaxListedErrors = 1000;

    /// <summary>The longest entry accepted (a forgotten timer may run for days; a week is the limit).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    private readonly TrackerDbContext _db;
    private readonly WorkspaceScope _scope;
    private readonly string _source;
    private readonly bool _dryRun;
    private readonly DateTime _now;
    private readonly ImportCatalog _catalog;
    private readonly List<(int Line, ImportRow Row, string Fingerprint)> _batch = [];
    /// <summary>
    /// Fingerprints (their first 64 bits) of rows not yet in the database: this batch's when writing (earlier batches
    /// are committed, so the database finds their rows), the whole file's on a dry run (~20 MB a million rows).
    /// </summary>
    private readonly HashSet<ulong> _seen = [];
    private readonly List<ImportError> _errors = [];
    private int _rows, _entries, _duplicates, _errorCount;

    private ImportWriter(TrackerDbContext db, WorkspaceScope scope, string source, bool dryRun, DateTime now, ImportCatalog catalog) =>
        (_db, _scope, _source, _dryRun, _now, _catalog) = (db, scope, source, dryRun, now, catalog);

    public static async Task<ImportWriter> StartAsync(
        TrackerDbContext db, WorkspaceScope scope, string source, bool dryRun, DateTime now, CancellationToken ct)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return new ImportWriter(db, scope, source, dryRun, now, await ImportCatalog.LoadAsync(db, scope, dryRun, now, ct));
    }

    public int ErrorsNotListed => _errorCount - _errors.Count;

    public async Task AddAsync(ImportRead read, CancellationToken ct)
    {
        _rows++;
        if (read.Row is not { } row)
        {
            Error(read.Line, read.Error ?? "The row cannot be read.");
            return;
        }
        if (Problem(row) is { } problem)
        {
            Error(read.Line, problem);
            return;
        }
        _batch.Add((read.Line, row, Fingerprint(_source, row)));
        if (_batch.Count >= BatchSize) await FlushAsync(ct);
    }

    public async Task<ImportResult> FinishAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        return new ImportResult(_source, _dryRun, _rows, _catalog.MembersCreated, _catalog.ProjectsCreated, _catalog.TasksCreated,
            _entries, _duplicates, [.. _errors.OrderBy(e => e.Line)]);
    }

    /// <summary>
    /// The row's identity: SHA-256 over the source and every value the entry is made from, so a re-export of the
    /// same history (columns reordered, unknown columns added) gives the same fingerprints. A start the source placed
    /// itself (Harvest) is left out: it depends on the rows around it.
    /// </summary>
    public static string Fingerprint(string source, ImportRow row)
    {
        var p = row.Person;
        var text = string.Join('\u001F', source, p.Email?.ToLowerInvariant() ?? (p.FirstName + " " + p.LastName).ToLowerInvariant(),
            row.Client, row.Project, row.Task, row.Description, row.StartDate.ToString("O"), row.Placed ? "" : row.StartTime.ToString("O"),
            row.Duration.Ticks, row.Rate, row.Currency);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private void Error(int line, string message)
    {
        _errorCount++;
        if (_errors.Count < MaxListedErrors) _errors.Add(new ImportError(line, message));
    }

    /// <summary>What the database or the API's own rules would refuse, checked before anything of the row is made.</summary>
    private static string? Problem(ImportRow row)
    {
        var p = row.Person;
        if (p.Email is { } email && !Validator.IsEmail(email)) return $"The email \"{email}\" is not a valid email address.";
        if (p.FirstName.Length == 0) return "The person's name is empty.";
        if (p.FirstName.Length > 100 || p.LastName.Length > 100) return "The person's first and last names may have at most 100 characters each.";
        if (row.Project?.Length > 255) return "The project name may have at most 255 characters.";
        if (row.Task?.Length > 255) return "The task name may have at most 255 characters.";
        if (row.Description?.Length > 1000) return "The description may have at most 1000 characters.";
        if (row.Duration <= TimeSpan.Zero) return "The duration must be more than zero.";
        if (row.Duration > MaxDuration) return $"The duration may be at most {MaxDuration.TotalHours:0} hours.";
        if (row.Rate is < 0) return "The rate must not be negative.";
        return null;
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_batch.Count == 0) return;
        var fingerprints = _batch.Select(b => b.Fingerprint).ToList();
        var imported = (await _db.TimeEntries.AsNoTracking()
            .Where(e => e.WorkspaceId == _scope.WorkspaceId && fingerprints.Contains(e.ImportFingerprint!))
            .Select(e => e.ImportFingerprint!).ToListAsync(ct)).ToHashSet();

        await using var transaction = _dryRun ? null : await _db.Database.BeginTransactionAsync(ct);
        foreach (var (line, row, fingerprint) in _batch)
        {
            if (imported.Contains(fingerprint) || !_seen.Add(Key(fingerprint)))
            {
                _duplicates++;
                continue;
            }
            var member = await _catalog.MemberAsync(row.Person, ct);
            var start = member.Zone.ToUtc(row.StartDate, row.StartTime) ?? member.Zone.ToUtcMovingForward(row.StartDate, row.StartTime);
            if (start + row.Duration > _now)
            {
                Error(line, "The entry ends in the future; only past time is imported.");
                continue;
            }
            long? projectId = row.Project is null ? null : await _catalog.ProjectAsync(row.Project, row.Client, ct);
            long? taskId = projectId is { } p && row.Task is { } t ? await _catalog.TaskAsync(p, t, ct) : null;
            long? contractId = projectId is { } pc ? await _catalog.ContractAsync(pc, member, row.Rate, row.Currency, ct) : null;
            _entries++;
            if (_dryRun) continue;
            _db.TimeEntries.Add(new TimeEntry
            {
                Id = Guid.NewGuid().ToString(), WorkspaceId = _scope.WorkspaceId, UserId = member.UserId, ContractId = contractId,
                ProjectId = projectId, TaskId = taskId, ActivityDescription = row.Description, Method = TimeEntryMethods.Imported,
                StartedAt = start, EndedAt = start + row.Duration, ImportFingerprint = fingerprint, CreatedAt = _now, UpdatedAt = _now,
            });
        }
        if (transaction is not null)
        {
            _db.ChangeTracker.DetectChanges();
            await _db.SaveChangesOrConflictAsync("The same rows were imported by a concurrent request; import the file again to finish.", ct);
            await transaction.CommitAsync(ct);
        }
        _db.ChangeTracker.Clear();
        _batch.Clear();
        if (!_dryRun) _seen.Clear();
    }

    private static ulong Key(string fingerprint) => ulong.Parse(fingerprint.AsSpan(0, 16), System.Globalization.NumberStyles.HexNumber);
}
