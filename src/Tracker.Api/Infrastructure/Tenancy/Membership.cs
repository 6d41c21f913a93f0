using System.Linq.Expressions;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Tenancy;

/// <summary>A caller's standing in one workspace, as the tenancy check needs it.</summary>
public sealed record Membership(long WorkspaceId, string Role, int RateStatus, long OwnerId)
{
    /// <summary>Memberships that grant access: active, not blocked, in a live and unblocked workspace.</summary>
    public static readonly Expression<Func<Member, bool>> Grants = m =>
        m.DeletedAt == null && m.Status == MemberStatuses.Active && !m.IsBlocked && !m.Workspace.IsBlocked && m.Workspace.DeletedAt == null;

    public static readonly Expression<Func<Member, Membership>> FromMember = m =>
        new Membership(m.WorkspaceId, m.Role, m.RateStatus, m.Workspace.OwnerId);
}

/// <summary>
/// Every membership of the caller, loaded by the authentication handler in the same query as the token (a personal
/// access token's lookup already touches the database). <see cref="WorkspaceScope"/> reads it instead of asking again.
/// </summary>
public sealed record PreloadedMemberships(IReadOnlyList<Membership> All)
{
    public Membership? For(long workspaceId) => All.FirstOrDefault(m => m.WorkspaceId == workspaceId);
}
