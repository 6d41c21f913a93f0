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
        var profiles = db.Members.Where(m => m.WorkspaceId == scope.WorkspaceId).Select(MemberProfile.Of);
        // Each name is a scalar sub-query on the assignment's own row, not a join: the assignments then come from one
        // table, which SQLite merges into the page's query and reads by task id. Joined to the workspace's members
        // (a correlated join would need APPLY, which SQLite lacks) they were read whole for every page: the tasks
        // list ran at 8% of its baseline on SQLite (bench, issue 20).
        return t => new TaskResponse(
            t.Id, t.Title, t.Description, t.ProjectId, ownerId, t.CreatorId, t.ParentId, t.Status, t.Priority, t.StartDate,
            t.EndDate, t.CompletedAt,
            t.Assignees.Where(a => profiles.Any(p => p.Member.UserId == a.UserId)).OrderBy(a => a.UserId)
                .Select(a => new TaskAssigneeResponse(a.UserId,
                    profiles.Where(p => p.Member.UserId == a.UserId).Select(p => p.FirstName).FirstOrDefault(),
                    profiles.Where(p => p.Member.UserId == a.UserId).Select(p => p.LastName).FirstOrDefault(),
                    profiles.Where(p => p.Member.UserId == a.UserId).Select(p => p.Email).FirstOrDefault()!))
                .ToList(),
            t.Description != null && t.Description != "", t.CreatedAt, t.UpdatedAt, t.DeletedAt);
    }
}
