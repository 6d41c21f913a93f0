using System.Net;
using System.Text.RegularExpressions;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>/app/approvals over HTTP: the inbox, approve and reject through the API, the badge, and a Regular User refused.</summary>
public class ApprovalsPageTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    /// <summary>A member's submitted timesheet (an hour on a fresh Monday), a pending time request of that Tuesday and a pending vacation three weeks on.</summary>
    private async Task<(TestWorkspace Ws, TestUser Member, string SheetId, string RequestId, string LeaveId, DateTime Monday)> ArrangeAsync()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var monday = factory.Now().Date.AddDays(7);
        while (monday.DayOfWeek != DayOfWeek.Monday) monday = monday.AddDays(1);
        factory.Clock.SetUtcNow(monday.AddDays(2).AddHours(12));
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = member.Id, date = TimeFixtures.Day(monday), start_time = "09:00", end_time = "10:00",
        })).Expect(HttpStatusCode.Created);
        var sheet = Assert.Single(await ws.TimesheetsAsync(member.Id)).Id;
        var request = (await member.Client.ApiPostAsync("/api/v2/time-requests", new
        {
            workspace_id = ws.Id, user_id = member.Id, start = $"{TimeFixtures.Day(monday.AddDays(1))}T13:00:00+00:00",
            end = $"{TimeFixtures.Day(monday.AddDays(1))}T14:30:00+00:00", notes = "Client call <b>notes</b>",
        })).Expect(HttpStatusCode.Created).Data.GetProperty("id").GetString()!;
        // Submitted last: a submitted week takes no new time requests.
        (await member.Client.ApiPutAsync($"/api/v2/timesheets/{sheet}/submit", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        var policies = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.OK);
        var vacation = policies.Data.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Vacation").GetProperty("id").GetInt64();
        var leave = (await member.Client.ApiPostAsync("/api/v2/leaves", new
        {
            workspace_id = ws.Id, policy_id = vacation, user_id = member.Id,
            start = TimeFixtures.Day(monday.AddDays(21)), end = TimeFixtures.Day(monday.AddDays(22)),
        })).Expect(HttpStatusCode.Created).Data.GetProperty("id").GetString()!;
        return (ws, member, sheet, request, leave, monday);
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient browser, string kind, string id, string decision, string reason = "") =>
        browser.SubmitAsync("/app/approvals", "/app/approvals", new Dictionary<string, string>
        {
            ["_handler"] = $"decide-{kind}-{id}", ["Decision"] = decision, ["Reason"] = reason,
        });

    [Fact]
    public async Task A_manager_sees_the_inbox_with_a_badge_and_approves_a_timesheet()
    {
        var (ws, member, sheet, request, leave, monday) = await ArrangeAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var html = await browser.GetStringAsync("/app/approvals");
        Assert.Contains($"Vacation leave {TimeFixtures.Day(monday.AddDays(21))} – {TimeFixtures.Day(monday.AddDays(22))}", WebUtility.HtmlDecode(html));
        Assert.Contains($"name=\"_handler\" value=\"decide-leave-{leave}\"", html);
        Assert.Contains("<h1>Approvals</h1>", html);
        Assert.Contains($"Week {TimeFixtures.Day(monday)} – {TimeFixtures.Day(monday.AddDays(6))}, 1:00", WebUtility.HtmlDecode(html));
        Assert.Contains($"Time {TimeFixtures.Day(monday.AddDays(1))} 13:00 – 14:30: Client call <b>notes</b>", WebUtility.HtmlDecode(html)); // the owner's zone is UTC
        Assert.Contains("Client call &lt;b&gt;notes&lt;/b&gt;", html); // encoded, never markup
        Assert.Contains($"name=\"_handler\" value=\"decide-timesheet-{sheet}\"", html);
        Assert.Contains($"name=\"_handler\" value=\"decide-time-request-{request}\"", html);
        Assert.Matches(new Regex("href=\"/app/approvals\"[^>]*>Approvals\\s*<span class=\"badge\">3<span class=\"sr-only\"> pending</span>"), html);

        var approved = await DecideAsync(browser, "timesheet", sheet, "approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode); // done: the page again, a refresh never posts twice
        Assert.Equal("/app/approvals", approved.Headers.Location?.PathAndQuery);
        var after = await browser.GetStringAsync("/app/approvals");
        Assert.DoesNotContain($"decide-timesheet-{sheet}", after);
        Assert.Contains($"decide-time-request-{request}", after);
        Assert.Equal("approved", Assert.Single(await ws.TimesheetsAsync(member.Id)).Status);

        // The badge's count is kept a minute per person (four API calls saved on every page): a decision in the app
        // is seen at once, one made elsewhere (here straight through the API) once the minute is over.
        Assert.Matches(Badge(2), after);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/leaves/{leave}/approve?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Matches(Badge(2), await browser.GetStringAsync("/app/week"));
        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Matches(Badge(1), await browser.GetStringAsync("/app/week"));
    }

    private static Regex Badge(int count) => new($"href=\"/app/approvals\"[^>]*>Approvals\\s*<span class=\"badge\">{count}<span class=\"sr-only\"> pending</span>");

    [Fact]
    public async Task Reject_needs_the_reason_the_API_asks_for()
    {
        var (ws, _, _, request, _, _) = await ArrangeAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var refused = await DecideAsync(browser, "time-request", request, "reject");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<div class=\"error\" role=\"alert\">", html); // the API's 422, as it answered
        Assert.Contains($"decide-time-request-{request}", html); // still waiting

        var rejected = await DecideAsync(browser, "time-request", request, "reject", "Not agreed");
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var stored = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-requests/{request}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("rejected", stored.Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_regular_member_is_told_no_and_sees_no_inbox_and_no_badge()
    {
        var (ws, member, sheet, _, _, _) = await ArrangeAsync();
        var browser = await Browser.SignedInAsync(factory, member.Email);

        var page = await browser.GetAsync("/app/approvals");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<p>Not allowed: ", html);
        Assert.DoesNotContain("decide-", html);
        Assert.DoesNotContain("Week ", html);
        Assert.DoesNotContain("class=\"badge\"", html);

        // A forged decision changes nothing: the page holds no form for it, and the API would refuse it.
        await DecideAsync(browser, "timesheet", sheet, "approve");
        Assert.Equal("submitted", Assert.Single(await ws.TimesheetsAsync(member.Id)).Status);
    }
}
