using System.Linq.Expressions;

namespace Tracker.Api.Domain;

/// <summary>
/// What a workspace may show of one of its members. The account (names, time zone, avatar) is shared by every
/// workspace its person belongs to, so until they accept this workspace's invitation it knows only what its inviter
/// sent: the email and the invited names (<see cref="Member.InvitedFirstName"/>). Time zone and avatar are null
/// meanwhile, and the member's days are cut in the workspace's system zone, else UTC (<see cref="MemberZone.For"/>).
/// Every workspace-scoped answer reads a member's names and zone through here, never from <see cref="User"/>.
/// </summary>
public sealed class MemberProfile
{
    /// <summary>The membership, for its workspace-level columns (role, rate, the workspace's zone).</summary>
    public required Member Member { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string Email { get; init; }
    public string? Timezone { get; init; }
    public string? Avatar { get; init; }

    /// <summary>
    /// The rule, as a projection EF translates. A member initializer (not a constructor) so that a later Select reads
    /// only the columns it uses.
    /// </summary>
    public static readonly Expression<Func<Member, MemberProfile>> Of = m => new MemberProfile
    {
        Member = m,
        FirstName = m.InvitedFirstName ?? m.User.FirstName,
        LastName = m.InvitedLastName ?? m.User.LastName,
        Email = m.User.Email,
        Timezone = m.InvitedFirstName != null ? null : m.User.Timezone,
        Avatar = m.InvitedFirstName != null ? null : m.User.Avatar,
    };
}

/// <summary>A workspace row that belongs to one of its members (a contract, an expense, a timesheet).</summary>
public interface IMemberOwned
{
    long WorkspaceId { get; }
    long UserId { get; }
}

public static class MemberProfiles
{
    /// <summary>
    /// Each row with its member's <see cref="MemberProfile"/>: one inner join on the unique (WorkspaceId, UserId) index
    /// of Members. Every such row has its membership: memberships are archived, never deleted.
    /// </summary>
    public static IQueryable<TResult> WithProfile<T, TResult>(this IQueryable<T> rows, IQueryable<Member> members,
        Expression<Func<T, MemberProfile, TResult>> result) where T : class, IMemberOwned =>
        rows.Join(members.Select(MemberProfile.Of), r => new { r.WorkspaceId, r.UserId },
            p => new { p.Member.WorkspaceId, p.Member.UserId }, result);
}
