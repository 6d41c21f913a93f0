using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Projects;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>My week (/app/week): the day × project grid, adding or asking for time, submitting, and the lock.</summary>
public class WeekPageTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Monday = "2026-01-05"; // the fake clock's first day

    [Fact]
    public async Task A_member_sees_the_grid_submits_unsubmits_and_sees_the_approved_week_locked()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var contract = await ws.CreateContractAsync(await ws.CreateProjectAsync("Apollo"), member.Id);
        await TrackAsync(ws, member, contract, TimeSpan.FromMinutes(90));
        var browser = await Browser.SignedInAsync(factory, member.Email);
        var page = $"/app/week?week={Monday}";

        var html = await browser.GetStringAsync(page);
        var text = AppForms.Text(html);
        Assert.Contains("Project Mon 5 Tue 6 Wed 7 Thu 8 Fri 9 Sat 10 Sun 11 Total", text);
        Assert.Contains("Apollo 1:30 1:30", text);
        Assert.Contains("Timesheet pending", text);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(page, "submit", new Dictionary<string, string>())).StatusCode);
        var sheet = await SheetAsync(ws, member);
        Assert.Equal("submitted", sheet.GetProperty("status").GetString());
        Assert.Contains("Unsubmit week", await browser.GetStringAsync(page));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(page, "unsubmit", new Dictionary<string, string>())).StatusCode);
        Assert.Equal("pending", (await SheetAsync(ws, member)).GetProperty("status").GetString());

        await browser.PostAsync(page, "submit", new Dictionary<string, string>());
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/timesheets/{sheet.GetProperty("id").GetString()}/approve?{ws.Q}")).Expect(HttpStatusCode.OK);
        var locked = await browser.GetStringAsync(page);
        Assert.Contains("This week is locked", AppForms.Text(locked));
        Assert.DoesNotContain("name=\"_handler\" value=\"time\"", locked);
        Assert.DoesNotContain("name=\"_handler\" value=\"submit\"", locked);
    }

    [Fact]
    public async Task A_member_asks_for_time_and_an_owner_adds_it()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var project = await ws.CreateProjectAsync("Apollo");
        var memberContract = await ws.CreateContractAsync(project, member.Id);
        var ownerContract = await ws.CreateContractAsync(project, ws.Owner.Id);
        var page = $"/app/week?week={Monday}";

        var browser = await Browser.SignedInAsync(factory, member.Email);
        Assert.Contains("Ask for time", AppForms.Text(await browser.GetStringAsync(page)));
        var asked = await browser.PostAsync(page, "time", new Dictionary<string, string>
        {
            ["Time.Day"] = Monday, ["Time.Contract"] = memberContract.ToString(), ["Time.From"] = "06:00", ["Time.To"] = "08:00",
            ["Time.Note"] = "Client call",
        });
        Assert.True(asked.StatusCode == HttpStatusCode.Redirect, AppForms.Text(await asked.Content.ReadAsStringAsync()));
        var request = (await member.Client.ApiGetAsync($"/api/v2/time-requests?{ws.Q}&user_id={member.Id}&date_from={Monday}&date_to=2026-01-11"))
            .Expect(HttpStatusCode.OK).Data[0];
        Assert.Equal("pending", request.GetProperty("status").GetString());
        Assert.StartsWith("2026-01-05T06:00:00", request.GetProperty("start").GetString());
        Assert.Contains("Mon 5 Jan 06:00–08:00 Client call pending", AppForms.Text(await browser.GetStringAsync(page)));

        var owner = await Browser.SignedInAsync(factory, ws.Owner.Email);
        Assert.Contains("Add time", AppForms.Text(await owner.GetStringAsync(page)));
        var added = await owner.PostAsync(page, "time", new Dictionary<string, string>
        {
            ["Time.Day"] = Monday, ["Time.Contract"] = ownerContract.ToString(), ["Time.From"] = "03:00", ["Time.To"] = "03:45",
        });
        Assert.True(added.StatusCode == HttpStatusCode.Redirect, AppForms.Text(await added.Content.ReadAsStringAsync()));
        var entry = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-entries?{ws.Q}&user_id={ws.Owner.Id}&date={Monday}")).Expect(HttpStatusCode.OK).Data[0];
        Assert.Equal(45, entry.GetProperty("duration_minutes").GetInt64());
        Assert.Contains("Apollo 0:45 0:45", AppForms.Text(await owner.GetStringAsync(page)));
    }

    [Fact]
    public async Task A_refused_request_shows_the_fields_the_API_names()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var contract = await ws.CreateContractAsync(await ws.CreateProjectAsync("Apollo"), member.Id);
        var browser = await Browser.SignedInAsync(factory, member.Email);
        var refused = await browser.PostAsync($"/app/week?week={Monday}", "time", new Dictionary<string, string>
        {
            ["Time.Day"] = "2026-01-06", ["Time.Contract"] = contract.ToString(), ["Time.From"] = "15:00", ["Time.To"] = "13:00",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The end must be a date after start.", AppForms.Text(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(0, (await member.Client.ApiGetAsync($"/api/v2/time-requests?{ws.Q}&user_id={member.Id}&date_from={Monday}&date_to=2026-01-11"))
            .Expect(HttpStatusCode.OK).Data.GetArrayLength());
    }

    private async Task TrackAsync(TestWorkspace ws, TestUser user, long contract, TimeSpan span)
    {
        (await user.Client.ApiPostAsync($"/api/v2/time-tracking/start?{ws.Q}", new { user_id = user.Id, contract_id = contract })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(span);
        (await user.Client.ApiPostAsync($"/api/v2/time-tracking/stop?{ws.Q}", new { user_id = user.Id })).Expect(HttpStatusCode.OK);
    }

    private static async Task<System.Text.Json.JsonElement> SheetAsync(TestWorkspace ws, TestUser user) =>
        (await user.Client.ApiGetAsync($"/api/v2/timesheets?{ws.Q}&user_id={user.Id}&date_from={Monday}&date_to=2026-01-11")).Expect(HttpStatusCode.OK).Data[0];
}
