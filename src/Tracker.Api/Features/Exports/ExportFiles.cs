using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Exports;

/// <summary>One file of the export: its name and the untracked query of this workspace's rows, read as a stream.</summary>
public sealed record ExportFile(string Name, IAsyncEnumerable<object> Rows);

/// <summary>
/// What the export holds: every query filters by the workspace, reads without tracking and streams. Rates are written
/// only when the caller may see rates (null otherwise, and the manifest says so).
/// </summary>
public static class ExportFiles
{
    public static IEnumerable<ExportFile> Of(TrackerDbContext db, WorkspaceScope scope)
    {
        var ws = scope.WorkspaceId;
        var rates = scope.CanSeeRates;
        yield return File(ExportFormat.Workspace, db.Workspaces.Where(w => w.Id == ws)
            .Select(w => new WorkspaceRow(w.Id, w.Name, w.SystemTimezone, w.CreatedAt)));
        yield return File(ExportFormat.Members, db.Members.Where(m => m.WorkspaceId == ws).OrderBy(m => m.Id).Select(MemberProfile.Of)
            .Select(p => new MemberRow(p.Member.UserId, p.Email, p.FirstName, p.LastName, p.Timezone, p.Member.Role, p.Member.Status,
                p.Member.InvitedFirstName != null, p.Member.TeamName, p.Member.Title, rates ? p.Member.Rate : null,
                rates ? p.Member.RateType : null, p.Member.RateStatus, p.Member.WeeklyHoursLimit, p.Member.Screenshots, p.Member.IsBlocked,
                p.Member.CreatedAt, p.Member.UpdatedAt, p.Member.DeletedAt)));
        yield return File(ExportFormat.Projects, db.Projects.Where(p => p.WorkspaceId == ws).OrderBy(p => p.Id)
            .Select(p => new ProjectRow(p.Id, p.Name, p.StartDate, p.Deadline, p.Estimation, p.BudgetEstimation, p.Notes, p.Icon,
                p.IsBillable, rates ? p.Rate : null, p.WeeklyHoursLimit, p.Screenshots, p.Status, p.CreatedAt, p.UpdatedAt, p.DeletedAt)));
        yield return File(ExportFormat.ProjectTags, db.ProjectTags.Where(t => t.WorkspaceId == ws).OrderBy(t => t.Id)
            .Select(t => new ProjectTagRow(t.Id, t.ProjectId, t.Name, t.Color)));
        yield return File(ExportFormat.ProjectViewers, db.ProjectViewerAssignments.Where(a => a.WorkspaceId == ws).OrderBy(a => a.Id)
            .Select(a => new ProjectViewerRow(a.ProjectId, a.UserId, a.CreatedAt)));
        yield return File(ExportFormat.Tasks, db.Tasks.Where(t => t.WorkspaceId == ws).OrderBy(t => t.Id)
            .Select(t => new TaskRow(t.Id, t.ProjectId, t.ParentId, t.Title, t.Description, t.CreatorId, t.Status, t.Priority,
                t.StartDate, t.EndDate, t.CompletedAt, t.CreatedAt, t.UpdatedAt, t.DeletedAt)));
        yield return File(ExportFormat.TaskAssignees, db.TaskAssignees.Where(a => db.Tasks.Any(t => t.Id == a.TaskId && t.WorkspaceId == ws))
            .OrderBy(a => a.Id).Select(a => new TaskAssigneeRow(a.TaskId, a.UserId, a.CreatedAt)));
        yield return File(ExportFormat.Contracts, db.Contracts.Where(c => c.WorkspaceId == ws).OrderBy(c => c.Id)
            .Select(c => new ContractRow(c.Id, c.ProjectId, c.UserId, c.UserRole, c.WeeklyHoursLimit, c.Screenshots,
                rates ? c.Rate : null, rates ? c.RateType : null, rates ? c.Currency : null, c.Status, c.CreatedAt, c.UpdatedAt, c.DeletedAt)));
        yield return File(ExportFormat.TimeEntries, db.TimeEntries.Where(e => e.WorkspaceId == ws).OrderBy(e => e.StartedAt).ThenBy(e => e.Id)
            .Select(e => new TimeEntryRow(e.Id, e.UserId, e.ContractId, e.ProjectId, e.TaskId, e.ActivityDescription, e.Method,
                e.StartedAt, e.EndedAt, e.ActivityLevel, e.CreatedAt, e.UpdatedAt)));
        yield return File(ExportFormat.Timesheets, db.Timesheets.Where(t => t.WorkspaceId == ws).OrderBy(t => t.DateFrom).ThenBy(t => t.Id)
            .Select(t => new TimesheetRow(t.Id, t.UserId, t.DateFrom, t.DateTo, t.Status, t.SubmittedAt, t.RejectReason, t.DecidedBy,
                t.CreatedAt, t.UpdatedAt)));
        yield return File(ExportFormat.TimeRequests, db.TimeRequests.Where(r => r.WorkspaceId == ws).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => new TimeRequestRow(r.Id, r.UserId, r.ContractId, r.ProjectId, r.TaskId, r.Start, r.End, r.Status, r.Notes,
                r.Comment, r.UpdatedBy, r.CreatedBy, r.TimeEntryId, r.CreatedAt, r.UpdatedAt)));
        yield return File(ExportFormat.LeavePolicies, db.LeavePolicies.Where(p => p.WorkspaceId == ws).OrderBy(p => p.Id)
            .Select(p => new LeavePolicyRow(p.Id, p.Name, p.TimeUnit, p.Duration, p.HoursPerDay, p.IsPaid, p.AllowNegativeBalance,
                p.ReasonRequired, p.ApplyToFutureMembers, p.CreatedAt, p.UpdatedAt)));
        yield return File(ExportFormat.LeaveRequests, db.LeaveRequests.Where(l => l.WorkspaceId == ws).OrderBy(l => l.CreatedAt).ThenBy(l => l.Id)
            .Select(l => new LeaveRequestRow(l.Id, l.UserId, l.PolicyId, l.Status, l.Note, l.StartDate, l.EndDate, l.LeavePeriod,
                l.StartTime, l.EndTime, l.HoursPerDay, l.TimeZone, l.StartsAt, l.EndsAt, l.Days, l.Hours, l.CreatedBy, l.ApprovedBy,
                l.RejectedBy, l.RejectReason, l.CreatedAt, l.UpdatedAt)));
        yield return File(ExportFormat.LeaveBalances, db.LeaveBalances.Where(b => b.WorkspaceId == ws).OrderBy(b => b.Id)
            .Select(b => new LeaveBalanceRow(b.UserId, b.PolicyId, b.Year, b.UsedThousandths, b.UpdatedAt)));
        yield return File(ExportFormat.ExpenseCategories, db.ExpenseCategories.Where(c => c.WorkspaceId == ws).OrderBy(c => c.CreatedAt)
            .ThenBy(c => c.Id).Select(c => new ExpenseCategoryRow(c.Id, c.Name, c.CreatedAt)));
        yield return File(ExportFormat.Expenses, db.Expenses.Where(e => e.WorkspaceId == ws).OrderBy(e => e.Date).ThenBy(e => e.Id)
            .Select(e => new ExpenseRow(e.Id, e.UserId, e.ProjectId, e.CategoryId, e.Name, e.Date, e.Amount, e.Currency, e.Note,
                e.IsBillable, e.CreatedBy, e.CreatedAt, e.UpdatedAt)));
        // The secret is not selected at all; the events column is unpacked in the final projection.
        yield return File(ExportFormat.Webhooks, db.Webhooks.Where(w => w.WorkspaceId == ws).OrderBy(w => w.CreatedAt).ThenBy(w => w.Id)
            .Select(w => new WebhookRow(w.Id, w.Url, w.Events.Split(',', StringSplitOptions.RemoveEmptyEntries), w.Status,
                w.DisabledReason, w.DisabledAt, w.CreatedBy, w.CreatedAt, w.UpdatedAt)));
    }

    private static ExportFile File<T>(string name, IQueryable<T> rows) where T : class =>
        new(name, rows.AsNoTracking().AsAsyncEnumerable());
}
