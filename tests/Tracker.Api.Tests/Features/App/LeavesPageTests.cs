using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>Leaves (/app/leaves): balances per policy, requesting leave through the API, and only the person's own requests.</summary>
public class LeavesPageTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Page = "/app/leaves";

    [Fact]
    public async Task A_member_sees_balances_requests_leave_and_sees_it_pending()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var browser = await Browser.SignedInAsync(factory, member.Email);

        var text = AppForms.Text(await browser.GetStringAsync(Page));
        Assert.Contains("Vacation 20 days", text);
        Assert.Contains("Personal time 16 hours", text);
        Assert.Contains("No leave requested yet.", text);

        var sent = await browser.PostAsync(Page, "leave", new Dictionary<string, string>
        {
            ["Leave.Policy"] = (await PolicyIdAsync(ws, member, "Vacation")).ToString(), ["Leave.Start"] = "2026-01-07",
            ["Leave.End"] = "2026-01-08", ["Leave.Period"] = "0", ["Leave.Reason"] = "Family visit",
        });
        Assert.True(sent.StatusCode == HttpStatusCode.Redirect, AppForms.Text(await sent.Content.ReadAsStringAsync()));
        var leave = (await member.Client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.OK).Data[0];
        Assert.Equal("pending", leave.GetProperty("status").GetString());
        Assert.Equal("2026-01-07", leave.GetProperty("start_date").GetString());
        Assert.Equal("Family visit", leave.GetProperty("note").GetString());
        Assert.Contains("Vacation 2026-01-07 2026-01-08 2", AppForms.Text(await browser.GetStringAsync(Page)));
        Assert.Contains("Family visit pending", AppForms.Text(await browser.GetStringAsync(Page)));
    }

    [Fact]
    public async Task A_refused_request_shows_the_field_the_API_names_and_files_nothing()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var browser = await Browser.SignedInAsync(factory, member.Email);
        var refused = await browser.PostAsync(Page, "leave", new Dictionary<string, string>
        {
            ["Leave.Policy"] = (await PolicyIdAsync(ws, member, "Personal time")).ToString(), ["Leave.Start"] = "2026-01-07",
            ["Leave.End"] = "2026-01-07", ["Leave.From"] = "09:00", ["Leave.To"] = "11:00", ["Leave.Hours"] = "3",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The hours per day field must be greater than 0 and at most 2.", AppForms.Text(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(0, (await member.Client.ApiGetAsync($"/api/v2/leaves?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.OK).Data.GetArrayLength());
    }

    [Fact]
    public async Task A_regular_user_does_not_see_another_members_leave()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/leaves?{ws.Q}", new
        {
            policy_id = await PolicyIdAsync(ws, ws.Owner, "Sick leave"), user_id = ws.Owner.Id, start = "2026-01-07", end = "2026-01-07",
            reason = "Owner only dentist",
        })).Expect(HttpStatusCode.Created);
        Assert.Contains("Owner only dentist", await (await Browser.SignedInAsync(factory, ws.Owner.Email)).GetStringAsync(Page));

        var html = await (await Browser.SignedInAsync(factory, member.Email)).GetStringAsync(Page);
        Assert.DoesNotContain("Owner only dentist", html);
        Assert.Contains("No leave requested yet.", AppForms.Text(html));
    }

    [Fact]
    public async Task A_project_viewer_reads_the_APIs_refusal_and_gets_no_form()
    {
        var ws = await factory.NewWorkspaceAsync();
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var html = await (await Browser.SignedInAsync(factory, viewer.Email)).GetStringAsync(Page);
        Assert.Contains("Not allowed:", AppForms.Text(html));
        Assert.DoesNotContain("name=\"_handler\" value=\"leave\"", html);
    }

    private static async Task<long> PolicyIdAsync(TestWorkspace ws, TestUser user, string name) =>
        (await user.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.OK).Data.EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == name).GetProperty("id").GetInt64();
}
