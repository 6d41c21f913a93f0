using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.Tenancy;

/// <summary>
/// Resolve, then validate: every id in an API route's path must name a record of the caller's workspace, checked
/// during authorization, before the body binds. An id of another workspace answers 404 whatever the body holds; the
/// handler's own lookup still decides visibility (another member's record, archived rows) afterwards.
/// </summary>
public static class PathRecords
{
    private delegate Task<bool> Exists(TrackerDbContext db, long workspaceId, string id, CancellationToken ct);

    private sealed record Kind(string Name, Exists Exists);

    /// <summary>Route parameter name → the record it names. A path id missing here fails at startup.</summary>
    private static readonly Dictionary<string, Kind> ByParameter = new()
    {
        ["memberId"] = new("Member", ByUserId),
        ["userId"] = new("Member", ByUserId),
        ["viewerId"] = new("Project viewer", ByUserId),
        ["projectId"] = new("Project", Long((db, ws, id, ct) => db.Projects.AnyAsync(p => p.WorkspaceId == ws && p.Id == id, ct))),
        ["contractId"] = new("Contract", Long((db, ws, id, ct) => db.Contracts.AnyAsync(c => c.WorkspaceId == ws && c.Id == id, ct))),
        ["taskId"] = new("Task", Long((db, ws, id, ct) => db.Tasks.AnyAsync(t => t.WorkspaceId == ws && t.Id == id, ct))),
        ["time_entry_id"] = new("Time entry", (db, ws, id, ct) => db.TimeEntries.AnyAsync(e => e.WorkspaceId == ws && e.Id == id, ct)),
        ["timesheetId"] = new("Timesheet", (db, ws, id, ct) => db.Timesheets.AnyAsync(t => t.WorkspaceId == ws && t.Id == id, ct)),
        ["timeRequestId"] = new("Time request", TimeRequest),
        ["id"] = new("Time request", TimeRequest),
        ["leaveId"] = new("Leave request", (db, ws, id, ct) => db.LeaveRequests.AnyAsync(l => l.WorkspaceId == ws && l.Id == id, ct)),
        ["expenseId"] = new("Expense", (db, ws, id, ct) => db.Expenses.AnyAsync(e => e.WorkspaceId == ws && e.Id == id, ct)),
        ["webhookId"] = new("Webhook", (db, ws, id, ct) => db.Webhooks.AnyAsync(w => w.WorkspaceId == ws && w.Id == id, ct)),
        ["deliveryId"] = new("Delivery", (db, ws, id, ct) => db.WebhookDeliveries.AnyAsync(d => d.WorkspaceId == ws && d.Id == id, ct)),
    };

    private static Task<bool> ByUserId(TrackerDbContext db, long ws, string id, CancellationToken ct) =>
        Long((db, ws, userId, ct) => db.Members.AnyAsync(m => m.WorkspaceId == ws && m.UserId == userId, ct))(db, ws, id, ct);

    private static Task<bool> TimeRequest(TrackerDbContext db, long ws, string id, CancellationToken ct) =>
        db.TimeRequests.AnyAsync(r => r.WorkspaceId == ws && r.Id == id, ct);

    private static Exists Long(Func<TrackerDbContext, long, long, CancellationToken, Task<bool>> exists) =>
        (db, ws, id, ct) => long.TryParse(id, out var value) ? exists(db, ws, value, ct) : Task.FromResult(false);

    /// <summary>Adds the check to every endpoint of the group whose path carries ids (after the endpoint's own conventions).</summary>
    public static RouteGroupBuilder ResolvePathIdsFirst(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder { RoutePattern: var pattern } || pattern.Parameters.Count == 0) return;
            var unknown = pattern.Parameters.Select(p => p.Name).Where(n => !ByParameter.ContainsKey(n)).ToList();
            if (unknown.Count > 0)
                throw new InvalidOperationException($"{pattern.RawText}: no workspace record is known for {string.Join(", ", unknown)}.");
            endpoint.Metadata.Add(new PathRecordsRequirement(pattern));
        });
        return group;
    }

    public sealed class PathRecordsRequirement(RoutePattern pattern)
        : AuthorizationHandler<PathRecordsRequirement, HttpContext>, IAuthorizationRequirement, IAuthorizationRequirementData
    {
        public IEnumerable<IAuthorizationRequirement> GetRequirements() => [this];

        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PathRecordsRequirement requirement, HttpContext http)
        {
            if (context.User.Identity?.IsAuthenticated != true) return; // challenged (401) by the Api policy
            var scope = await WorkspaceScope.ResolveAsync(http);
            var db = http.RequestServices.GetRequiredService<TrackerDbContext>();
            foreach (var parameter in pattern.Parameters)
            {
                var kind = ByParameter[parameter.Name];
                var id = http.Request.RouteValues[parameter.Name]?.ToString() ?? "";
                if (!await kind.Exists(db, scope.WorkspaceId, id, http.RequestAborted)) throw ApiException.NotFound(kind.Name);
            }
            context.Succeed(requirement);
        }
    }
}
