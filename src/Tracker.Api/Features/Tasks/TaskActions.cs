using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Tasks;

/// <summary>Body of the task calls that only name the task's project (it may come in the query instead).</summary>
public sealed record TaskProjectRequest(long? ProjectId);

/// <summary>Delete, assign and unassign: the same roles as task writes.</summary>
public static class TaskActions
{
    /// <summary>DELETE /tasks/{taskId}: soft-deletes the task and its subtasks, so no subtask is left under a deleted parent.</summary>
    public static async Task<EnvelopeResult<object?>> DeleteAsync(
        long taskId, [FromBody] TaskProjectRequest? body, ProjectIdQuery query,
        WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var task = await db.FindVisibleTaskAsync(scope, taskId, query.ProjectId ?? body?.ProjectId, ct);
        var projectTasks = await db.Tasks.Where(t => t.ProjectId == task.ProjectId && t.DeletedAt == null).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var doomed = new HashSet<long> { task.Id };
        for (var grew = true; grew;)
        {
            var children = projectTasks.Where(t => t.ParentId is { } p && doomed.Contains(p) && !doomed.Contains(t.Id)).ToList();
            grew = children.Count > 0;
            children.ForEach(c => doomed.Add(c.Id));
        }
        foreach (var t in projectTasks.Where(t => doomed.Contains(t.Id)))
        {
            t.DeletedAt = now;
            outbox.Record(scope.WorkspaceId, new TaskDeleted(t));
        }
        await db.SaveChangesOrConflictAsync("The task was changed by a concurrent request.", ct);
        return ApiResults.Done("Task deleted successfully");
    }

    /// <summary>
    /// POST /tasks/{taskId}/assign/{userId}: the user must be a member of the workspace (404) holding a contract on
    /// the task's project (400). Assigning an assigned user again is idempotent: 200 with the existing assignment.
    /// </summary>
    public static async Task<EnvelopeResult<TaskAssignmentResponse>> AssignAsync(
        long taskId, long userId, TaskProjectRequest? body, ProjectIdQuery query,
        WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var task = await db.FindVisibleTaskAsync(scope, taskId, query.ProjectId ?? body?.ProjectId, ct);
        await db.Entry(task).Collection(t => t.Assignees).LoadAsync(ct);
        var existing = task.Assignees.FirstOrDefault(a => a.UserId == userId);
        if (existing is not null)
            return ApiResults.Ok(new TaskAssignmentResponse(existing.Id, task.Id, userId), "Task assigned successfully");

        if (!await db.Members.AnyAsync(m => m.WorkspaceId == scope.WorkspaceId && m.UserId == userId && m.DeletedAt == null, ct))
            throw ApiException.NotFound("Member");
        if ((await EligibleAssigneesAsync(db, scope, task.ProjectId, [userId], ct)).Count == 0)
            throw ApiException.BadRequest("The user has no contract on this task's project.");

        var now = clock.GetUtcNow().UtcDateTime;
        var assignment = new TaskAssignee { TaskId = task.Id, UserId = userId, CreatedAt = now };
        task.Assignees.Add(assignment);
        outbox.Record(scope.WorkspaceId, new TaskUpdated(task));
        await db.SaveChangesOrConflictAsync("The user was assigned by a concurrent request.", ct);
        return ApiResults.Ok(new TaskAssignmentResponse(assignment.Id, task.Id, userId), "Task assigned successfully");
    }

    /// <summary>DELETE /tasks/{taskId}/unassign/{userId}: 404 when the user is not assigned.</summary>
    public static async Task<EnvelopeResult<object?>> UnassignAsync(
        long taskId, long userId, [FromBody] TaskProjectRequest? body, ProjectIdQuery query,
        WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var task = await db.FindVisibleTaskAsync(scope, taskId, query.ProjectId ?? body?.ProjectId, ct);
        await db.Entry(task).Collection(t => t.Assignees).LoadAsync(ct);
        var assignment = task.Assignees.FirstOrDefault(a => a.UserId == userId) ?? throw ApiException.NotFound("Task assignee");
        task.Assignees.Remove(assignment);
        outbox.Record(scope.WorkspaceId, new TaskUpdated(task));
        await db.SaveChangesOrConflictAsync("The task was changed by a concurrent request.", ct);
        return ApiResults.Done("Task unassigned successfully");
    }

    /// <summary>Those of <paramref name="userIds"/> who are live members of the workspace with a live contract on the project.</summary>
    internal static async Task<List<long>> EligibleAssigneesAsync(
        TrackerDbContext db, WorkspaceScope scope, long projectId, List<long> userIds, CancellationToken ct) =>
        userIds.Count == 0 ? [] : await db.Members
            .Where(m => m.WorkspaceId == scope.WorkspaceId && m.DeletedAt == null && userIds.Contains(m.UserId)
                        && db.Contracts.Any(c => c.ProjectId == projectId && c.UserId == m.UserId && c.DeletedAt == null))
            .Select(m => m.UserId).ToListAsync(ct);
}
