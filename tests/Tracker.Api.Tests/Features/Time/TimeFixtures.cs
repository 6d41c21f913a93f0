using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Time;

public sealed record Assignment(long ProjectId, long ContractId, long TaskId);

/// <summary>Arranges projects, contracts, tasks and entries straight in the database (their endpoints live elsewhere).</summary>
public static class TimeFixtures
{
    public static DateTime Now(this TrackerFactory factory) => factory.Clock.GetUtcNow().UtcDateTime;

    /// <summary>A project with a task and an active contract for <paramref name="userId"/>.</summary>
    public static async Task<Assignment> AssignAsync(this TestWorkspace ws, long userId, string projectName = "Website Redesign")
    {
        await using var scope = ws.Factory.Scope();
        var db = ws.Factory.Db(scope);
        var now = ws.Factory.Now();
        var project = new Project { WorkspaceId = ws.Id, Name = projectName, CreatedAt = now, UpdatedAt = now };
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        var contract = new Contract { WorkspaceId = ws.Id, ProjectId = project.Id, UserId = userId, Status = "active", CreatedAt = now, UpdatedAt = now };
        var task = new ProjectTask { WorkspaceId = ws.Id, ProjectId = project.Id, Title = "Update homepage design", CreatorId = ws.Owner.Id, CreatedAt = now, UpdatedAt = now };
        db.Contracts.Add(contract);
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return new Assignment(project.Id, contract.Id, task.Id);
    }

    public static async Task<string> AddEntryAsync(this TestWorkspace ws, long userId, DateTime start, DateTime? end, string method = "Desktop tracker")
    {
        await using var scope = ws.Factory.Scope();
        var db = ws.Factory.Db(scope);
        var entry = new TimeEntry
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = ws.Id, UserId = userId, Method = method, StartedAt = start, EndedAt = end,
            CreatedAt = start, UpdatedAt = start,
        };
        db.TimeEntries.Add(entry);
        await db.SaveChangesAsync();
        return entry.Id;
    }

    public static async Task<List<TimeEntry>> EntriesAsync(this TestWorkspace ws, long userId)
    {
        await using var scope = ws.Factory.Scope();
        return await ws.Factory.Db(scope).TimeEntries.AsNoTracking().Where(e => e.WorkspaceId == ws.Id && e.UserId == userId)
            .OrderBy(e => e.StartedAt).ToListAsync();
    }

    public static async Task<List<OutboxEvent>> EventsAsync(this TestWorkspace ws, string type)
    {
        await using var scope = ws.Factory.Scope();
        return await ws.Factory.Db(scope).OutboxEvents.AsNoTracking().Where(e => e.WorkspaceId == ws.Id && e.EventType == type)
            .OrderBy(e => e.OccurredAt).ToListAsync();
    }

    public static async Task<List<Timesheet>> TimesheetsAsync(this TestWorkspace ws, long userId)
    {
        await using var scope = ws.Factory.Scope();
        return await ws.Factory.Db(scope).Timesheets.AsNoTracking().Where(t => t.WorkspaceId == ws.Id && t.UserId == userId)
            .OrderBy(t => t.DateFrom).ToListAsync();
    }

    public static async Task SetTimesheetStatusAsync(this TestWorkspace ws, string id, string status)
    {
        await using var scope = ws.Factory.Scope();
        var db = ws.Factory.Db(scope);
        var sheet = await db.Timesheets.SingleAsync(t => t.Id == id);
        sheet.Status = status;
        await db.SaveChangesAsync();
    }

    public static async Task SetUserTimezoneAsync(this TrackerFactory factory, long userId, string timezone)
    {
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        user.Timezone = timezone;
        await db.SaveChangesAsync();
    }

    public static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd");

    public static DateTime Instant(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;
}
