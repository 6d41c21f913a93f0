using System.Net;
using System.Text.Json;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Time;

public class TimesheetTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Path = "/api/v2/timesheets";

    /// <summary>Moves the clock to Wednesday noon UTC of a week not used before and returns that week's Monday.</summary>
    private DateTime FreshWeek()
    {
        var day = factory.Now().Date.AddDays(7);
        while (day.DayOfWeek != DayOfWeek.Monday) day = day.AddDays(1);
        factory.Clock.SetUtcNow(day.AddDays(2).AddHours(12));
        return day;
    }

    private async Task<(TestWorkspace Ws, TestUser Member, string SheetId, DateTime Monday)> SheetWithTimeAsync()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var monday = FreshWeek();
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = member.Id, date = TimeFixtures.Day(monday), start_time = "09:00", end_time = "10:00",
        })).Expect(HttpStatusCode.Created);
        return (ws, member, Assert.Single(await ws.TimesheetsAsync(member.Id)).Id, monday);
    }

    [Fact]
    public async Task Lists_weekly_sheets_with_member_totals_and_daily_breakdown()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var monday = FreshWeek();
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = member.Id, contract_id = a.ContractId, date = TimeFixtures.Day(monday), start_time = "09:00", end_time = "17:00",
        })).Expect(HttpStatusCode.Created);
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = member.Id, date = TimeFixtures.Day(monday.AddDays(1)), start_time = "23:00", end_time = "24:00",
        })).Expect(HttpStatusCode.Created);
        await ws.AddEntryAsync(member.Id, monday.AddDays(2), monday.AddDays(2).AddHours(1)); // Wed 00:00-01:00
        await ws.AddEntryAsync(member.Id, monday.AddDays(-1), monday.AddDays(-1).AddHours(5)); // previous week: not counted

        var list = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.OK);
        var sheet = Assert.Single(list.Data.EnumerateArray());
        Assert.False(string.IsNullOrEmpty(sheet.GetProperty("id").GetString()));
        Assert.Equal(member.Id, sheet.GetProperty("user_id").GetInt64());
        Assert.Equal(member.Id, sheet.GetProperty("member").GetProperty("id").GetInt64());
        Assert.Equal("Test", sheet.GetProperty("member").GetProperty("firstname").GetString());
        Assert.Equal("User", sheet.GetProperty("member").GetProperty("lastname").GetString());
        Assert.Equal(member.Email, sheet.GetProperty("member").GetProperty("email").GetString());
        Assert.Equal(TimeFixtures.Day(monday), sheet.GetProperty("date_from").GetString());
        Assert.Equal(TimeFixtures.Day(monday.AddDays(6)), sheet.GetProperty("date_to").GetString());
        Assert.Equal(600, sheet.GetProperty("total_minutes").GetInt64());
        Assert.Equal(10m, sheet.GetProperty("total_hours").GetDecimal());
        Assert.Equal("pending", sheet.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, sheet.GetProperty("submitted_on").ValueKind);
        Assert.Equal(JsonValueKind.Null, sheet.GetProperty("reject_reason").ValueKind);
        var breakdown = sheet.GetProperty("daily_breakdown");
        Assert.Equal([TimeFixtures.Day(monday), TimeFixtures.Day(monday.AddDays(1)), TimeFixtures.Day(monday.AddDays(2))],
            breakdown.EnumerateObject().Select(p => p.Name).ToList());
        var mondayItem = Assert.Single(breakdown.GetProperty(TimeFixtures.Day(monday)).EnumerateArray());
        Assert.Equal(a.ProjectId, mondayItem.GetProperty("project_id").GetInt64());
        Assert.Equal("Website Redesign", mondayItem.GetProperty("project_name").GetString());
        Assert.Equal(a.ContractId, mondayItem.GetProperty("contract_id").GetInt64());
        Assert.Equal(480, mondayItem.GetProperty("total_minutes").GetInt64());
        var tuesdayItem = Assert.Single(breakdown.GetProperty(TimeFixtures.Day(monday.AddDays(1))).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, tuesdayItem.GetProperty("project_id").ValueKind);
        Assert.Equal(60, tuesdayItem.GetProperty("total_minutes").GetInt64());
        Assert.Equal(1, list.Pagination.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Every_transition_allowed_and_refused()
    {
        var (ws, member, id, _) = await SheetWithTimeAsync();
        var manager = await ws.AddMemberAsync(Roles.ExecutiveManager);
        async Task<string> StatusAsync() => (await ws.TimesheetsAsync(member.Id)).Single().Status;
        Task<ApiResponse> Act(TestUser who, string action, object? body = null) =>
            who.Client.ApiPutAsync($"{Path}/{id}/{action}", body ?? new { workspace_id = ws.Id });

        // pending: only submit.
        foreach (var action in new[] { "approve", "unsubmit" })
            Assert.Contains("only a submitted timesheet", (await Act(ws.Owner, action)).Expect(HttpStatusCode.BadRequest).Message);
        (await Act(ws.Owner, "reject", new { workspace_id = ws.Id, reason = "No" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("pending", await StatusAsync());

        var submitted = (await Act(member, "submit")).Expect(HttpStatusCode.OK);
        Assert.Equal("Timesheet submitted successfully", submitted.Message);
        Assert.Equal(JsonValueKind.Null, submitted.Data.ValueKind);
        Assert.Equal("submitted", await StatusAsync());
        (await Act(member, "submit")).Expect(HttpStatusCode.BadRequest);
        (await Act(member, "approve")).Expect(HttpStatusCode.Forbidden);
        (await Act(member, "reject", new { workspace_id = ws.Id, reason = "x" })).Expect(HttpStatusCode.Forbidden);

        Assert.Equal("Timesheet unsubmitted successfully", (await Act(member, "unsubmit")).Expect(HttpStatusCode.OK).Message);
        Assert.Equal("pending", await StatusAsync());
        (await Act(ws.Owner, "submit")).Expect(HttpStatusCode.OK);

        (await Act(manager, "reject", new { workspace_id = ws.Id })).ExpectInvalid("reason");
        (await Act(manager, "reject", new { workspace_id = ws.Id, reason = " " })).ExpectInvalid("reason");
        var rejected = (await Act(manager, "reject", new { workspace_id = ws.Id, reason = "Please correct the hours for Monday" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Timesheet rejected successfully", rejected.Message);
        var rejectedItem = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&id={id}")).Expect(HttpStatusCode.OK).Data[0];
        Assert.Equal("rejected", rejectedItem.GetProperty("status").GetString());
        Assert.Equal("Please correct the hours for Monday", rejectedItem.GetProperty("reject_reason").GetString());
        foreach (var action in new[] { "approve", "unsubmit" }) (await Act(manager, action)).Expect(HttpStatusCode.BadRequest);

        (await Act(member, "submit")).Expect(HttpStatusCode.OK);
        var resubmitted = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&id={id}")).Expect(HttpStatusCode.OK).Data[0];
        Assert.Equal(JsonValueKind.Null, resubmitted.GetProperty("reject_reason").ValueKind);
        Assert.Equal(factory.Now(), resubmitted.GetProperty("submitted_on").GetDateTime().ToUniversalTime());
        Assert.Equal("Timesheet approved successfully", (await Act(manager, "approve")).Expect(HttpStatusCode.OK).Message);
        Assert.Equal("approved", await StatusAsync());
        foreach (var action in new[] { "approve", "submit", "unsubmit" }) (await Act(ws.Owner, action)).Expect(HttpStatusCode.BadRequest);
        (await Act(ws.Owner, "reject", new { workspace_id = ws.Id, reason = "late" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("approved", await StatusAsync());

        Assert.Equal(3, (await ws.EventsAsync("timesheet.submitted")).Count);
        Assert.Single(await ws.EventsAsync("timesheet.approved"));
        Assert.Single(await ws.EventsAsync("timesheet.rejected"));
        Assert.Single(await ws.EventsAsync("timesheet.unsubmitted"));
    }

    [Fact]
    public async Task Approved_and_submitted_periods_lock_their_time()
    {
        var (ws, member, id, monday) = await SheetWithTimeAsync();
        var entry = Assert.Single(await ws.EntriesAsync(member.Id));
        var pending = (await member.Client.ApiPostAsync("/api/v2/time-requests", new
        {
            workspace_id = ws.Id, user_id = member.Id, start = monday.AddHours(15).ToString("O"), end = monday.AddHours(16).ToString("O"),
        })).Expect(HttpStatusCode.Created).Data.GetProperty("id").GetString();
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{id}/submit", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        var add = new { workspace_id = ws.Id, user_id = member.Id, date = TimeFixtures.Day(monday), start_time = "11:00", end_time = "12:00" };
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", add)).Expect(HttpStatusCode.BadRequest);
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{id}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);

        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", add)).Expect(HttpStatusCode.BadRequest);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/time-entries/{entry.Id}", new { workspace_id = ws.Id, end_time = "10:30" })).Expect(HttpStatusCode.BadRequest);
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/time-entries/{entry.Id}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.BadRequest);
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-tracking/start", new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.BadRequest);
        (await member.Client.ApiPostAsync("/api/v2/time-requests", new
        {
            workspace_id = ws.Id, user_id = member.Id, start = monday.AddHours(13).ToString("O"), end = monday.AddHours(14).ToString("O"),
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("approved", (await ws.Owner.Client.ApiPostAsync($"/api/v2/time-requests/{pending}/approve", new { workspace_id = ws.Id }))
            .Expect(HttpStatusCode.BadRequest).Message);
        Assert.Single(await ws.EntriesAsync(member.Id));
        // The next week is open.
        factory.Clock.Advance(TimeSpan.FromDays(7));
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-tracking/start", new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Submitting_while_the_tracker_runs_in_the_period_is_refused()
    {
        var (ws, member, id, _) = await SheetWithTimeAsync();
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-tracking/start", new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        Assert.Contains("running", (await member.Client.ApiPutAsync($"{Path}/{id}/submit", new { workspace_id = ws.Id })).Expect(HttpStatusCode.BadRequest).Message);
        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-tracking/stop", new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        (await member.Client.ApiPutAsync($"{Path}/{id}/submit", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Filters_visibility_validation_and_tenancy()
    {
        var (ws, member, id, monday) = await SheetWithTimeAsync();
        var colleague = await ws.AddMemberAsync(Roles.RegularUser);
        await ws.AddEntryAsync(colleague.Id, monday.AddHours(8), monday.AddHours(9));
        factory.Clock.Advance(TimeSpan.FromMinutes(1)); // created later: first in the default (desc) order
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = colleague.Id, date = TimeFixtures.Day(monday.AddDays(-7)), start_time = "09:00", end_time = "10:00",
        })).Expect(HttpStatusCode.Created);
        (await member.Client.ApiPutAsync($"{Path}/{id}/submit", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);

        var all = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&order_by=asc&per_page=1")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, all.Pagination.GetProperty("total").GetInt32());
        Assert.Equal(2, all.Pagination.GetProperty("last_page").GetInt32());
        Assert.Equal(id, all.Data[0].GetProperty("id").GetString());
        var desc = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&order_by=desc")).Expect(HttpStatusCode.OK);
        Assert.Equal(colleague.Id, desc.Data[0].GetProperty("user_id").GetInt64());
        Assert.Equal(id, Assert.Single((await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&status=submitted")).Expect(HttpStatusCode.OK).Data.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(colleague.Id, Assert.Single((await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&status=open")).Expect(HttpStatusCode.OK).Data.EnumerateArray()).GetProperty("user_id").GetInt64());
        Assert.Equal(colleague.Id, Assert.Single((await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&date_from={TimeFixtures.Day(monday.AddDays(-7))}&date_to={TimeFixtures.Day(monday.AddDays(-1))}")).Expect(HttpStatusCode.OK).Data.EnumerateArray()).GetProperty("user_id").GetInt64());
        Assert.Equal(2, (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&date_from={TimeFixtures.Day(monday.AddDays(-1))}")).Expect(HttpStatusCode.OK).Data.GetArrayLength());
        Assert.Empty((await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&status=approved")).Expect(HttpStatusCode.OK).Data.EnumerateArray());

        // Members see only their own sheets and cannot act on a colleague's.
        var own = (await member.Client.ApiGetAsync($"{Path}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(own.Data.EnumerateArray()).GetProperty("id").GetString());
        (await colleague.Client.ApiPutAsync($"{Path}/{id}/unsubmit", new { workspace_id = ws.Id })).Expect(HttpStatusCode.NotFound);

        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&status=done")).ExpectInvalid("status");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&order_by=up")).ExpectInvalid("order_by");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&date_from=2026-13-01")).ExpectInvalid("date_from");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&date_from=2026-02-01&date_to=2026-01-01")).ExpectInvalid("date_to");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id=abc")).ExpectInvalid("user_id");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&per_page=101")).ExpectInvalid("per_page");
        (await ws.Owner.Client.ApiGetAsync(Path)).ExpectInvalid("workspace_id");

        var other = await factory.NewWorkspaceAsync();
        Assert.Empty((await other.Owner.Client.ApiGetAsync($"{Path}?{other.Q}&id={id}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        foreach (var action in new[] { "approve", "submit", "unsubmit" })
            (await other.Owner.Client.ApiPutAsync($"{Path}/{id}/{action}", new { workspace_id = other.Id })).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiPutAsync($"{Path}/{id}/reject", new { workspace_id = other.Id, reason = "x" })).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiPutAsync($"{Path}/{id}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("submitted", (await ws.TimesheetsAsync(member.Id)).Single().Status);
    }

    [Fact]
    public async Task Concurrent_approvals_decide_once()
    {
        var (ws, member, id, _) = await SheetWithTimeAsync();
        (await member.Client.ApiPutAsync($"{Path}/{id}/submit", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        var clients = Enumerable.Range(0, 8).Select(_ => factory.ClientWith(ws.Owner.Token)).ToList();
        var answers = await Task.WhenAll(clients.Select(c => c.ApiPutAsync($"{Path}/{id}/approve", new { workspace_id = ws.Id })));
        Assert.Equal(1, answers.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(answers.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Contains(r.Status, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict }));
        Assert.Single(await ws.EventsAsync("timesheet.approved"));
    }
}
