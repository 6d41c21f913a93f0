using System.Text;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// One object of every kind inside a workspace, keyed by the route/body parameter names that carry its id.
/// The isolation and role matrices use it to fill any route in the route table; a route whose parameter is not
/// known here fails the matrix, so new routes cannot slip through untested.
/// </summary>
public sealed class WorkspaceObjects
{
    private static readonly Dictionary<string, string> KindByParameter = new(StringComparer.OrdinalIgnoreCase)
    {
        ["memberId"] = "member", ["userId"] = "member", ["user_id"] = "member",
        ["projectId"] = "project", ["project_id"] = "project",
        ["taskId"] = "task", ["task_id"] = "task",
        ["contractId"] = "contract", ["contract_id"] = "contract",
        ["viewerId"] = "viewer",
        ["webhookId"] = "webhook", ["deliveryId"] = "delivery",
        ["time_entry_id"] = "time_entry", ["timesheetId"] = "timesheet",
        ["timeRequestId"] = "time_request", ["id"] = "time_request",
        ["leaveId"] = "leave", ["policy_id"] = "policy",
        ["expenseId"] = "expense", ["category_id"] = "category",
    };

    public Dictionary<string, string> Ids { get; } = new();
    /// <summary>Text that appears in this workspace's objects (names, emails) and nowhere else.</summary>
    public List<string> Markers { get; } = [];

    public static string? KindOf(string parameter) => KindByParameter.GetValueOrDefault(parameter);

    public string? IdFor(string parameter) => KindOf(parameter) is { } kind ? Ids.GetValueOrDefault(kind) : null;

    public static async Task<WorkspaceObjects> CreateAsync(TrackerFactory factory, TestWorkspace ws)
    {
        var objects = new WorkspaceObjects();
        var marker = "ws" + ws.Id + "-" + Guid.NewGuid().ToString("N")[..8];
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        objects.Ids["member"] = member.Id.ToString();
        objects.Markers.AddRange([marker, member.Email]);
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var project = new Project { WorkspaceId = ws.Id, Name = "Project " + marker, CreatedAt = now, UpdatedAt = now };
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        var contract = new Contract { WorkspaceId = ws.Id, ProjectId = project.Id, UserId = member.Id, Status = "active", CreatedAt = now, UpdatedAt = now };
        var task = new ProjectTask { WorkspaceId = ws.Id, ProjectId = project.Id, Title = "Task " + marker, CreatorId = ws.Owner.Id, CreatedAt = now, UpdatedAt = now };
        db.Contracts.Add(contract);
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        objects.Ids["project"] = project.Id.ToString();
        objects.Ids["contract"] = contract.Id.ToString();
        objects.Ids["task"] = task.Id.ToString();
        await CreateThroughApiAsync(ws, objects, member, marker);
        return objects;
    }

    /// <summary>Objects whose defaults (policies, categories) the server creates: made as a client would.</summary>
    private static async Task CreateThroughApiAsync(TestWorkspace ws, WorkspaceObjects objects, TestUser member, string marker)
    {
        var owner = ws.Owner.Client;
        var policies = (await owner.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(System.Net.HttpStatusCode.OK);
        objects.Ids["policy"] = policies.Data[0].GetProperty("id").ToString();
        var leave = (await owner.ApiPostAsync($"/api/v2/leaves?{ws.Q}", new
        {
            policy_id = long.Parse(objects.Ids["policy"]), user_id = member.Id, start = "2026-01-13", end = "2026-01-13", note = marker,
        })).Expect(System.Net.HttpStatusCode.Created);
        objects.Ids["leave"] = leave.Data.GetProperty("id").GetString()!;

        var viewer = (await owner.ApiPostAsync($"/api/v2/project-viewers?{ws.Q}", new
        {
            email = $"viewer-{marker}@example.com", firstname = "View", lastname = marker,
        })).Expect(System.Net.HttpStatusCode.Created);
        objects.Ids["viewer"] = viewer.Data.GetProperty("id").ToString();

        // Time: a manual entry last Friday (its week's timesheet appears with it) and a pending time request.
        var entry = (await owner.ApiPostAsync($"/api/v2/time-entries?{ws.Q}", new
        {
            user_id = member.Id, date = "2026-01-02", start_time = "09:00", end_time = "10:00", notes = "Entry " + marker,
        })).Expect(System.Net.HttpStatusCode.Created);
        objects.Ids["time_entry"] = entry.Data.GetProperty("id").GetString()!;
        var request = (await owner.ApiPostAsync($"/api/v2/time-requests?{ws.Q}", new
        {
            user_id = member.Id, start = "2026-01-02T13:00:00Z", end = "2026-01-02T14:00:00Z", notes = "Request " + marker,
        })).Expect(System.Net.HttpStatusCode.Created);
        objects.Ids["time_request"] = request.Data.GetProperty("id").GetString()!;
        await using (var scope = ws.Factory.Scope())
            objects.Ids["timesheet"] = await ws.Factory.Db(scope).Timesheets.Where(t => t.WorkspaceId == ws.Id).Select(t => t.Id).SingleAsync();

        // A webhook, and one (failed) delivery of an event of this workspace to it.
        var webhook = (await owner.ApiPostAsync($"/api/v2/webhooks?{ws.Q}", new
        {
            url = $"http://127.0.0.1:9/{marker}", events = new[] { "member.invited" },
        })).Expect(System.Net.HttpStatusCode.OK);
        objects.Ids["webhook"] = webhook.Data.GetProperty("id").GetString()!;
        await using (var scope = ws.Factory.Scope())
        {
            var db = ws.Factory.Db(scope);
            var evt = await db.OutboxEvents.Where(e => e.WorkspaceId == ws.Id).Select(e => e.Id).FirstAsync();
            var delivery = new WebhookDelivery
            {
                Id = Guid.NewGuid().ToString("N")[..16], WebhookId = objects.Ids["webhook"], WorkspaceId = ws.Id, OutboxEventId = evt,
                EventType = "member.invited", Status = DeliveryStatuses.Failed, Attempts = 1, CreatedAt = ws.Factory.Clock.GetUtcNow().UtcDateTime,
            };
            db.Add(delivery);
            await db.SaveChangesAsync();
            objects.Ids["delivery"] = delivery.Id;
        }

        var categories = (await owner.ApiGetAsync($"/api/v2/expenses/categories?{ws.Q}")).Expect(System.Net.HttpStatusCode.OK);
        objects.Ids["category"] = categories.Data[0].GetProperty("id").GetString()!;
        var expense = (await owner.ApiPostAsync($"/api/v2/expenses?{ws.Q}", new
        {
            expense_name = "Expense " + marker, date = "2026-01-05", amount = 12.5m, category_id = objects.Ids["category"], user_id = member.Id,
        })).Expect(System.Net.HttpStatusCode.Created);
        objects.Ids["expense"] = expense.Data.GetProperty("id").GetString()!;
    }

    /// <summary>Every row of the workspace's tables (and its users), as text: equal snapshots mean nothing changed.</summary>
    public static async Task<string> SnapshotAsync(TrackerFactory factory, long workspaceId)
    {
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var text = new StringBuilder();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.FindProperty("WorkspaceId") is not null && e.GetTableName() is not null)
                     .OrderBy(e => e.GetTableName()))
        {
            if (entity.ClrType == typeof(OutboxEvent)) continue; // events are appended by legitimate own-workspace work
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{entity.GetTableName()}\" WHERE \"WorkspaceId\" = {workspaceId} ORDER BY 1";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(entity.GetTableName()).Append(':');
                for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.GetValue(i)).Append('|');
                text.AppendLine();
            }
        }
        await using (var users = connection.CreateCommand())
        {
            users.CommandText = $"SELECT u.* FROM \"Users\" u JOIN \"Members\" m ON m.\"UserId\" = u.\"Id\" WHERE m.\"WorkspaceId\" = {workspaceId} ORDER BY 1";
            await using var reader = await users.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.GetValue(i)).Append('|');
        }
        return text.ToString();
    }
}
