using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Tasks;

public sealed record CreateTaskRequest(
    long? ProjectId, string? Title, string? Description, int? Status, int? Priority, string? StartDate, string? EndDate,
    List<long>? Assignees, long? ParentId);

/// <summary><c>project_id</c> names the task's project (a task is never moved); omitted fields stay as they are.</summary>
public sealed record UpdateTaskRequest(
    long? ProjectId, string? Title, string? Description, int? Status, int? Priority, string? StartDate, string? EndDate, long? ParentId);

/// <summary>
/// POST /tasks and PUT /tasks/{taskId}: Owners, Executive managers, Project managers and Team managers, on projects
/// they can see. Only the four base status codes are accepted; <c>completed_at</c> is set when a task reaches Done or
/// Closed and cleared when it is reopened.
/// </summary>
public static class SaveTask
{
    public static async Task<CreatedEnvelopeResult<TaskResponse>> CreateAsync(
        CreateTaskRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var r = body ?? new CreateTaskRequest(null, null, null, null, null, null, null, null, null);
        var v = new Validator().Required("project_id", r.ProjectId).Required("title", r.Title);
        var (start, end) = Validate(v, r.Title, r.Description, r.Status, r.Priority, r.StartDate, r.EndDate, null);
        v.ThrowIfInvalid();

        var project = await db.FindVisibleProjectAsync(scope, r.ProjectId!.Value, ct);
        if (r.ParentId is not null) await RequireParentAsync(db, project.Id, r.ParentId.Value, null, ct);
        var assignees = (r.Assignees ?? []).Distinct().ToList();
        var eligible = await TaskActions.EligibleAssigneesAsync(db, scope, project.Id, assignees, ct);
        if (assignees.Except(eligible).ToList() is { Count: > 0 } refused)
            throw ApiException.Invalid("assignees", $"These users are not members with a contract on the project: {string.Join(", ", refused)}.");

        var now = clock.GetUtcNow().UtcDateTime;
        var task = new ProjectTask
        {
            WorkspaceId = scope.WorkspaceId, ProjectId = project.Id, ParentId = r.ParentId, Title = r.Title!.Trim(),
            Description = r.Description, CreatorId = scope.UserId, Status = r.Status ?? TaskStatuses.Open, Priority = r.Priority,
            StartDate = start, EndDate = end, CreatedAt = now,
        };
        if (TaskStatuses.IsFinished(task.Status)) task.CompletedAt = now;
        task.Assignees.AddRange(assignees.Select(id => new TaskAssignee { UserId = id, CreatedAt = now }));
        db.Tasks.Add(task);

        await using var transaction = await SaveForIds.BeginAsync(db, ct); // the event needs the id
        outbox.Record(scope.WorkspaceId, new TaskCreated(task));
        await transaction.CommitAsync(ct);
        return ApiResults.Created(await TaskEndpoints.ReadAsync(db, scope, task.Id, null, ct), "Task created successfully");
    }

    public static async Task<EnvelopeResult<TaskResponse>> UpdateAsync(
        long taskId, UpdateTaskRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock,
        CancellationToken ct)
    {
        var r = body ?? new UpdateTaskRequest(null, null, null, null, null, null, null, null);
        var task = await db.FindVisibleTaskAsync(scope, taskId, r.ProjectId, ct);
        var v = new Validator();
        if (r.Title is { } title && string.IsNullOrWhiteSpace(title)) v.Add("title", "The title field must not be empty.");
        var (start, end) = Validate(v, r.Title, r.Description, r.Status, r.Priority, r.StartDate, r.EndDate, task);
        v.ThrowIfInvalid();
        if (r.ParentId is not null) await RequireParentAsync(db, task.ProjectId, r.ParentId.Value, task.Id, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        if (r.Title is not null) task.Title = r.Title.Trim();
        if (r.Description is not null) task.Description = r.Description;
        if (r.Priority is not null) task.Priority = r.Priority;
        if (start is not null) task.StartDate = start;
        if (end is not null) task.EndDate = end;
        if (r.ParentId is not null) task.ParentId = r.ParentId;
        if (r.Status is { } status && status != task.Status)
        {
            task.CompletedAt = TaskStatuses.IsFinished(status) ? task.CompletedAt ?? now : null;
            task.Status = status;
        }
        outbox.Record(scope.WorkspaceId, new TaskUpdated(task));
        await db.SaveChangesOrConflictAsync("The task was changed by a concurrent request.", ct);
        return ApiResults.Ok(await TaskEndpoints.ReadAsync(db, scope, task.Id, null, ct), "Task updated successfully");
    }

    private static (DateOnly? Start, DateOnly? End) Validate(
        Validator v, string? title, string? description, int? status, int? priority, string? startDate, string? endDate, ProjectTask? existing)
    {
        v.MaxLength("title", title, 255).MaxLength("description", description, 10000)
            .OneOf("status", status, TaskStatuses.Base).OneOf("priority", priority, TaskPriorities.All)
            .Date("start_date", startDate, out var start).Date("end_date", endDate, out var end);
        var effectiveStart = start ?? existing?.StartDate;
        var effectiveEnd = end ?? existing?.EndDate;
        if (effectiveStart is not null && effectiveEnd is not null && effectiveEnd < effectiveStart && !v.Has("end_date"))
            v.Add("end_date", "The end date field must be a date after or equal to start date.");
        return (start, end);
    }

    /// <summary>A parent must be a live task of the same project and, on update, not the task itself or one of its subtasks.</summary>
    private static async Task RequireParentAsync(TrackerDbContext db, long projectId, long parentId, long? taskId, CancellationToken ct)
    {
        var parents = await db.Tasks.AsNoTracking().Where(t => t.ProjectId == projectId && t.DeletedAt == null)
            .ToDictionaryAsync(t => t.Id, t => t.ParentId, ct);
        if (!parents.ContainsKey(parentId))
            throw ApiException.Invalid("parent_id", "The parent task must be a task of the same project.");
        for (long? id = parentId; id is not null; id = parents.GetValueOrDefault(id.Value))
            if (id == taskId) throw ApiException.Invalid("parent_id", "A task cannot be placed under itself or one of its subtasks.");
    }
}
