using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Domain;
using Tracker.Api.Features.Webhooks;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Webhooks;

/// <summary>
/// Every subscribable event comes out of some operation, and what a receiver gets in <c>data</c> keeps its exact
/// bytes: names, field order, number and date forms.
/// </summary>
public class DomainEventTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    /// <summary>What <see cref="DriveEveryOperationAsync"/> made, for building the expected payloads.</summary>
    private sealed record Run(
        TestWorkspace Ws, TestUser Member, Assignment Assignment, DateTime Monday, long InvitedId, string InvitedEmail,
        long TaskId, string ExpenseId, string CategoryId, string SheetId, string RejectedRequestId, string ApprovedLeaveId, long PolicyId,
        List<OutboxEvent> Events)
    {
        public string Payload(string type) => Assert.Single(Events, e => e.EventType == type).PayloadJson;
    }

    [Fact]
    public async Task Every_subscribable_event_is_emitted_by_an_operation_and_every_emitted_event_is_subscribable()
    {
        var run = await DriveEveryOperationAsync();
        var emitted = run.Events.Select(e => e.EventType).Distinct().Order().ToList();
        Assert.Equal(WebhookEvents.All.Order(), emitted);
    }

    [Fact]
    public async Task Payloads_keep_their_json_byte_for_byte()
    {
        var r = await DriveEveryOperationAsync();
        var (m, a, day) = (r.Member, r.Assignment, r.Monday.AddDays(2));
        var d = TimeFixtures.Day;
        Assert.Equal($$"""{"user_id":{{r.InvitedId}},"email":"{{r.InvitedEmail}}","role":"Regular User"}""", r.Payload("member.invited"));
        Assert.Equal($$"""{"user_id":{{r.InvitedId}},"role":"Team manager"}""", r.Payload("member.updated"));
        Assert.Equal($$"""{"user_id":{{r.InvitedId}}}""", r.Payload("member.archived"));
        Assert.Equal($$"""{"user_id":{{r.InvitedId}},"email":"{{r.InvitedEmail}}"}""", r.Payload("member.deleted"));
        Assert.Equal($$"""{"user_id":{{r.InvitedId}}}""", r.Payload("member.activated"));
        Assert.Equal(
            $$"""{"user_id":{{m.Id}},"user_name":"Test User","user_email":"{{m.Email}}","contract_id":{{a.ContractId}},"project_id":{{a.ProjectId}},"task_id":{{a.TaskId}},"stopped_at":"{{d(day)}}T12:30:00.000000Z","duration_minutes":30}""",
            r.Payload("tracker.stopped"));
        Assert.Equal(
            $$"""{"task_id":{{r.TaskId}},"project_id":{{a.ProjectId}},"title":"Write the brief","status":0,"priority":null,"assignees":[],"deleted_at":null}""",
            r.Payload("task.created"));
        Assert.Equal(
            $$"""{"id":"{{r.ExpenseId}}","user_id":{{m.Id}},"project_id":null,"category_id":"{{r.CategoryId}}","expense_name":"Taxi","date":"{{d(r.Monday)}}","amount":12.5,"currency":"USD","is_billable":false}""",
            r.Payload("expense.created"));
        // The amounts are read back from the database, so they carry its scale: numeric(…, 4) on PostgreSQL.
        var (days, hours) = factory.IsPostgres ? ("1.0000", "8.0000") : ("1.0", "8.0");
        Assert.Equal(
            $$"""{"id":"{{r.ApprovedLeaveId}}","user_id":{{m.Id}},"policy_id":{{r.PolicyId}},"start_date":"{{d(r.Monday.AddDays(7))}}","end_date":"{{d(r.Monday.AddDays(7))}}","approved_by":{{r.Ws.Owner.Id}},"days":{{days}},"hours":{{hours}}}""",
            r.Payload("leave.approved"));
        Assert.Equal(
            $$"""{"id":"{{r.RejectedRequestId}}","user_id":{{m.Id}},"contract_id":null,"project_id":null,"task_id":null,"start":"{{d(day)}}T09:00:00.000000Z","end":"{{d(day)}}T10:00:00.000000Z","status":"rejected","comment":"Not that day","updated_by":{{r.Ws.Owner.Id}},"time_entry_id":null}""",
            r.Payload("time_request.rejected"));
        Assert.Equal(
            $$"""{"id":"{{r.SheetId}}","user_id":{{m.Id}},"date_from":"{{d(r.Monday)}}","date_to":"{{d(r.Monday.AddDays(6))}}","status":"rejected","reject_reason":"Fix Monday","updated_by":{{r.Ws.Owner.Id}}}""",
            r.Payload("timesheet.rejected"));
    }

    [Fact]
    public async Task The_outbox_refuses_an_event_name_no_record_declares()
    {
        await using var scope = factory.Scope();
        var outbox = scope.ServiceProvider.GetRequiredService<Tracker.Api.Infrastructure.Events.Outbox>();
        Assert.Throws<ArgumentException>(() => outbox.Record(1, "tracker.exploded", new { user_id = 1 }));
        Assert.Contains("member.deleted", WebhookEvents.All);
        Assert.Equal(WebhookEvents.All.Count, WebhookEvents.All.Distinct().Count());
    }

    [Fact]
    public async Task Archiving_a_member_or_a_project_viewer_sends_member_deleted_with_their_email()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiPostAsync("/api/v2/webhooks", new { workspace_id = ws.Id, url = receiver.Url, events = new[] { "member.deleted" } }))
            .Expect(HttpStatusCode.OK);
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var viewerEmail = $"viewer-{Guid.NewGuid():N}@example.com";
        var viewer = (await ws.Owner.Client.ApiPostAsync("/api/v2/project-viewers", new { workspace_id = ws.Id, email = viewerEmail, firstname = "V", lastname = "W" }))
            .Expect(HttpStatusCode.Created).Data.GetProperty("id").GetInt64();

        // Refused archives send nothing: a role without the right, another workspace's admin.
        var peer = await ws.AddMemberAsync(Roles.RegularUser);
        (await peer.Client.ApiDeleteAsync($"/api/v2/members/{member.Id}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        var other = await factory.NewWorkspaceAsync();
        (await other.Owner.Client.ApiDeleteAsync($"/api/v2/members/{member.Id}?{other.Q}")).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiDeleteAsync($"/api/v2/project-viewers/{viewer}?{other.Q}")).Expect(HttpStatusCode.NotFound);

        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/members/{member.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/project-viewers/{viewer}?{ws.Q}")).Expect(HttpStatusCode.OK);
        await factory.Services.GetRequiredService<WebhookProcessor>().RunOnceAsync();

        var bodies = receiver.Received.Select(h => System.Text.Json.JsonDocument.Parse(h.Body).RootElement).ToList();
        Assert.All(bodies, b => Assert.Equal("member.deleted", b.GetProperty("event").GetString()));
        Assert.Equal(
            [$$"""{"user_id":{{member.Id}},"email":"{{member.Email}}"}""", $$"""{"user_id":{{viewer}},"email":"{{viewerEmail}}"}"""],
            bodies.Select(b => b.GetProperty("data").GetRawText()).Order());
        await using var scope = factory.Scope();
        Assert.Equal(2, await factory.Db(scope).OutboxEvents.CountAsync(e => e.WorkspaceId == ws.Id && e.EventType == "member.deleted"));
        Assert.False(await factory.Db(scope).OutboxEvents.AnyAsync(e => e.WorkspaceId == other.Id));
    }

    /// <summary>One workspace, every operation that records an event, through the API (and the invitation page).</summary>
    private async Task<Run> DriveEveryOperationAsync()
    {
        var monday = factory.Now().Date.AddDays(7);
        while (monday.DayOfWeek != DayOfWeek.Monday) monday = monday.AddDays(1);
        factory.Clock.SetUtcNow(monday.AddDays(2).AddHours(12)); // Wednesday noon of a week no other run used
        var day = monday.AddDays(2);
        var ws = await factory.NewWorkspaceAsync();
        var owner = ws.Owner.Client;
        string Q(string path) => path + (path.Contains('?') ? "&" : "?") + ws.Q;

        // Members: invited, activated (accepts the link), updated, archived (and removed).
        var email = $"events-{Guid.NewGuid():N}@example.com";
        var invitation = await ws.InviteAsync(email);
        var (_, accepted) = await factory.Browser().OpenAndAcceptAsync(invitation, "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        (await owner.ApiPutAsync(Q($"/api/v2/members/{invitation.UserId}"), new { role = "Team manager" })).Expect(HttpStatusCode.OK);
        (await owner.ApiDeleteAsync(Q($"/api/v2/members/{invitation.UserId}"))).Expect(HttpStatusCode.OK);

        // Projects.
        var project = (await owner.ApiPostAsync(Q("/api/v2/projects"), new { name = "Apollo" })).Expect(HttpStatusCode.Created).Data.GetProperty("id").GetInt64();
        (await owner.ApiPutAsync(Q($"/api/v2/projects/{project}"), new { name = "Apollo 2" })).Expect(HttpStatusCode.OK);
        (await owner.ApiDeleteAsync(Q($"/api/v2/projects/{project}"))).Expect(HttpStatusCode.OK);

        // Tasks, on a project the member has a contract on.
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var task = (await owner.ApiPostAsync(Q("/api/v2/tasks"), new { project_id = a.ProjectId, title = "Write the brief" }))
            .Expect(HttpStatusCode.Created).Data.GetProperty("id").GetInt64();
        (await owner.ApiPutAsync(Q($"/api/v2/tasks/{task}"), new { title = "Write the short brief" })).Expect(HttpStatusCode.OK);
        (await owner.ApiDeleteAsync(Q($"/api/v2/tasks/{task}"))).Expect(HttpStatusCode.OK);

        // Time requests (earlier today), then the tracker (its start makes the week's timesheet).
        string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var approved = (await owner.ApiPostAsync(Q("/api/v2/time-requests"), new { user_id = member.Id, start = Iso(day.AddHours(8)), end = Iso(day.AddHours(9)) }))
            .Expect(HttpStatusCode.Created).Data.GetProperty("id").GetString();
        (await owner.ApiPostAsync(Q($"/api/v2/time-requests/{approved}/approve"), new { })).Expect(HttpStatusCode.OK);
        var rejected = (await owner.ApiPostAsync(Q("/api/v2/time-requests"), new { user_id = member.Id, start = Iso(day.AddHours(9)), end = Iso(day.AddHours(10)) }))
            .Expect(HttpStatusCode.Created).Data.GetProperty("id").GetString()!;
        (await owner.ApiPostAsync(Q($"/api/v2/time-requests/{rejected}/reject"), new { comment = "Not that day" })).Expect(HttpStatusCode.OK);
        (await owner.ApiPostAsync(Q("/api/v2/time-tracking/start"), new { user_id = member.Id, contract_id = a.ContractId, task_id = a.TaskId }))
            .Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        (await owner.ApiPostAsync(Q("/api/v2/time-tracking/stop"), new { user_id = member.Id })).Expect(HttpStatusCode.OK);

        // Timesheet: submitted, unsubmitted, submitted, rejected, submitted, approved.
        var sheet = Assert.Single(await ws.TimesheetsAsync(member.Id)).Id;
        async Task Act(HttpClient who, string action, object? body = null) =>
            (await who.ApiPutAsync(Q($"/api/v2/timesheets/{sheet}/{action}"), body ?? new { })).Expect(HttpStatusCode.OK);
        await Act(member.Client, "submit");
        await Act(member.Client, "unsubmit");
        await Act(member.Client, "submit");
        await Act(owner, "reject", new { reason = "Fix Monday" });
        await Act(member.Client, "submit");
        await Act(owner, "approve");

        // Leaves next week.
        var policy = (await owner.ApiGetAsync(Q("/api/v2/leaves/policies"))).Expect(HttpStatusCode.OK).Data[0].GetProperty("id").GetInt64();
        async Task<string> LeaveAsync(DateTime date) => (await owner.ApiPostAsync(Q("/api/v2/leaves"),
                new { policy_id = policy, user_id = member.Id, start = TimeFixtures.Day(date), end = TimeFixtures.Day(date), note = "Away" }))
            .Expect(HttpStatusCode.Created).Data.GetProperty("id").GetString()!;
        var leave = await LeaveAsync(monday.AddDays(7));
        (await owner.ApiPutAsync(Q($"/api/v2/leaves/{leave}/approve"), new { })).Expect(HttpStatusCode.OK);
        var refused = await LeaveAsync(monday.AddDays(8));
        (await owner.ApiPutAsync(Q($"/api/v2/leaves/{refused}/reject"), new { reason = "Busy week" })).Expect(HttpStatusCode.OK);

        // Expenses.
        var category = (await owner.ApiGetAsync(Q("/api/v2/expenses/categories"))).Expect(HttpStatusCode.OK).Data[0].GetProperty("id").GetString()!;
        var expense = (await owner.ApiPostAsync(Q("/api/v2/expenses"),
                new { expense_name = "Taxi", date = TimeFixtures.Day(monday), amount = 12.5m, category_id = category, user_id = member.Id }))
            .Expect(HttpStatusCode.Created).Data.GetProperty("id").GetString()!;
        (await owner.ApiPutAsync(Q($"/api/v2/expenses/{expense}"), new { amount = 20m })).Expect(HttpStatusCode.OK);
        (await owner.ApiDeleteAsync(Q($"/api/v2/expenses/{expense}"))).Expect(HttpStatusCode.OK);

        await using var scope = factory.Scope();
        var events = await factory.Db(scope).OutboxEvents.AsNoTracking().Where(e => e.WorkspaceId == ws.Id).ToListAsync();
        return new Run(ws, member, a, monday, invitation.UserId, email, task, expense, category, sheet, rejected, leave, policy, events);
    }
}
