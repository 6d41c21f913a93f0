using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Leaves;

public class LeaveTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Year2026 = "date_from=2026-01-01&date_to=2026-12-31";

    [Fact]
    public async Task Policies_are_seeded_and_listed_with_their_rules()
    {
        var ws = await factory.NewWorkspaceAsync();
        var response = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.OK);
        var names = response.Data.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Vacation", "Sick leave", "Unpaid leave", "Personal time"], names);
        var vacation = response.Data[0];
        Assert.True(vacation.GetProperty("id").GetInt64() > 0);
        Assert.Equal("days", vacation.GetProperty("time_unit").GetString());
        Assert.Equal("20", vacation.GetProperty("duration").GetRawText());
        Assert.Equal("8", vacation.GetProperty("hours_per_day").GetRawText());
        Assert.Equal("yes", vacation.GetProperty("is_paid").GetString());
        Assert.False(vacation.GetProperty("allow_negative_balance").GetBoolean());
        Assert.False(vacation.GetProperty("reason_required").GetBoolean());
        Assert.Equal("no", response.Data[2].GetProperty("is_paid").GetString());
        Assert.Equal("hours", response.Data[3].GetProperty("time_unit").GetString());
        Assert.Equal(4, response.Pagination.GetProperty("total").GetInt32());

        // A second read does not seed again.
        var again = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}&per_page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(4, again.Pagination.GetProperty("total").GetInt32());
        Assert.Equal(2, again.Pagination.GetProperty("last_page").GetInt32());
    }

    [Fact]
    public async Task Request_answers_the_leave_and_the_list_filters_it()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var vacation = await PolicyIdAsync(ws, "Vacation");

        // Wed 7th to Tue 13th: the weekend in between is not counted.
        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = vacation, user_id = member.Id, start = "2026-01-07", end = "2026-01-13",
            reason = "Family vacation",
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("Leave request created successfully", created.Message);
        var leave = created.Data;
        var id = leave.GetProperty("id").GetString()!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(member.Id, leave.GetProperty("user_id").GetInt64());
        Assert.Equal("pending", leave.GetProperty("status").GetString());
        Assert.Equal("Family vacation", leave.GetProperty("note").GetString());
        Assert.Equal("yes", leave.GetProperty("is_paid").GetString());
        Assert.Equal(ws.Owner.Id, leave.GetProperty("created_by").GetInt64());
        Assert.Equal(JsonValueKind.Null, leave.GetProperty("approved_by").ValueKind);
        Assert.Equal(JsonValueKind.Null, leave.GetProperty("rejected_by").ValueKind);
        Assert.Equal(JsonValueKind.Null, leave.GetProperty("reject_reason").ValueKind);
        Assert.Equal("2026-01-07", leave.GetProperty("start_date").GetString());
        Assert.Equal("2026-01-13", leave.GetProperty("end_date").GetString());
        Assert.Equal("2026-01-05", leave.GetProperty("created_on").GetString());
        Assert.Equal("5", leave.GetProperty("total").GetProperty("days").GetString());
        Assert.Equal("40", leave.GetProperty("total").GetProperty("hours").GetString());
        Assert.Equal(vacation, leave.GetProperty("policy_id").GetInt64());
        Assert.Equal("Vacation", leave.GetProperty("policy_name").GetString());

        var sick = await PolicyIdAsync(ws, "Sick leave");
        await FileAsync(ws, sick, member.Id, "2026-02-02", "2026-02-02");

        async Task<List<string>> Ids(string filter)
        {
            var list = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&{filter}")).Expect(HttpStatusCode.OK);
            Assert.Equal(list.Data.GetArrayLength(), list.Pagination.GetProperty("total").GetInt32());
            return list.Data.EnumerateArray().Select(l => l.GetProperty("id").GetString()!).ToList();
        }
        Assert.Equal(2, (await Ids("")).Count);
        Assert.Equal(id, (await Ids("")).Last()); // newest start date first
        Assert.Equal([id], await Ids($"id={id}"));
        Assert.Equal([id], await Ids($"policy_id={vacation}"));
        Assert.Equal(2, (await Ids($"user_id={member.Id}")).Count);
        Assert.Empty(await Ids($"user_id={ws.Owner.Id}"));
        Assert.Equal(2, (await Ids("status=pending")).Count);
        Assert.Empty(await Ids("status=approved"));
        Assert.Equal(2, (await Ids("is_paid=yes")).Count);
        Assert.Empty(await Ids("is_paid=no"));
        Assert.Equal([id], await Ids("date_from=2026-01-10&date_to=2026-01-10")); // overlap, not containment
        Assert.Equal([id], await Ids("date_to=2026-01-07"));
        Assert.Empty(await Ids("date_from=2026-01-14&date_to=2026-01-31"));

        var paged = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&per_page=1&page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(paged.Data.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(2, paged.Pagination.GetProperty("last_page").GetInt32());
        Assert.Equal(2, paged.Pagination.GetProperty("current_page").GetInt32());

        await using var scope = factory.Scope();
        var events = await factory.Db(scope).OutboxEvents.Where(e => e.WorkspaceId == ws.Id && e.EventType == "leave.requested").CountAsync();
        Assert.Equal(2, events);
    }

    [Fact]
    public async Task Approval_deducts_working_days_once_and_only_from_pending()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var vacation = await PolicyIdAsync(ws, "Vacation");
        var id = await FileAsync(ws, vacation, member.Id, "2026-01-07", "2026-01-13");
        Assert.Equal("20 days", await BalanceAsync(ws, member.Id, "Vacation"));

        var approved = (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal("Leave request approved successfully", approved.Message);
        Assert.Equal(JsonValueKind.Null, approved.Data.ValueKind);
        Assert.Equal("15 days", await BalanceAsync(ws, member.Id, "Vacation"));
        Assert.Equal("10 days", await BalanceAsync(ws, member.Id, "Sick leave"));
        Assert.Equal("16 hours", await BalanceAsync(ws, member.Id, "Personal time"));

        var leave = await LeaveAsync(ws, id);
        Assert.Equal("approved", leave.GetProperty("status").GetString());
        Assert.Equal(ws.Owner.Id, leave.GetProperty("approved_by").GetInt64());

        var again = (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("not pending", again.Message);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/reject", new { workspace_id = ws.Id, reason = "Too late" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("15 days", await BalanceAsync(ws, member.Id, "Vacation"));

        // The next year's allowance is untouched; a window over both years adds both allowances.
        Assert.Equal("20 days", await BalanceAsync(ws, member.Id, "Vacation", "date_from=2027-01-01&date_to=2027-12-31"));
        Assert.Equal("35 days", await BalanceAsync(ws, member.Id, "Vacation", "date_from=2026-06-01&date_to=2027-06-30"));

        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var evt = await db.OutboxEvents.SingleAsync(e => e.WorkspaceId == ws.Id && e.EventType == "leave.approved");
        Assert.Contains(id, evt.PayloadJson);
        Assert.Equal(5000, (await db.LeaveBalances.SingleAsync(b => b.WorkspaceId == ws.Id && b.UserId == member.Id)).UsedThousandths);
    }

    [Fact]
    public async Task Concurrent_approvals_take_the_days_once()
    {
        var ws = await factory.NewWorkspaceAsync();
        var manager = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var id = await FileAsync(ws, await PolicyIdAsync(ws, "Vacation"), member.Id, "2026-03-02", "2026-03-06");

        var results = await Task.WhenAll(
            ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/approve", new { workspace_id = ws.Id }),
            manager.Client.ApiPutAsync($"/api/v2/leaves/{id}/approve", new { workspace_id = ws.Id }));
        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        var loser = Assert.Single(results, r => r.Status != HttpStatusCode.OK);
        Assert.Contains(loser.Status, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict });
        Assert.Equal("15 days", await BalanceAsync(ws, member.Id, "Vacation"));

        // Two different requests that each fit, but not together: parallel approvals cannot both take the days.
        var vacation = await PolicyIdAsync(ws, "Vacation");
        var april = await FileAsync(ws, vacation, member.Id, "2026-04-06", "2026-04-17");
        var may = await FileAsync(ws, vacation, member.Id, "2026-05-04", "2026-05-15");
        var both = await Task.WhenAll(
            ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{april}/approve", new { workspace_id = ws.Id }),
            manager.Client.ApiPutAsync($"/api/v2/leaves/{may}/approve", new { workspace_id = ws.Id }));
        Assert.Single(both, r => r.Status == HttpStatusCode.OK);
        Assert.Single(both, r => r.Status == HttpStatusCode.BadRequest);
        Assert.Equal("5 days", await BalanceAsync(ws, member.Id, "Vacation"));
        var statuses = new[] { april, may }.Select(async id => (await LeaveAsync(ws, id)).GetProperty("status").GetString()!);
        Assert.Equal(["approved", "pending"], (await Task.WhenAll(statuses)).Order().ToArray());
    }

    [Fact]
    public async Task Balances_are_refused_when_exceeded_unless_the_policy_allows_negative()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var vacation = await PolicyIdAsync(ws, "Vacation");

        // 25 working days against an allowance of 20.
        var tooLong = (await ws.Owner.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = vacation, user_id = member.Id, start = "2026-02-02", end = "2026-03-06",
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("Insufficient", tooLong.Message);

        // Two requests of 15 days each fit alone; approving the second would overdraw, so it is refused and stays pending.
        var first = await FileAsync(ws, vacation, member.Id, "2026-03-02", "2026-03-20");
        var second = await FileAsync(ws, vacation, member.Id, "2026-04-06", "2026-04-24");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{first}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        var refused = (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{second}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("Insufficient", refused.Message);
        Assert.Equal("pending", (await LeaveAsync(ws, second)).GetProperty("status").GetString());
        Assert.Equal("5 days", await BalanceAsync(ws, member.Id, "Vacation"));

        // Sick leave may go negative: 12 working days against 10.
        var sick = await FileAsync(ws, await PolicyIdAsync(ws, "Sick leave"), member.Id, "2026-05-04", "2026-05-19");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{sick}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal("-2 days", await BalanceAsync(ws, member.Id, "Sick leave"));
    }

    [Fact]
    public async Task Hours_and_half_days_count_in_the_members_own_calendar()
    {
        var target = new DateTimeOffset(2026, 1, 5, 11, 30, 0, TimeSpan.Zero); // already Tuesday 6th, 00:30, in Auckland
        if (factory.Clock.GetUtcNow() < target) factory.Clock.SetUtcNow(target);
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser, timezone: "Pacific/Auckland");

        // Monday 12th 09:00–13:00 in Auckland is Sunday 20:00–24:00 UTC: still one working day of 4 hours.
        var personal = await PolicyIdAsync(ws, "Personal time");
        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = personal, user_id = member.Id, start = "2026-01-12", end = "2026-01-12",
            start_time = "09:00", end_time = "13:00", hours_per_day = 4,
        })).Expect(HttpStatusCode.Created).Data;
        Assert.Equal("1", created.GetProperty("total").GetProperty("days").GetString());
        Assert.Equal("4", created.GetProperty("total").GetProperty("hours").GetString());
        Assert.Equal("09:00", created.GetProperty("start_time").GetString());
        Assert.Equal("2026-01-06", created.GetProperty("created_on").GetString());
        var id = created.GetProperty("id").GetString()!;
        await using (var scope = factory.Scope())
        {
            var stored = await factory.Db(scope).LeaveRequests.SingleAsync(l => l.Id == id);
            Assert.Equal(new DateTime(2026, 1, 11, 20, 0, 0, DateTimeKind.Utc), stored.StartsAt);
            Assert.Equal("Pacific/Auckland", stored.TimeZone);
        }
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal("12 hours", await BalanceAsync(ws, member.Id, "Personal time"));

        // First half of Friday 16th: half a day, four hours.
        var half = (await ws.Owner.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = await PolicyIdAsync(ws, "Vacation"), user_id = member.Id,
            start = "2026-01-16", end = "2026-01-16", leave_period = 1,
        })).Expect(HttpStatusCode.Created).Data;
        Assert.Equal("0.5", half.GetProperty("total").GetProperty("days").GetString());
        Assert.Equal("4", half.GetProperty("total").GetProperty("hours").GetString());
        Assert.Equal(1, half.GetProperty("leave_period").GetInt32());
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{half.GetProperty("id").GetString()}/approve", new { workspace_id = ws.Id }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("19.5 days", await BalanceAsync(ws, member.Id, "Vacation"));

        // A workspace system zone overrides the member's own.
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            (await db.Workspaces.SingleAsync(w => w.Id == ws.Id)).SystemTimezone = "America/New_York";
            await db.SaveChangesAsync();
        }
        var inNewYork = (await ws.Owner.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = personal, user_id = member.Id, start = "2026-01-19", end = "2026-01-19",
            start_time = "09:00", end_time = "10:00", hours_per_day = 1,
        })).Expect(HttpStatusCode.Created).Data;
        Assert.Equal("2026-01-05", inNewYork.GetProperty("created_on").GetString());
    }

    [Fact]
    public async Task Reject_stores_the_reason_and_leaves_the_balance_alone()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var id = await FileAsync(ws, await PolicyIdAsync(ws, "Vacation"), member.Id, "2026-01-07", "2026-01-08");

        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/reject", new { workspace_id = ws.Id })).ExpectInvalid("reason");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/reject", new { workspace_id = ws.Id, reason = new string('x', 1001) })).ExpectInvalid("reason");
        var rejected = (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/reject", new { workspace_id = ws.Id, reason = "Insufficient cover" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Leave request rejected successfully", rejected.Message);
        var leave = await LeaveAsync(ws, id);
        Assert.Equal("rejected", leave.GetProperty("status").GetString());
        Assert.Equal("Insufficient cover", leave.GetProperty("reject_reason").GetString());
        Assert.Equal(ws.Owner.Id, leave.GetProperty("rejected_by").GetInt64());
        Assert.Equal("20 days", await BalanceAsync(ws, member.Id, "Vacation"));
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.BadRequest);

        // A rejected request no longer blocks its dates.
        await FileAsync(ws, await PolicyIdAsync(ws, "Vacation"), member.Id, "2026-01-07", "2026-01-08");
    }

    [Fact]
    public async Task Approve_and_reject_answer_on_the_alias_paths()
    {
        var ws = await factory.NewWorkspaceAsync();
        var vacation = await PolicyIdAsync(ws, "Vacation");
        var a = await FileAsync(ws, vacation, ws.Owner.Id, "2026-01-07", "2026-01-07");
        var b = await FileAsync(ws, vacation, ws.Owner.Id, "2026-01-08", "2026-01-08");
        var c = await FileAsync(ws, vacation, ws.Owner.Id, "2026-01-09", "2026-01-09");
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/leaves/{a}/approve?{ws.Q}")).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/approve/{b}?{ws.Q}")).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/reject/{c}?{ws.Q}", new { reason = "No" })).Expect(HttpStatusCode.OK);
        Assert.Equal("18 days", await BalanceAsync(ws, ws.Owner.Id, "Vacation"));
    }

    [Fact]
    public async Task Request_validates_every_field()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var vacation = await PolicyIdAsync(ws, "Vacation");
        var personal = await PolicyIdAsync(ws, "Personal time");
        var foreignPolicy = await PolicyIdAsync(other, "Vacation");
        var client = ws.Owner.Client;
        object Body(object? policy = null, object? user = null, string? start = "2026-01-07", string? end = "2026-01-08",
            int? period = null, string? reason = null) =>
            new { workspace_id = ws.Id, policy_id = policy ?? vacation, user_id = user ?? ws.Owner.Id, start, end, leave_period = period, reason };

        var empty = (await client.ApiPostAsync("/api/v2/leaves", new { workspace_id = ws.Id })).Expect(HttpStatusCode.UnprocessableEntity);
        foreach (var field in new[] { "policy_id", "user_id", "start", "end" })
            Assert.True(empty.Json.GetProperty("errors").TryGetProperty(field, out _), field);
        (await client.ApiPostAsync("/api/v2/leaves", Body(start: "2026/01/07"))).ExpectInvalid("start");
        (await client.ApiPostAsync("/api/v2/leaves", Body(end: "2026-02-30"))).ExpectInvalid("end");
        (await client.ApiPostAsync("/api/v2/leaves", Body(end: "2026-01-06"))).ExpectInvalid("end");
        (await client.ApiPostAsync("/api/v2/leaves", Body(end: "2027-01-08"))).ExpectInvalid("end");
        (await client.ApiPostAsync("/api/v2/leaves", Body(period: 5))).ExpectInvalid("leave_period");
        (await client.ApiPostAsync("/api/v2/leaves", Body(period: 2))).ExpectInvalid("leave_period");
        (await client.ApiPostAsync("/api/v2/leaves", Body(policy: 987654321))).ExpectInvalid("policy_id");
        (await client.ApiPostAsync("/api/v2/leaves", Body(policy: foreignPolicy))).ExpectInvalid("policy_id");
        (await client.ApiPostAsync("/api/v2/leaves", Body(user: other.Owner.Id))).ExpectInvalid("user_id");
        (await client.ApiPostAsync("/api/v2/leaves", Body(policy: await PolicyIdAsync(ws, "Unpaid leave")))).ExpectInvalid("reason");

        var hourly = (await client.ApiPostAsync("/api/v2/leaves", Body(policy: personal))).Expect(HttpStatusCode.UnprocessableEntity);
        foreach (var field in new[] { "start_time", "end_time", "hours_per_day" })
            Assert.True(hourly.Json.GetProperty("errors").TryGetProperty(field, out _), field);
        object Hours(string from, string to, decimal hours) => new
        {
            workspace_id = ws.Id, policy_id = personal, user_id = ws.Owner.Id, start = "2026-01-07", end = "2026-01-07",
            start_time = from, end_time = to, hours_per_day = hours,
        };
        (await client.ApiPostAsync("/api/v2/leaves", Hours("9am", "13:00", 4))).ExpectInvalid("start_time");
        (await client.ApiPostAsync("/api/v2/leaves", Hours("13:00", "09:00", 4))).ExpectInvalid("end_time");
        (await client.ApiPostAsync("/api/v2/leaves", Hours("09:00", "13:00", 5))).ExpectInvalid("hours_per_day");
        (await client.ApiPostAsync("/api/v2/leaves", Hours("09:00", "13:00", 0))).ExpectInvalid("hours_per_day");
        (await client.ApiPostAsync("/api/v2/leaves", Hours("09:00", "13:00", 1.234m))).ExpectInvalid("hours_per_day");

        // Business rules answer 400: a weekend holds no working days; dates already requested cannot be requested again.
        (await client.ApiPostAsync("/api/v2/leaves", Body(start: "2026-01-10", end: "2026-01-11"))).Expect(HttpStatusCode.BadRequest);
        await FileAsync(ws, vacation, ws.Owner.Id, "2026-01-07", "2026-01-08");
        (await client.ApiPostAsync("/api/v2/leaves", Body(start: "2026-01-08", end: "2026-01-09"))).Expect(HttpStatusCode.BadRequest);

        await using var scope = factory.Scope();
        Assert.Equal(1, await factory.Db(scope).LeaveRequests.CountAsync(l => l.WorkspaceId == ws.Id));
    }

    [Fact]
    public async Task Lists_and_balances_validate_their_filters()
    {
        var ws = await factory.NewWorkspaceAsync();
        var client = ws.Owner.Client;
        (await client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&status=done")).ExpectInvalid("status");
        (await client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&is_paid=maybe")).ExpectInvalid("is_paid");
        (await client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&date_from=01-01-2026")).ExpectInvalid("date_from");
        (await client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&date_from=2026-02-01&date_to=2026-01-01")).ExpectInvalid("date_to");
        (await client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&per_page=101")).ExpectInvalid("per_page");
        (await client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&user_id=abc")).ExpectInvalid("user_id");
        (await client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&policy_id=-1")).ExpectInvalid("policy_id");
        (await client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&{Year2026}&user_id=x")).ExpectInvalid("user_id");
        (await client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&date_to=2026-12-31")).ExpectInvalid("date_from");
        (await client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&date_from=2026-01-01")).ExpectInvalid("date_to");
        (await client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&date_from=2026-13-01&date_to=2026-12-31")).ExpectInvalid("date_from");
        (await client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&date_from=2026-12-31&date_to=2026-01-01")).ExpectInvalid("date_to");
        (await client.ApiGetAsync("/api/v2/leaves")).ExpectInvalid("workspace_id");
    }

    [Fact]
    public async Task Balances_list_every_member_with_one_entry_per_policy()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.ProjectManager);
        await ws.AddMemberAsync(Roles.ProjectViewer);
        var response = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&{Year2026}")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, response.Data.GetArrayLength()); // viewers have no leave
        var first = response.Data[0];
        Assert.Equal(ws.Owner.Id, first.GetProperty("user_id").GetInt64());
        Assert.Equal("Test User", first.GetProperty("user_name").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("total_balance").ValueKind);
        var info = first.GetProperty("leave_information");
        Assert.Equal(4, info.GetArrayLength());
        Assert.Equal("Vacation", info[0].GetProperty("leave_type").GetString());
        Assert.Equal("20 days", info[0].GetProperty("balance").GetString());
        Assert.True(info[0].GetProperty("policy_id").GetInt64() > 0);
        Assert.Equal(member.Id, response.Data[1].GetProperty("user_id").GetInt64());

        var paged = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&{Year2026}&page=2&per_page=1")).Expect(HttpStatusCode.OK);
        Assert.Equal(member.Id, Assert.Single(paged.Data.EnumerateArray()).GetProperty("user_id").GetInt64());
        Assert.Equal(2, paged.Pagination.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Staff_manage_their_own_leave_and_only_managers_decide()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var teamManager = await ws.AddMemberAsync(Roles.TeamManager);
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var vacation = await PolicyIdAsync(ws, "Vacation");
        var ownersLeave = await FileAsync(ws, vacation, ws.Owner.Id, "2026-01-07", "2026-01-07");

        var mine = (await member.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = vacation, user_id = member.Id, start = "2026-01-08", end = "2026-01-08",
        })).Expect(HttpStatusCode.Created).Data.GetProperty("id").GetString();
        (await member.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = vacation, user_id = ws.Owner.Id, start = "2026-01-09", end = "2026-01-09",
        })).Expect(HttpStatusCode.Forbidden);

        var seen = (await member.Client.ApiGetAsync($"/api/v2/leaves?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(mine, Assert.Single(seen.Data.EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty((await member.Client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&id={ownersLeave}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        var balances = (await member.Client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&{Year2026}")).Expect(HttpStatusCode.OK);
        Assert.Equal(member.Id, Assert.Single(balances.Data.EnumerateArray()).GetProperty("user_id").GetInt64());
        (await member.Client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&{Year2026}&user_id={ws.Owner.Id}")).Expect(HttpStatusCode.Forbidden);
        (await member.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.OK);

        foreach (var user in new[] { member, teamManager })
        {
            (await user.Client.ApiPutAsync($"/api/v2/leaves/{mine}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiPutAsync($"/api/v2/leaves/{mine}/reject", new { workspace_id = ws.Id, reason = "no" })).Expect(HttpStatusCode.Forbidden);
        }
        (await viewer.Client.ApiGetAsync($"/api/v2/leaves?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        (await viewer.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        (await viewer.Client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&{Year2026}")).Expect(HttpStatusCode.Forbidden);
        (await viewer.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = vacation, user_id = viewer.Id, start = "2026-01-08", end = "2026-01-08",
        })).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("pending", (await LeaveAsync(ws, mine!)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Another_workspaces_leave_is_not_found_and_unchanged()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var id = await FileAsync(ws, await PolicyIdAsync(ws, "Vacation"), ws.Owner.Id, "2026-01-07", "2026-01-07");

        (await other.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/approve", new { workspace_id = other.Id })).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/reject", new { workspace_id = other.Id, reason = "x" })).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiPutAsync($"/api/v2/leaves/{Guid.NewGuid()}/approve", new { workspace_id = other.Id })).Expect(HttpStatusCode.NotFound);
        Assert.Empty((await other.Owner.Client.ApiGetAsync($"/api/v2/leaves?{other.Q}&id={id}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        (await other.Owner.Client.ApiPutAsync($"/api/v2/leaves/{id}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.Forbidden);
        (await other.Owner.Client.ApiGetAsync($"/api/v2/leaves?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("pending", (await LeaveAsync(ws, id)).GetProperty("status").GetString()!);
        Assert.Equal("20 days", await BalanceAsync(ws, ws.Owner.Id, "Vacation"));
    }

    private static async Task<long> PolicyIdAsync(TestWorkspace ws, string name)
    {
        var response = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.OK);
        return response.Data.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("id").GetInt64();
    }

    private static async Task<string> FileAsync(TestWorkspace ws, long policyId, long userId, string start, string end)
    {
        var response = (await ws.Owner.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = policyId, user_id = userId, start, end,
        })).Expect(HttpStatusCode.Created);
        return response.Data.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> LeaveAsync(TestWorkspace ws, string id)
    {
        var response = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&id={id}")).Expect(HttpStatusCode.OK);
        return Assert.Single(response.Data.EnumerateArray());
    }

    private static async Task<string> BalanceAsync(TestWorkspace ws, long userId, string policy, string window = Year2026)
    {
        var response = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&{window}&user_id={userId}")).Expect(HttpStatusCode.OK);
        var info = Assert.Single(response.Data.EnumerateArray()).GetProperty("leave_information");
        return info.EnumerateArray().Single(i => i.GetProperty("leave_type").GetString() == policy).GetProperty("balance").GetString()!;
    }
}
