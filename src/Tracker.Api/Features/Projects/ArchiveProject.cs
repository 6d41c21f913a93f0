using Tracker.Api.Domain.Events;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Projects;

/// <summary>
/// DELETE /projects/{projectId}: archives the project (soft delete, status 0). In the same change its live tasks and
/// contracts are soft-deleted with the same timestamp (nobody can track on it any more) and viewer access to it is
/// removed, so nothing live points at an archived project. Time entries keep their project for history and reports.
/// </summary>
public static class ArchiveProject
{
    public static async Task<EnvelopeResult<object?>> HandleAsync(
        long projectId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var project = await db.FindVisibleProjectAsync(scope, projectId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        project.DeletedAt = now;
        project.Status = 0;
        foreach (var task in await db.Tasks.Where(t => t.ProjectId == project.Id && t.DeletedAt == null).ToListAsync(ct))
        {
            task.DeletedAt = now;
        }
        foreach (var contract in await db.Contracts.Where(c => c.ProjectId == project.Id && c.DeletedAt == null).ToListAsync(ct))
        {
            contract.DeletedAt = now;
        }
        db.ProjectViewerAssignments.RemoveRange(await db.ProjectViewerAssignments.Where(a => a.ProjectId == project.Id).ToListAsync(ct));
        outbox.Record(scope.WorkspaceId, new ProjectDeleted(project));
        await db.SaveChangesOrConflictAsync("The project was changed by a concurrent request.", ct);
        return ApiResults.Done("Project deleted successfully");
    }
}
