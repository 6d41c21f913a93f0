using System.Linq.Expressions;
using Tracker.Api.Domain;

namespace Tracker.Api.Features.Tasks;

public sealed record TaskAssigneeResponse(long Id, string? Firstname, string? Lastname, string Email);

/// <summary>The result of assigning: the assignment record.</summary>
public sealed record TaskAssignmentResponse(long Id, long TaskId, long UserId);

/// <summary>
/// The contract's Task. <c>owner_id</c> is the workspace owner. <c>has_details</c> is true when the task has a
/// description (the only detail this server keeps).
/// </summary>
public sealed record TaskResponse(
    long Id, string Title, string? Description, long ProjectId, long OwnerId, long CreatorId, long? ParentId, int Status,
    int? Priority, DateOnly? StartDate, DateOnly? EndDate, DateTime? CompletedAt, List<TaskAssigneeResponse> Assignees,
    bool HasDetails, DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt)
{
    public string? StatusName => TaskStatuses.Name(Status);
    public string? PriorityName => TaskPriorities.Name(Priority);

    public static Expression<Func<ProjectTask, TaskResponse>> Projection(long ownerId) => t => new TaskResponse(
        t.Id, t.Title, t.Description, t.ProjectId, ownerId, t.CreatorId, t.ParentId, t.Status, t.Priority, t.StartDate,
        t.EndDate, t.CompletedAt,
        t.Assignees.OrderBy(a => a.UserId).Select(a => new TaskAssigneeResponse(a.UserId, a.User.FirstName, a.User.LastName, a.User.Email)).ToList(),
        t.Description != null && t.Description != "", t.CreatedAt, t.UpdatedAt, t.DeletedAt);
}
