using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// Nobody approves or rejects their own timesheet, leave or time request; the Owner, who has no one above, may.
/// Each case: the Executive manager's own request is refused (403, request unchanged), a second Executive manager
/// decides it, and the Owner decides their own.
/// </summary>
public class SelfApprovalTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    [Fact]
    public async Task Timesheets()
    {
        var ws = await factory.NewWorkspaceAsync();
        var exec = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var other = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var monday = FreshWeek();
        var execSheet = await SubmittedSheetAsync(ws, exec, monday);
        var ownerSheet = await SubmittedSheetAsync(ws, ws.Owner, monday);
        Task<ApiResponse> Act(TestUser who, string id, string action) =>
            who.Client.ApiPutAsync($"/api/v2/timesheets/{id}/{action}", new { workspace_id = ws.Id, reason = "Please fix Monday" });

        Assert.Contains("your own", (await Act(exec, execSheet, "approve")).Expect(HttpStatusCode.Forbidden).Message);
        (await Act(exec, execSheet, "reject")).Expect(HttpStatusCode.Forbidden);
        Assert.Equal(TimesheetStatuses.Submitted, (await ws.TimesheetsAsync(exec.Id)).Single().Status);

        (await Act(other, execSheet, "approve")).Expect(HttpStatusCode.OK);
        Assert.Equal(TimesheetStatuses.Approved, (await ws.TimesheetsAsync(exec.Id)).Single().Status);
        (await Act(ws.Owner, ownerSheet, "reject")).Expect(HttpStatusCode.OK);
        Assert.Equal(TimesheetStatuses.Rejected, (await ws.TimesheetsAsync(ws.Owner.Id)).Single().Status);
    }

    [Fact]
    public async Task Leaves()
    {
        var ws = await factory.NewWorkspaceAsync();
        var exec = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var other = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var execLeave = await FileLeaveAsync(ws, exec, "2026-03-02");
        var ownerLeave = await FileLeaveAsync(ws, ws.Owner, "2026-03-09");
        Task<ApiResponse> Act(TestUser who, string id, string action) =>
            who.Client.ApiPutAsync($"/api/v2/leaves/{id}/{action}", new { workspace_id = ws.Id, reason = "Busy week" });

        (await Act(exec, execLeave, "approve")).Expect(HttpStatusCode.Forbidden);
        (await Act(exec, execLeave, "reject")).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("pending", await LeaveStatusAsync(ws, execLeave));

        (await Act(other, execLeave, "reject")).Expect(HttpStatusCode.OK);
        Assert.Equal("rejected", await LeaveStatusAsync(ws, execLeave));
        (await Act(ws.Owner, ownerLeave, "approve")).Expect(HttpStatusCode.OK);
        Assert.Equal("approved", await LeaveStatusAsync(ws, ownerLeave));
    }

    [Fact]
    public async Task Time_requests()
    {
        var ws = await factory.NewWorkspaceAsync();
        var exec = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var other = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var noon = factory.Now().Date.AddDays(2).AddHours(12);
        factory.Clock.SetUtcNow(noon);
        var day = noon.Date.AddDays(-1);
        var execRequest = await RequestTimeAsync(ws, exec, day);
        var ownerRequest = await RequestTimeAsync(ws, ws.Owner, day);
        Task<ApiResponse> Act(TestUser who, string id, string action) =>
            who.Client.ApiPostAsync($"/api/v2/time-requests/{id}/{action}", new { workspace_id = ws.Id, comment = "Not agreed" });

        (await Act(exec, execRequest, "approve")).Expect(HttpStatusCode.Forbidden);
        (await Act(exec, execRequest, "reject")).Expect(HttpStatusCode.Forbidden);
        Assert.Empty(await ws.EntriesAsync(exec.Id));

        var approved = (await Act(other, execRequest, "approve")).Expect(HttpStatusCode.OK);
        Assert.Equal(other.Id, approved.Data.GetProperty("updated_by").GetInt64());
        Assert.Single(await ws.EntriesAsync(exec.Id));
        Assert.Equal("approved", (await Act(ws.Owner, ownerRequest, "approve")).Expect(HttpStatusCode.OK).Data.GetProperty("status").GetString());
    }

    private DateTime FreshWeek()
    {
        var day = factory.Now().Date.AddDays(7);
        while (day.DayOfWeek != DayOfWeek.Monday) day = day.AddDays(1);
        factory.Clock.SetUtcNow(day.AddDays(2).AddHours(12));
        return day;
    }

    private static async Task<string> SubmittedSheetAsync(TestWorkspace ws, TestUser who, DateTime monday)
    {
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = who.Id, date = TimeFixtures.Day(monday), start_time = "09:00", end_time = "10:00",
        })).Expect(HttpStatusCode.Created);
        var id = Assert.Single(await ws.TimesheetsAsync(who.Id)).Id;
        (await who.Client.ApiPutAsync($"/api/v2/timesheets/{id}/submit", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        return id;
    }

    private static async Task<string> FileLeaveAsync(TestWorkspace ws, TestUser who, string day)
    {
        var policies = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.OK);
        var vacation = policies.Data.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Vacation").GetProperty("id").GetInt64();
        var filed = (await who.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = vacation, user_id = who.Id, start = day, end = day,
        })).Expect(HttpStatusCode.Created);
        return filed.Data.GetProperty("id").GetString()!;
    }

    private static async Task<string> LeaveStatusAsync(TestWorkspace ws, string id) =>
        Assert.Single((await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&id={id}")).Expect(HttpStatusCode.OK).Data.EnumerateArray())
            .GetProperty("status").GetString()!;

    private static async Task<string> RequestTimeAsync(TestWorkspace ws, TestUser who, DateTime day)
    {
        var created = (await who.Client.ApiPostAsync("/api/v2/time-requests", new
        {
            workspace_id = ws.Id, user_id = who.Id, start = day.AddHours(9).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'"),
            end = day.AddHours(11).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'"), notes = "Forgot to start the timer",
        })).Expect(HttpStatusCode.Created);
        return created.Data.GetProperty("id").GetString()!;
    }
}
