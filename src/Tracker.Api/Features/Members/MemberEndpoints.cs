using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Members;

public static class MemberEndpoints
{
    public static RouteGroupBuilder MapMembers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/members").WithTags("Members");
        group.MapGet("/", ListMembers.HandleAsync).WithName("getMembers").WithSummary("Get All Workspace Members").ReadsFromReplica();
        group.MapPost("/", InviteMember.HandleAsync).WithName("inviteMember").WithSummary("Invite New Member")
            .RequireAdminScope().RequireWorkspaceRole(Roles.Admins);
        group.MapGet("/{memberId:long}", GetAsync).WithName("getMember").WithSummary("Get Single Member");
        group.MapPut("/{memberId:long}", UpdateMember.HandleAsync).WithName("updateMember").WithSummary("Update Member")
            .RequireAdminScope().RequireWorkspaceRole(Roles.Admins);
        group.MapDelete("/{memberId:long}", ArchiveMember.HandleAsync).WithName("deleteMember").WithSummary("Delete (Archive) Member")
            .RequireAdminScope().RequireWorkspaceRole(Roles.Admins);
        return api;
    }

    /// <summary>Members the caller may see: managers see everyone, regular users and viewers only themselves.</summary>
    internal static IQueryable<Member> Visible(this IQueryable<Member> members, WorkspaceScope scope)
    {
        var inWorkspace = members.Where(m => m.WorkspaceId == scope.WorkspaceId);
        return OnlyMemberVisibleTo(scope) is { } userId ? inWorkspace.Where(m => m.UserId == userId) : inWorkspace;
    }

    /// <summary>The one member a regular user or viewer may see (themselves); null when the caller sees everyone.</summary>
    internal static long? OnlyMemberVisibleTo(WorkspaceScope scope) =>
        scope.Role is Roles.RegularUser or Roles.ProjectViewer ? scope.UserId : null;

    private static async Task<EnvelopeResult<MemberResponse>> GetAsync(long memberId, WorkspaceScope scope, TrackerDbContext db, CancellationToken ct)
    {
        var member = await db.Members.AsNoTracking().Visible(scope).Where(m => m.UserId == memberId)
            .Select(MemberProfile.Of).Select(MemberResponse.Projection(scope.CanSeeRates)).FirstOrDefaultAsync(ct)
            ?? throw ApiException.NotFound("Member");
        return ApiResults.Ok(member, "Member retrieved successfully");
    }

    /// <summary>Loads one member of the scope's workspace for a change; 404 when the id belongs elsewhere.</summary>
    internal static async Task<Member> FindForUpdateAsync(this TrackerDbContext db, WorkspaceScope scope, long memberId, CancellationToken ct) =>
        await db.Members.Include(m => m.User)
            .FirstOrDefaultAsync(m => m.WorkspaceId == scope.WorkspaceId && m.UserId == memberId, ct)
        ?? throw ApiException.NotFound("Member");
}
