using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>/app/reports over HTTP: charts, tables and the CSV for a manager; the API's refusals shown as they come.</summary>
public class ReportsPageTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    /// <summary>A member's 2 h on "Website Redesign" on a fresh Monday (09:00–11:00 UTC), the clock on that Wednesday.</summary>
    private async Task<(TestWorkspace Ws, TestUser Member, DateTime Monday)> ArrangeAsync()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var monday = factory.Now().Date.AddDays(7);
        while (monday.DayOfWeek != DayOfWeek.Monday) monday = monday.AddDays(1);
        factory.Clock.SetUtcNow(monday.AddDays(2).AddHours(12));
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = member.Id, contract_id = a.ContractId, date = TimeFixtures.Day(monday), start_time = "09:00", end_time = "11:00",
        })).Expect(HttpStatusCode.Created);
        return (ws, member, monday);
    }

    [Fact]
    public async Task A_manager_sees_charts_tables_timeline_and_downloads_the_csv()
    {
        var (ws, _, monday) = await ArrangeAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        // This week is the default range; the day of the timeline is today unless chosen.
        var html = await browser.GetStringAsync($"/app/reports?day={TimeFixtures.Day(monday)}");
        Assert.Contains("<h1>Reports</h1>", html);
        Assert.Contains("<option value=\"this-week\" selected", html);
        Assert.Contains("role=\"img\" aria-label=\"Tracked hours by member\"", html);
        Assert.Contains("role=\"img\" aria-label=\"Tracked hours by project\"", html);
        Assert.Contains("<desc>Website Redesign: 2:00</desc>", html);
        Assert.Contains("<th scope=\"row\">Website Redesign</th>", html);
        Assert.Contains("<td class=\"num\">2:00</td>", html);
        Assert.Contains("role=\"img\" aria-label=\"Daily timeline of " + TimeFixtures.Day(monday) + "\"", html);
        Assert.Contains("09:00–11:00 Website Redesign (2:00)", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains("Average activity by member", html);
        var csvLink = $"/app/reports/tracked-hours.csv?range=this-week&amp;from={TimeFixtures.Day(monday)}&amp;to={TimeFixtures.Day(monday.AddDays(6))}";
        Assert.Contains(csvLink, html);

        var csv = await browser.GetAsync(System.Net.WebUtility.HtmlDecode(csvLink));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("date,user_id,user_name,project_id,project_name,contract_id,total_minutes", text);
        Assert.Contains($"{TimeFixtures.Day(monday)},", text);
        Assert.Contains(",Website Redesign,", text);
    }

    [Fact]
    public async Task Member_sections_page_30_at_a_time_and_the_activity_figure_covers_the_team()
    {
        var (ws, _, monday) = await ArrangeAsync();
        var others = new List<TestUser>();
        for (var i = 0; i < 30; i++) others.Add(await ws.AddMemberAsync(Roles.RegularUser, timezone: "UTC"));
        await using (var scope = factory.Scope())
        {
            // One hour each at 40 % (the first member's 2 h carry no level): the team's average is 40 %, 30 h active × 0.4 = 12 h.
            var db = factory.Db(scope);
            db.TimeEntries.AddRange(others.Select((u, i) => new TimeEntry
            {
                Id = Guid.NewGuid().ToString(), WorkspaceId = ws.Id, UserId = u.Id, Method = "Desktop tracker", ActivityLevel = 40,
                StartedAt = monday.AddHours(12), EndedAt = monday.AddHours(13), CreatedAt = monday, UpdatedAt = monday,
            }));
            await db.SaveChangesAsync();
        }
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        // Text as a reader sees it: entities decoded, the markup's line breaks as spaces.
        var first = System.Text.RegularExpressions.Regex.Replace(
            System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync($"/app/reports?day={TimeFixtures.Day(monday)}")), @"\s+", " ");
        Assert.Contains("Members 1–30 of 31 with tracked time, most first.", first);
        Assert.Contains("Page 1 of 2 of the members with time this day.", first);
        Assert.Contains("Average activity over the range: 40 %, 12:00 active of 32:00.", first);
        Assert.Contains("Next members", first);
        Assert.DoesNotContain("Previous members", first);
        Assert.Contains("<desc>Test User: 2:00; Test User: 1:00;", first); // the most time first
        // The page's 30 members but the first, whose time has no level.
        Assert.Contains("<desc>" + string.Join("; ", Enumerable.Repeat("Test User: 40 %", 29)) + "</desc>", first);

        var second = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync($"/app/reports?range=this-week&day={TimeFixtures.Day(monday)}&members=2"));
        Assert.Contains("Members 31–31 of 31 with tracked time, most first.", second);
        Assert.Contains("Previous members", second);
        Assert.DoesNotContain("Next members", second);
        Assert.Contains("<desc>Test User: 1:00</desc>", second);
        Assert.Contains("<desc>Test User: 40 %</desc>", second);
    }

    [Fact]
    public async Task A_custom_range_beyond_the_APIs_limit_shows_the_APIs_message()
    {
        var (ws, _, monday) = await ArrangeAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var html = await browser.GetStringAsync($"/app/reports?range=custom&from={TimeFixtures.Day(monday.AddDays(-40))}&to={TimeFixtures.Day(monday)}");
        Assert.Contains("<option value=\"custom\" selected", html);
        Assert.Contains("The date range must not exceed 31 days.", html); // activity-level's 31-day rule, answered by the API
        Assert.Contains("<desc>Website Redesign: 2:00</desc>", html); // tracked hours allow the longer range
    }

    [Fact]
    public async Task Amounts_show_only_to_a_manager_the_API_shows_rates_to()
    {
        var (ws, _, monday) = await ArrangeAsync();
        var blind = await ws.AddMemberAsync(Roles.ExecutiveManager, canSeeRates: false);
        var seeing = await ws.AddMemberAsync(Roles.ExecutiveManager, canSeeRates: true);
        var url = $"/app/reports?range=custom&from={TimeFixtures.Day(monday)}&to={TimeFixtures.Day(monday)}";

        var without = await (await Browser.SignedInAsync(factory, blind.Email)).GetStringAsync(url);
        Assert.Contains("<desc>Website Redesign: 2:00</desc>", without);
        Assert.DoesNotContain("Amount (", without);

        var with = await (await Browser.SignedInAsync(factory, seeing.Email)).GetStringAsync(url);
        Assert.Contains("<th scope=\"col\" class=\"num\">Amount (USD)</th>", with);
    }

    [Fact]
    public async Task A_regular_member_sees_the_APIs_refusal_and_no_data()
    {
        var (_, member, monday) = await ArrangeAsync();
        var browser = await Browser.SignedInAsync(factory, member.Email);

        var page = await browser.GetAsync("/app/reports");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<p>Not allowed: "));
        Assert.DoesNotContain("<svg", html);
        Assert.DoesNotContain("Website Redesign", html);
        Assert.DoesNotContain("Amount (", html);

        var csv = await browser.GetAsync($"/app/reports/tracked-hours.csv?range=custom&from={TimeFixtures.Day(monday)}&to={TimeFixtures.Day(monday)}");
        Assert.Equal(HttpStatusCode.Redirect, csv.StatusCode);
        Assert.StartsWith("/app/reports?range=custom", csv.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_csv_of_a_session_whose_token_ended_signs_in_again()
    {
        var (ws, _, _) = await ArrangeAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        await using (var scope = factory.Scope())
            await factory.Db(scope).PersonalAccessTokens
                .Where(t => t.UserId == ws.Owner.Id && t.Prefix.StartsWith(PersonalAccessTokens.WebSessionPrefix))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, factory.Clock.GetUtcNow().UtcDateTime));

        var csv = await browser.GetAsync("/app/reports/tracked-hours.csv?range=last-week");
        Assert.Equal(HttpStatusCode.Redirect, csv.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fapp%2Freports%2Ftracked-hours.csv%3Frange%3Dlast-week", csv.Headers.Location?.PathAndQuery);
    }
}
