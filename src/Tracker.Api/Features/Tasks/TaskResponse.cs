using System.Linq.Expressions;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Tenancy;

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
    public string? StatusColor => TaskStatuses.Color(Status);
    public string? PriorityName => TaskPriorities.Name(Priority);

    /// <summary>Assignees are shown as the scope's workspace may show its members (<see cref="MemberProfile"/>).</summary>
    public static Expression<Func<ProjectTask, TaskResponse>> Projection(TrackerDbContext db, WorkspaceScope scope)
    {
        var ownerId = scope.OwnerId;
        // Filtered by the workspace id itself, not the outer task's column: a correlated join would need APPLY, which
        // SQLite lacks, and this keeps the joined set to the workspace's own members.
        var profiles = db.Members.Where(m => m.WorkspaceId == scope.WorkspaceId).Select(MemberProfile.Of);
        return t => new TaskResponse(
            t.Id, t.Title, t.Description, t.ProjectId, ownerId, t.CreatorId, t.ParentId, t.Status, t.Priority, t.StartDate,
            t.EndDate, t.CompletedAt,
            (from a in t.Assignees
             join p in profiles on a.UserId equals p.Member.UserId
             orderby a.UserId
             select new TaskAssigneeResponse(a.UserId, p.FirstName, p.LastName, p.Email)).ToList(),
            t.Description != null && t.Description != "", t.CreatedAt, t.UpdatedAt, t.DeletedAt);
    }
}
