namespace Tracker.Api.Domain;

/// <summary>A workspace made outside the API (sign-up page, CLI): the workspace row and its Owner's membership.</summary>
public static class NewWorkspace
{
    public const int MaxNameLength = 200;

    /// <summary>The workspace row; the caller adds and saves it (within its transaction) to learn its id.</summary>
    public static Workspace Create(string name, long ownerId, DateTime now) =>
        new() { Name = name.Trim(), OwnerId = ownerId, CreatedAt = now, ActivatedAt = now };

    /// <summary>The Owner's membership, active at once: for an account whose password was just proven or set.</summary>
    public static Member ActiveOwner(long workspaceId, long userId, DateTime now) => new()
    {
        WorkspaceId = workspaceId, UserId = userId, Role = Roles.Owner, Status = MemberStatuses.Active, RateStatus = 1,
        CreatedAt = now,
    };
}
