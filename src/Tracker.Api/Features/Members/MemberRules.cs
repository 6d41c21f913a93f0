using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Members;

/// <summary>
/// Who may change what of a membership and of the account behind it (issue 14). The Owner stands above the
/// Executive managers: only the Owner hands out or takes away their role, rate visibility and their account fields.
/// The account (email, names, time zone, avatar) is shared by every workspace its person belongs to, so a workspace
/// may change it only while it has the account to itself; the person may always change their own.
/// </summary>
public static class MemberRules
{
    /// <summary>Inviting or promoting someone to <paramref name="role"/>.</summary>
    public static void RequireMayGrantRole(WorkspaceScope scope, string role)
    {
        if (role == Roles.ExecutiveManager && scope.Role != Roles.Owner)
            throw ApiException.Forbidden("Only the workspace owner can make someone an Executive manager.");
    }

    public static void RequireMayChangeRole(WorkspaceScope scope, Member member, string role)
    {
        if (member.Role == Roles.Owner) throw ApiException.BadRequest("The workspace owner's role cannot be changed.");
        if (role == member.Role) return;
        RequireMayGrantRole(scope, role);
        if (member.Role == Roles.ExecutiveManager && member.UserId != scope.UserId && scope.Role != Roles.Owner)
            throw ApiException.Forbidden("Only the workspace owner can change an Executive manager's role.");
    }

    /// <summary>Archiving takes the role away too: an Executive manager's is the Owner's to take.</summary>
    public static void RequireMayArchive(WorkspaceScope scope, Member member)
    {
        if (member.Role == Roles.Owner) throw ApiException.BadRequest("The workspace owner cannot be archived.");
        if (member.UserId == scope.UserId) throw ApiException.BadRequest("You cannot archive yourself.");
        if (member.Role == Roles.ExecutiveManager && scope.Role != Roles.Owner)
            throw ApiException.Forbidden("Only the workspace owner can archive an Executive manager.");
    }

    /// <summary>Rate visibility shows every rate and amount of the workspace: the Owner's to give, to anyone including an executive.</summary>
    public static void RequireMayChangeRateStatus(WorkspaceScope scope, Member member, int rateStatus)
    {
        if (rateStatus != member.RateStatus && scope.Role != Roles.Owner)
            throw ApiException.Forbidden("Only the workspace owner can change who sees rates.");
    }

    /// <summary>
    /// Changing the account's email, names, time zone or avatar. Any membership in another workspace (active,
    /// invited or archived) makes the account shared; archived counts because that workspace keeps its history
    /// under the account's name and may restore it.
    /// </summary>
    public static async Task RequireMayChangeAccountAsync(WorkspaceScope scope, Member member, TrackerDbContext db, CancellationToken ct)
    {
        if (member.UserId == scope.UserId) return;
        if (member.Role is Roles.Owner or Roles.ExecutiveManager && scope.Role != Roles.Owner)
            throw ApiException.Forbidden("Only the workspace owner can change an Executive manager's or the owner's name, email or time zone.");
        if (await db.Members.AnyAsync(m => m.UserId == member.UserId && m.WorkspaceId != scope.WorkspaceId, ct))
            throw ApiException.Forbidden("This account also belongs to another workspace; only the person can change their name, email or time zone.");
    }
}
