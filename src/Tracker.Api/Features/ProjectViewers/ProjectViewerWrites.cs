using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Email;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.ProjectViewers;

public sealed record CreateProjectViewerRequest(string? Email, string? Firstname, string? Lastname);

public sealed record ViewerProjectRequest(long? ProjectId);

public static class ProjectViewerWrites
{
    /// <summary>
    /// POST /project-viewers: invites the person as a member with role "Project viewer" (status "inactive" until they
    /// accept the invitation link, like any invited member). Projects are given afterwards with assign-project.
    /// </summary>
    public static async Task<CreatedEnvelopeResult<ProjectViewerResponse>> CreateAsync(
        CreateProjectViewerRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock,
        Invitations invitations, Mailer mailer, CancellationToken ct)
    {
        var r = body ?? new CreateProjectViewerRequest(null, null, null);
        new Validator()
            .Required("email", r.Email).Email("email", r.Email).MaxLength("email", r.Email, 254)
            .Required("firstname", r.Firstname).MaxLength("firstname", r.Firstname, 100)
            .Required("lastname", r.Lastname).MaxLength("lastname", r.Lastname, 100)
            .ThrowIfInvalid();

        var now = clock.GetUtcNow().UtcDateTime;
        var (user, member, link) = await invitations.PrepareAsync(
            db, scope.WorkspaceId, r.Email!, r.Firstname!, r.Lastname!, Roles.ProjectViewer, now, ct);
        await using var transaction = await SaveForIds.BeginAsync(db, ct, "This email was invited by a concurrent request.");
        outbox.Record(scope.WorkspaceId, new MemberInvited(user.Id, user.Email, member.Role));
        await transaction.CommitAsync(ct);
        await Invitations.QueueMailAsync(db, mailer, scope.WorkspaceId, user.Email, member.Role, link, ct);
        var viewer = await ProjectViewerEndpoints.ReadAsync(db, scope, user.Id, ct);
        return ApiResults.Created(viewer with { InvitationLink = link }, "Project viewer created successfully");
    }

    /// <summary>DELETE /project-viewers/{viewerId}: archives the viewer. Their project list is kept for a restore.</summary>
    public static async Task<EnvelopeResult<object?>> ArchiveAsync(
        long viewerId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var member = await db.Viewers(scope).Include(m => m.User).FirstOrDefaultAsync(m => m.UserId == viewerId && m.DeletedAt == null, ct)
            ?? throw ApiException.NotFound("Project viewer");
        member.Archive(clock.GetUtcNow().UtcDateTime);
        outbox.Record(scope.WorkspaceId, new MemberArchived(member.UserId));
        outbox.Record(scope.WorkspaceId, new MemberDeleted(member.UserId, member.User.Email));
        await db.SaveChangesOrConflictAsync("The project viewer was changed by a concurrent request.", ct);
        return ApiResults.Done("Project viewer deleted successfully");
    }

    /// <summary>
    /// POST /project-viewers/{viewerId}/restore: 404 unless the viewer is archived. Someone who had accepted this
    /// workspace's invitation comes back "active"; someone who never did gets a fresh invitation (status "inactive",
    /// link in the answer), whatever they did in other workspaces.
    /// </summary>
    public static async Task<EnvelopeResult<ProjectViewerResponse>> RestoreAsync(
        long viewerId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, Invitations invitations,
        Mailer mailer, CancellationToken ct)
    {
        var member = await db.Viewers(scope).Include(m => m.User).FirstOrDefaultAsync(m => m.UserId == viewerId && m.DeletedAt != null, ct)
            ?? throw ApiException.NotFound("Archived project viewer");
        var now = clock.GetUtcNow().UtcDateTime;
        string? link = null;
        if (member.AwaitsAcceptance)
        {
            link = invitations.Issue(member, member.InvitedFirstName!, member.InvitedLastName!, now);
            outbox.Record(scope.WorkspaceId, new MemberInvited(member.UserId, member.User.Email, member.Role));
        }
        else
        {
            member.DeletedAt = null;
            member.Status = MemberStatuses.Active;
            outbox.Record(scope.WorkspaceId, new MemberActivated(member.UserId));
        }
        await db.SaveChangesOrConflictAsync("The project viewer was changed by a concurrent request.", ct);
        if (link is not null) await Invitations.QueueMailAsync(db, mailer, scope.WorkspaceId, member.User.Email, member.Role, link, ct);
        var viewer = await ProjectViewerEndpoints.ReadAsync(db, scope, viewerId, ct);
        return ApiResults.Ok(link is null ? viewer : viewer with { InvitationLink = link },
            "Project viewer restored successfully");
    }

    /// <summary>POST /project-viewers/{viewerId}/assign-project: idempotent; answers the viewer with their projects.</summary>
    public static async Task<EnvelopeResult<ProjectViewerResponse>> AssignProjectAsync(
        long viewerId, ViewerProjectRequest? body, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var projectId = RequireProjectId(body?.ProjectId);
        await RequireLiveViewerAsync(db, scope, viewerId, ct);
        var project = await db.FindVisibleProjectAsync(scope, projectId, ct);
        if (!await db.ProjectViewerAssignments.AnyAsync(a => a.ProjectId == project.Id && a.UserId == viewerId, ct))
        {
            db.ProjectViewerAssignments.Add(new ProjectViewerAssignment
            {
                WorkspaceId = scope.WorkspaceId, ProjectId = project.Id, UserId = viewerId, CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesOrConflictAsync("The project was assigned by a concurrent request.", ct);
        }
        return ApiResults.Ok(await ProjectViewerEndpoints.ReadAsync(db, scope, viewerId, ct), "Project assigned to viewer successfully");
    }

    /// <summary>DELETE /project-viewers/{viewerId}/unassign-project: <c>project_id</c> in the JSON body (or the query); 404 when not assigned.</summary>
    public static async Task<EnvelopeResult<ProjectViewerResponse>> UnassignProjectAsync(
        long viewerId, [FromBody] ViewerProjectRequest? body, ProjectIdQuery query,
        WorkspaceScope scope, TrackerDbContext db, CancellationToken ct)
    {
        var projectId = RequireProjectId(body?.ProjectId ?? query.ProjectId);
        await RequireLiveViewerAsync(db, scope, viewerId, ct);
        var assignment = await db.ProjectViewerAssignments
            .FirstOrDefaultAsync(a => a.WorkspaceId == scope.WorkspaceId && a.ProjectId == projectId && a.UserId == viewerId, ct)
            ?? throw ApiException.NotFound("Project assignment");
        db.ProjectViewerAssignments.Remove(assignment);
        await db.SaveChangesOrConflictAsync("The project was unassigned by a concurrent request.", ct);
        return ApiResults.Ok(await ProjectViewerEndpoints.ReadAsync(db, scope, viewerId, ct), "Project unassigned from viewer successfully");
    }

    private static long RequireProjectId(long? projectId)
    {
        var v = new Validator().Required("project_id", projectId);
        v.ThrowIfInvalid();
        return projectId!.Value;
    }

    private static async Task RequireLiveViewerAsync(TrackerDbContext db, WorkspaceScope scope, long viewerId, CancellationToken ct)
    {
        if (!await db.Viewers(scope).AnyAsync(m => m.UserId == viewerId && m.DeletedAt == null, ct))
            throw ApiException.NotFound("Project viewer");
    }
}
