using System.Linq.Expressions;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Tenancy;

/// <summary>A caller's standing in one workspace, as the tenancy check needs it.</summary>
public sealed record Membership(long WorkspaceId, string Role, int RateStatus, long OwnerId)
{
    /// <summary>
    /// A membership grants access when its own row is active and not blocked and its workspace is live and unblocked.
    /// The workspace is tested with a subquery on its id, not the <c>Workspace</c> navigation: the token lookup loads
    /// memberships as the right side of a LEFT JOIN, and a join there makes SQLite materialize every member of every
    /// workspace on each request (decisions.md, "Token lookup"). Rules for <see cref="QueryRules.Inline{T}"/>.
    /// </summary>
    public static readonly Expression<Func<TrackerDbContext, Member, bool>> Grants = (db, m) =>
        m.DeletedAt == null && m.Status == MemberStatuses.Active && !m.IsBlocked
        && db.Workspaces.Any(w => w.Id == m.WorkspaceId && !w.IsBlocked && w.DeletedAt == null);

    public static readonly Expression<Func<TrackerDbContext, Member, Membership>> Of = (db, m) =>
        new Membership(m.WorkspaceId, m.Role, m.RateStatus, db.Workspaces.Where(w => w.Id == m.WorkspaceId).Select(w => w.OwnerId).First());
}

/// <summary>
/// Every membership of the caller, loaded by the authentication handler in the same query as the token (a personal
/// access token's lookup already touches the database). <see cref="WorkspaceScope"/> reads it instead of asking again.
/// </summary>
public sealed record PreloadedMemberships(IReadOnlyList<Membership> All)
{
    public Membership? For(long workspaceId) => All.FirstOrDefault(m => m.WorkspaceId == workspaceId);
}
