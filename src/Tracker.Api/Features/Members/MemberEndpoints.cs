using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Members;

public static class MemberEndpoints
{
    public static RouteGroupBuilder MapMembers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/members").WithTags("Members");
        group.MapGet("/", ListAsync).WithName("getMembers").WithSummary("Get All Workspace Members");
        group.MapPost("/", InviteMember.HandleAsync).WithName("inviteMember").WithSummary("Invite New Member").RequireAdminScope();
        group.MapGet("/{memberId:long}", GetAsync).WithName("getMember").WithSummary("Get Single Member");
        group.MapPut("/{memberId:long}", UpdateMember.HandleAsync).WithName("updateMember").WithSummary("Update Member").RequireAdminScope();
        group.MapDelete("/{memberId:long}", ArchiveMember.HandleAsync).WithName("deleteMember").WithSummary("Delete (Archive) Member").RequireAdminScope();
        return api;
    }

    /// <summary>
    /// Members the caller may see: managers see everyone, regular users and viewers only themselves.
    /// Archived members (status "left") appear only when asked for with status=left.
    /// </summary>
    internal static IQueryable<Member> Visible(this IQueryable<Member> members, WorkspaceScope scope)
    {
        var inWorkspace = members.Where(m => m.WorkspaceId == scope.WorkspaceId);
        return scope.Role is Roles.RegularUser or Roles.ProjectViewer
            ? inWorkspace.Where(m => m.UserId == scope.UserId)
            : inWorkspace;
    }

    private static async Task<EnvelopeResult<IReadOnlyList<MemberResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, string? email, string? status, string? role, CancellationToken ct)
    {
        var v = new Validator().OneOf("status", status, MemberStatuses.All).OneOf("role", role, Roles.All);
        v.ThrowIfInvalid();
        var query = db.Members.AsNoTracking().Visible(scope);
        if (!string.IsNullOrWhiteSpace(email)) query = query.Where(m => m.User.NormalizedEmail == email.Trim().ToLowerInvariant());
        var canonicalStatus = Roles.Canonical(status, MemberStatuses.All);
        query = canonicalStatus is null ? query.Where(m => m.DeletedAt == null) : query.Where(m => m.Status == canonicalStatus);
        if (Roles.Canonical(role, Roles.All) is { } r) query = query.Where(m => m.Role == r);
        var page = await query.OrderBy(m => m.UserId).Select(MemberResponse.Projection(scope.CanSeeRates)).ToPageAsync(paging, ct);
        return ApiResults.Page(page);
    }

    private static async Task<EnvelopeResult<MemberResponse>> GetAsync(long memberId, WorkspaceScope scope, TrackerDbContext db, CancellationToken ct)
    {
        var member = await db.Members.AsNoTracking().Visible(scope).Where(m => m.UserId == memberId)
            .Select(MemberResponse.Projection(scope.CanSeeRates)).FirstOrDefaultAsync(ct)
            ?? throw ApiException.NotFound("Member");
        return ApiResults.Ok(member, "Member retrieved successfully");
    }

    /// <summary>Loads one member of the scope's workspace for a change; 404 when the id belongs elsewhere.</summary>
    internal static async Task<Member> FindForUpdateAsync(this TrackerDbContext db, WorkspaceScope scope, long memberId, CancellationToken ct) =>
        await db.Members.Include(m => m.User)
            .FirstOrDefaultAsync(m => m.WorkspaceId == scope.WorkspaceId && m.UserId == memberId, ct)
        ?? throw ApiException.NotFound("Member");
}
