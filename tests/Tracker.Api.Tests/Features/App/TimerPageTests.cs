using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Projects;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>The timer page (/app): start and stop through the API, today's entries, totals; each person sees their own.</summary>
public class TimerPageTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    [Fact]
    public async Task A_member_starts_and_stops_the_timer_and_sees_the_totals()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var project = await ws.CreateProjectAsync("Apollo");
        var contract = await ws.CreateContractAsync(project, member.Id);
        var task = await ws.CreateTaskAsync(project, "Landing");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{member.Id}?{ws.Q}", new { weekly_hours_limit = 20 })).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/contracts/{contract}?{ws.Q}", new { weekly_hours_limit = 10 })).Expect(HttpStatusCode.OK);
        var browser = await Browser.SignedInAsync(factory, member.Email);

        var page = await browser.GetStringAsync("/app");
        Assert.Contains($"<option value=\"c{contract}-t{task}\">Apollo: Landing</option>", page);
        Assert.Contains(">Start</button>", page);

        var started = await browser.PostAsync("/app", "start", new Dictionary<string, string>
        {
            ["Start.Choice"] = $"c{contract}-t{task}", ["Start.Note"] = "Writing the plan",
        });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var current = (await member.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(contract, current.Data.GetProperty("contract_id").GetInt64());
        Assert.Equal(task, current.Data.GetProperty("task_id").GetInt64());
        Assert.Equal("Writing the plan", current.Data.GetProperty("activity_description").GetString());

        factory.Clock.Advance(TimeSpan.FromMinutes(90));
        var running = AppForms.Text(await browser.GetStringAsync("/app"));
        Assert.Contains("Tracking now Apollo · Landing · Writing the plan", running);
        Assert.Contains("Today 1:30:00", running);
        Assert.Contains("Stop", running);
        Assert.DoesNotContain(">Start</button>", await browser.GetStringAsync("/app"));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/app", "stop", new Dictionary<string, string>())).StatusCode);
        (await member.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.BadRequest);
        var stopped = AppForms.Text(await browser.GetStringAsync("/app"));
        Assert.Contains("Today 1:30", stopped);
        Assert.Contains("This week 1:30", stopped);
        Assert.Contains("Weekly limit 1:30 of 20:00", stopped); // the member's, over all their time
        Assert.Contains("Weekly limit, Apollo 1:30 of 10:00", stopped); // the contract's
    }

    [Fact]
    public async Task A_refused_start_shows_the_APIs_reason()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync("Apollo");
        var contract = await ws.CreateContractAsync(project, ws.Owner.Id);
        var otherTask = await ws.CreateTaskAsync(await ws.CreateProjectAsync("Other"), "Elsewhere");
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var refused = await browser.PostAsync("/app", "start", new Dictionary<string, string> { ["Start.Choice"] = $"c{contract}-t{otherTask}" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        var api = (await ws.Owner.Client.ApiPostAsync($"/api/v2/time-tracking/start?{ws.Q}",
            new { user_id = ws.Owner.Id, contract_id = contract, task_id = otherTask })).Raw;
        Assert.True((int)api.StatusCode is >= 400 and < 500);
        var message = System.Text.Json.JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString()!;
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains(message, AppForms.Text(html)); // the API's own words
        Assert.Contains(">Start</button>", html); // and the form again
    }

    [Fact]
    public async Task An_owner_edits_and_deletes_todays_entries()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync("Apollo");
        var contract = await ws.CreateContractAsync(project, ws.Owner.Id);
        var today = factory.Clock.GetUtcNow().ToString("yyyy-MM-dd");
        var created = (await ws.Owner.Client.ApiPostAsync($"/api/v2/time-entries?{ws.Q}", new
        {
            user_id = ws.Owner.Id, contract_id = contract, date = today, start_time = "06:00", end_time = "07:00", activity_description = "Early",
        })).Expect(HttpStatusCode.Created);
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var page = AppForms.Text(await browser.GetStringAsync("/app"));
        Assert.Contains("06:00–07:00 Apollo Early 1:00", page);

        var id = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-entries?{ws.Q}&user_id={ws.Owner.Id}&date={today}")).Expect(HttpStatusCode.OK)
            .Data[0].GetProperty("id").GetString()!;
        var edited = await browser.PostAsync("/app", $"edit-{id}", new Dictionary<string, string>
        {
            ["Edit.From"] = "06:30", ["Edit.To"] = "08:00", ["Edit.Note"] = "Earlier",
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var entry = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-entries?{ws.Q}&user_id={ws.Owner.Id}&date={today}")).Expect(HttpStatusCode.OK).Data[0];
        Assert.Equal(90, entry.GetProperty("duration_minutes").GetInt64());
        Assert.Equal("Earlier", entry.GetProperty("activity_description").GetString());
        Assert.Contains("06:30–08:00 Apollo Earlier 1:30", AppForms.Text(await browser.GetStringAsync("/app")));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/app", $"delete-{id}", new Dictionary<string, string>())).StatusCode);
        Assert.Equal(0, (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-entries?{ws.Q}&user_id={ws.Owner.Id}&date={today}")).Data.GetArrayLength());
        Assert.Contains("No entries today.", await browser.GetStringAsync("/app"));
    }

    [Fact]
    public async Task A_form_from_a_page_that_changed_since_is_answered_with_a_page()
    {
        var ws = await factory.NewWorkspaceAsync();
        var contract = await ws.CreateContractAsync(await ws.CreateProjectAsync("Apollo"), ws.Owner.Id);
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var page = await browser.GetStringAsync("/app"); // the start form…
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/time-tracking/start?{ws.Q}", new { user_id = ws.Owner.Id, contract_id = contract }))
            .Expect(HttpStatusCode.OK); // …is gone once a tracker runs

        var stale = await browser.PostAsync("/app", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "start", ["Start.Choice"] = $"c{contract}", ["__RequestVerificationToken"] = Forms.Fields(page)["__RequestVerificationToken"],
        }));
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal("text/html", stale.Content.Headers.ContentType?.MediaType);
        Assert.Contains("This page changed since you opened it.", await stale.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_regular_members_page_has_only_what_the_API_shows_them()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var project = await ws.CreateProjectAsync("Apollo");
        var ownerContract = await ws.CreateContractAsync(project, ws.Owner.Id);
        await ws.CreateContractAsync(project, member.Id);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/time-tracking/start?{ws.Q}",
            new { user_id = ws.Owner.Id, contract_id = ownerContract, activity_description = "Owner's secret plan" })).Expect(HttpStatusCode.OK);

        var browser = await Browser.SignedInAsync(factory, member.Email);
        var page = AppForms.Text(await browser.GetStringAsync("/app"));
        Assert.DoesNotContain("Owner's secret plan", page);
        Assert.Contains("Start tracking", page); // the owner's tracker is not theirs
        // Time entries are for owners and executive managers (the contract): the page says what the API answered.
        Assert.Contains("Today's entries Not allowed", page);

        var ownerPage = AppForms.Text(await (await Browser.SignedInAsync(factory, ws.Owner.Email)).GetStringAsync("/app"));
        Assert.Contains("Owner's secret plan", ownerPage);
    }
}
