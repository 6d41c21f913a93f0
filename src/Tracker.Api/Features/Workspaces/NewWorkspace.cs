using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Features.Workspaces;

/// <summary>A workspace made outside the API (sign-up page, CLI): the workspace row and its Owner's membership.</summary>
public static class NewWorkspace
{
    public const int MaxNameLength = 200;

    /// <summary>Adds the workspace; the caller saves (within its transaction) to learn its id.</summary>
    public static Workspace Add(TrackerDbContext db, string name, long ownerId, DateTime now)
    {
        var workspace = new Workspace { Name = name.Trim(), OwnerId = ownerId, CreatedAt = now, ActivatedAt = now };
        db.Workspaces.Add(workspace);
        return workspace;
    }

    /// <summary>The Owner's membership, active at once: for an account whose password was just proven or set.</summary>
    public static void AddActiveOwner(TrackerDbContext db, long workspaceId, long userId, DateTime now) => db.Members.Add(new Member
    {
        WorkspaceId = workspaceId, UserId = userId, Role = Roles.Owner, Status = MemberStatuses.Active, RateStatus = 1,
        CreatedAt = now, UpdatedAt = now,
    });
}
