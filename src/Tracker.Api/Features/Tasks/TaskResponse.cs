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

    private static readonly Expression<Func<TrackerDbContext, long, long, IQueryable<MemberProfile>>> Profile =
        (db, workspaceId, userId) => db.Members.Where(m => m.WorkspaceId == workspaceId && m.UserId == userId).Select(MemberProfile.Of);

    /// <summary>
    /// Task <c>t</c> as workspace <c>workspaceId</c> (owned by <c>ownerId</c>) answers it; assignees are shown as the
    /// workspace may show its members (<see cref="MemberProfile"/>). A rule for <see cref="QueryRules.Inline{T}"/>.
    /// </summary>
    /// <remarks>
    /// Each name is a scalar sub-query on the assignment's own row, not a join: the assignments then come from one
    /// table, which SQLite merges into the page's query and reads by task id. Joined to the workspace's members (a
    /// correlated join would need APPLY, which SQLite lacks) they were read whole for every page: the tasks list ran
    /// at 8% of its baseline on SQLite (bench, issue 20).
    /// </remarks>
    public static readonly Expression<Func<TrackerDbContext, ProjectTask, long, long, TaskResponse>> Projection =
        (db, t, workspaceId, ownerId) => new TaskResponse(
            t.Id, t.Title, t.Description, t.ProjectId, ownerId, t.CreatorId, t.ParentId, t.Status, t.Priority, t.StartDate,
            t.EndDate, t.CompletedAt,
            t.Assignees.Where(a => Profile.Invoke(db, workspaceId, a.UserId).Any()).OrderBy(a => a.UserId)
                .Select(a => new TaskAssigneeResponse(a.UserId,
                    Profile.Invoke(db, workspaceId, a.UserId).Select(p => p.FirstName).FirstOrDefault(),
                    Profile.Invoke(db, workspaceId, a.UserId).Select(p => p.LastName).FirstOrDefault(),
                    Profile.Invoke(db, workspaceId, a.UserId).Select(p => p.Email).FirstOrDefault()!))
                .ToList(),
            t.Description != null && t.Description != "", t.CreatedAt, t.UpdatedAt, t.DeletedAt);

}
