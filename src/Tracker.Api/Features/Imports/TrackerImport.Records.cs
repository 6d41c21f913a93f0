using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Features.Exports;
using Tracker.Api.Features.Webhooks;

namespace Tracker.Api.Features.Imports;

/// <summary>The member-owned records of <c>source=tracker</c>: time, leaves, expenses, and the webhooks.</summary>
public sealed partial class TrackerImport
{
    private async Task TimeEntriesAsync(CancellationToken ct)
    {
        var batch = new List<(TimeEntryRow Row, TimeEntry Entry)>();
        await foreach (var (line, e) in Rows<TimeEntryRow>(ExportFormat.TimeEntries, ct))
        {
            if (e.EndedAt is not { } end || end <= e.StartedAt)
            {
                Error(ExportFormat.TimeEntries, line, "The entry was still running when exported (or ends before it starts); it is not imported.");
                continue;
            }
            if (User(e.UserId) is not { } user || !Mapped(e.ProjectId, _projects, out var project) || !Mapped(e.TaskId, _tasks, out var task)
                || !Mapped(e.ContractId, _contracts, out var contract))
            {
                Error(ExportFormat.TimeEntries, line, "The entry's member, project, task or contract is not in the export.");
                continue;
            }
            batch.Add((e, new TimeEntry
            {
                Id = NewId(), WorkspaceId = _scope.WorkspaceId, UserId = user, ContractId = contract, ProjectId = project, TaskId = task,
                ActivityDescription = e.ActivityDescription, Method = e.Method, StartedAt = e.StartedAt, EndedAt = end,
                ActivityLevel = e.ActivityLevel, ImportFingerprint = Fingerprint(e), CreatedAt = e.CreatedAt, UpdatedAt = _now,
            }));
            if (batch.Count >= ImportWriter.BatchSize) await SaveEntriesAsync(batch, ct);
        }
        await SaveEntriesAsync(batch, ct);
    }

    /// <summary>One batch: entries whose fingerprint this workspace holds (or this file repeated) are skipped and counted.</summary>
    private async Task SaveEntriesAsync(List<(TimeEntryRow Row, TimeEntry Entry)> batch, CancellationToken ct)
    {
        var fingerprints = batch.Select(b => b.Entry.ImportFingerprint!).ToList();
        var imported = (await _db.TimeEntries.Where(e => e.WorkspaceId == _scope.WorkspaceId && fingerprints.Contains(e.ImportFingerprint!))
            .Select(e => new { e.ImportFingerprint, e.Id }).ToListAsync(ct)).ToDictionary(e => e.ImportFingerprint!, e => e.Id);
        foreach (var (row, entry) in batch)
        {
            if (imported.TryGetValue(entry.ImportFingerprint!, out var id))
            {
                _duplicates++;
                entry.Id = id;
            }
            else
            {
                _db.TimeEntries.Add(entry);
                imported[entry.ImportFingerprint!] = entry.Id;
                _entriesCreated++;
            }
            if (_entries.ContainsKey(row.Id)) _entries[row.Id] = entry.Id;
        }
        await SaveAsync(ct);
        batch.Clear();
    }

    private async Task TimesheetsAsync(CancellationToken ct)
    {
        await foreach (var (line, t) in Rows<TimesheetRow>(ExportFormat.Timesheets, ct))
        {
            if (User(t.UserId) is not { } user)
            {
                Error(ExportFormat.Timesheets, line, "The timesheet's member is not in the export.");
                continue;
            }
            if (await _db.Timesheets.AnyAsync(x => x.WorkspaceId == _scope.WorkspaceId && x.UserId == user && x.DateFrom == t.DateFrom, ct)) continue;
            _db.Timesheets.Add(new Timesheet
            {
                Id = NewId(), WorkspaceId = _scope.WorkspaceId, UserId = user, DateFrom = t.DateFrom, DateTo = t.DateTo, Status = t.Status,
                SubmittedAt = t.SubmittedAt, RejectReason = t.RejectReason, DecidedBy = User(t.DecidedBy), Version = Guid.NewGuid(),
                CreatedAt = t.CreatedAt, UpdatedAt = _now,
            });
            await SaveAsync(ct); // one at a time: the next row's check reads it
        }
    }

    private async Task TimeRequestsAsync(CancellationToken ct)
    {
        await foreach (var (line, r) in Rows<TimeRequestRow>(ExportFormat.TimeRequests, ct))
        {
            if (User(r.UserId) is not { } user || !Mapped(r.ProjectId, _projects, out var project) || !Mapped(r.TaskId, _tasks, out var task)
                || !Mapped(r.ContractId, _contracts, out var contract))
            {
                Error(ExportFormat.TimeRequests, line, "The request's member, project, task or contract is not in the export.");
                continue;
            }
            if (await _db.TimeRequests.AnyAsync(x => x.WorkspaceId == _scope.WorkspaceId && x.UserId == user && x.Start == r.Start && x.End == r.End, ct)) continue;
            _db.TimeRequests.Add(new TimeRequest
            {
                Id = NewId(), WorkspaceId = _scope.WorkspaceId, UserId = user, ContractId = contract, ProjectId = project, TaskId = task,
                Start = r.Start, End = r.End, Status = r.Status, Notes = r.Notes, Comment = r.Comment, UpdatedBy = User(r.UpdatedBy),
                CreatedBy = User(r.CreatedBy) ?? user, TimeEntryId = r.TimeEntryId is { } entry ? _entries.GetValueOrDefault(entry) : null,
                Version = Guid.NewGuid(), CreatedAt = r.CreatedAt, UpdatedAt = _now,
            });
            await SaveAsync(ct);
        }
    }

    private async Task LeavesAsync(CancellationToken ct)
    {
        await foreach (var (_, p) in Rows<LeavePolicyRow>(ExportFormat.LeavePolicies, ct))
        {
            var existing = await _db.LeavePolicies.Where(x => x.WorkspaceId == _scope.WorkspaceId && x.Name == p.Name).Select(x => (long?)x.Id).FirstOrDefaultAsync(ct);
            if (existing is { } id)
            {
                _policies[p.Id] = id;
                continue;
            }
            var policy = new LeavePolicy
            {
                WorkspaceId = _scope.WorkspaceId, Name = p.Name, TimeUnit = p.TimeUnit, Duration = p.Duration, HoursPerDay = p.HoursPerDay,
                IsPaid = p.IsPaid, AllowNegativeBalance = p.AllowNegativeBalance, ReasonRequired = p.ReasonRequired,
                ApplyToFutureMembers = p.ApplyToFutureMembers, CreatedAt = p.CreatedAt, UpdatedAt = _now,
            };
            _db.LeavePolicies.Add(policy);
            await SaveAsync(ct);
            _policies[p.Id] = policy.Id;
        }
        await foreach (var (line, l) in Rows<LeaveRequestRow>(ExportFormat.LeaveRequests, ct))
        {
            if (User(l.UserId) is not { } user || !_policies.TryGetValue(l.PolicyId, out var policy))
            {
                Error(ExportFormat.LeaveRequests, line, "The leave's member or policy is not in the export.");
                continue;
            }
            if (await _db.LeaveRequests.AnyAsync(x => x.WorkspaceId == _scope.WorkspaceId && x.UserId == user && x.PolicyId == policy
                                                      && x.StartsAt == l.StartsAt && x.EndsAt == l.EndsAt, ct)) continue;
            _db.LeaveRequests.Add(new LeaveRequest
            {
                Id = NewId(), WorkspaceId = _scope.WorkspaceId, UserId = user, PolicyId = policy, Status = l.Status, Note = l.Note,
                StartDate = l.StartDate, EndDate = l.EndDate, LeavePeriod = l.LeavePeriod, StartTime = l.StartTime, EndTime = l.EndTime,
                HoursPerDay = l.HoursPerDay, TimeZone = l.TimeZone, StartsAt = l.StartsAt, EndsAt = l.EndsAt, Days = l.Days, Hours = l.Hours,
                CreatedBy = User(l.CreatedBy) ?? user, ApprovedBy = User(l.ApprovedBy), RejectedBy = User(l.RejectedBy), RejectReason = l.RejectReason,
                CreatedAt = l.CreatedAt, UpdatedAt = _now,
            });
            await SaveAsync(ct);
        }
        await foreach (var (_, b) in Rows<LeaveBalanceRow>(ExportFormat.LeaveBalances, ct))
            if (User(b.UserId) is { } user && _policies.TryGetValue(b.PolicyId, out var policy)
                && !await _db.LeaveBalances.AnyAsync(x => x.WorkspaceId == _scope.WorkspaceId && x.UserId == user && x.PolicyId == policy && x.Year == b.Year, ct))
            {
                _db.LeaveBalances.Add(new LeaveBalance
                {
                    WorkspaceId = _scope.WorkspaceId, UserId = user, PolicyId = policy, Year = b.Year, UsedThousandths = b.UsedThousandths, UpdatedAt = _now,
                });
                await SaveAsync(ct);
            }
    }

    private async Task ExpensesAsync(CancellationToken ct)
    {
        await foreach (var (_, c) in Rows<ExpenseCategoryRow>(ExportFormat.ExpenseCategories, ct))
        {
            var existing = await _db.ExpenseCategories.Where(x => x.WorkspaceId == _scope.WorkspaceId && x.Name == c.Name).Select(x => x.Id).FirstOrDefaultAsync(ct);
            if (existing is null)
            {
                existing = NewId();
                _db.ExpenseCategories.Add(new ExpenseCategory { Id = existing, WorkspaceId = _scope.WorkspaceId, Name = c.Name, CreatedAt = c.CreatedAt });
                await SaveAsync(ct);
            }
            _categories[c.Id] = existing;
        }
        await foreach (var (line, e) in Rows<ExpenseRow>(ExportFormat.Expenses, ct))
        {
            if (User(e.UserId) is not { } user || !Mapped(e.ProjectId, _projects, out var project) || !_categories.TryGetValue(e.CategoryId, out var category))
            {
                Error(ExportFormat.Expenses, line, "The expense's member, project or category is not in the export.");
                continue;
            }
            if (await _db.Expenses.AnyAsync(x => x.WorkspaceId == _scope.WorkspaceId && x.UserId == user && x.Date == e.Date && x.Name == e.Name
                                                 && x.Amount == e.Amount && x.Currency == e.Currency, ct)) continue;
            _db.Expenses.Add(new Expense
            {
                Id = NewId(), WorkspaceId = _scope.WorkspaceId, UserId = user, ProjectId = project, CategoryId = category, Name = e.Name, Date = e.Date,
                Amount = e.Amount, Currency = e.Currency, Note = e.Note, IsBillable = e.IsBillable, CreatedBy = User(e.CreatedBy) ?? user,
                CreatedAt = e.CreatedAt, UpdatedAt = _now,
            });
            await SaveAsync(ct);
        }
    }

    /// <summary>
    /// Webhooks arrive disabled, with a new secret: the receiver must learn the secret before anything is signed with
    /// it, and events of this server should reach a URL only when an admin here says so (Re-enable).
    /// </summary>
    private async Task WebhooksAsync(CancellationToken ct)
    {
        await foreach (var (_, w) in Rows<WebhookRow>(ExportFormat.Webhooks, ct))
        {
            if (await _db.Webhooks.AnyAsync(x => x.WorkspaceId == _scope.WorkspaceId && x.Url == w.Url, ct)) continue;
            var events = w.Events.Where(WebhookEvents.All.Contains).ToList();
            _db.Webhooks.Add(new Webhook
            {
                Id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)), WorkspaceId = _scope.WorkspaceId,
                Url = w.Url, Events = WebhookEvents.Pack(events), Secret = WebhookSigner.NewSecret(), Status = WebhookStatuses.Disabled,
                DisabledReason = "Imported: check the URL, give the receiver the new secret, then re-enable.", DisabledAt = _now,
                CreatedBy = _scope.UserId, CreatedAt = w.CreatedAt, UpdatedAt = _now,
            });
            await SaveAsync(ct);
        }
    }

    /// <summary>An optional reference: null stays null; an id must have been imported.</summary>
    private static bool Mapped(long? exported, Dictionary<long, long> map, out long? mapped)
    {
        mapped = null;
        if (exported is not { } id) return true;
        if (!map.TryGetValue(id, out var found)) return false;
        mapped = found;
        return true;
    }
}
