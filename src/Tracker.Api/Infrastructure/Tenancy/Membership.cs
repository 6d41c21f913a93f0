using System.Linq.Expressions;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Tenancy;

/// <summary>A caller's standing in one workspace, as the tenancy check needs it.</summary>
public sealed record Membership(long WorkspaceId, string Role, int RateStatus, long OwnerId)
{
    /// <summary>
    /// A membership grants access when its own row is active and not blocked (<see cref="Active"/>) and its workspace is
    /// live and unblocked (<see cref="Live"/>). Queries test the workspace with a subquery on its id, not the
    /// <c>Workspace</c> navigation: the token lookup loads memberships as the right side of a LEFT JOIN, and a join
    /// there makes SQLite materialize every member of every workspace on each request (decisions.md, "Token lookup").
    /// </summary>
    public static readonly Expression<Func<Member, bool>> Active = m =>
        m.DeletedAt == null && m.Status == MemberStatuses.Active && !m.IsBlocked;

    public static readonly Expression<Func<Workspace, bool>> Live = w => !w.IsBlocked && w.DeletedAt == null;
}

/// <summary>
/// Every membership of the caller, loaded by the authentication handler in the same query as the token (a personal
/// access token's lookup already touches the database). <see cref="WorkspaceScope"/> reads it instead of asking again.
/// </summary>
public sealed record PreloadedMemberships(IReadOnlyList<Membership> All)
{
    public Membership? For(long workspaceId) => All.FirstOrDefault(m => m.WorkspaceId == workspaceId);
}
