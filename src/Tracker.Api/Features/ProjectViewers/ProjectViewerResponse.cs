using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Features.ProjectViewers;

public sealed record ViewerProjectResponse(long ProjectId, string ProjectName);

/// <summary>
/// The contract's ProjectViewer (<c>id</c> is the user id). <c>invitation_link</c> is added only when an invitation
/// was just issued (create, or restore of someone who never accepted): this server sends no email. <c>updated_at</c>
/// and <c>deleted_at</c> (set while archived) are additions for sync.
/// </summary>
public sealed record ProjectViewerResponse(
    long Id, string Email, string Firstname, string Lastname, string Status, DateTime MemberSince,
    List<ViewerProjectResponse> Projects, DateTime UpdatedAt, DateTime? DeletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InvitationLink = null)
{
    /// <summary>Over <see cref="MemberProfile.Of"/>: until accepted, the names the inviter sent, never the account's.</summary>
    public static Expression<Func<MemberProfile, ProjectViewerResponse>> Projection(TrackerDbContext db) => p => new ProjectViewerResponse(
        p.Member.UserId, p.Email, p.FirstName, p.LastName, p.Member.Status, p.Member.CreatedAt,
        db.ProjectViewerAssignments
            .Where(a => a.WorkspaceId == p.Member.WorkspaceId && a.UserId == p.Member.UserId && a.Project.DeletedAt == null)
            .OrderBy(a => a.ProjectId).Select(a => new ViewerProjectResponse(a.ProjectId, a.Project.Name)).ToList(),
        p.Member.UpdatedAt, p.Member.DeletedAt, null);
}
