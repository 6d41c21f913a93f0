using System.Net;
using OpenQA.Selenium;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.BrowserTests;

/// <summary>The web app's flows across people in Chromium: approval, reports, what a Regular User sees; axe on each page.</summary>
[Collection(BrowserHost.Collection)]
public sealed class AppFlowsInBrowserTests(BrowserHost host)
{
    /// <summary>
    /// A member's 2 h on "Website Redesign" (09:00–11:00 UTC) on the Monday of a fresh week, the clock on its Wednesday.
    /// The shared host's clock only moves forward: each call picks a week after the clock's.
    /// </summary>
    private async Task<(TestWorkspace Ws, TestUser Member, DateTime Monday)> ArrangeAsync()
    {
        var ws = await host.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var monday = host.Now().Date.AddDays(7);
        while (monday.DayOfWeek != DayOfWeek.Monday) monday = monday.AddDays(1);
        host.Clock.SetUtcNow(monday.AddDays(2).AddHours(12));
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = member.Id, contract_id = a.ContractId, date = TimeFixtures.Day(monday), start_time = "09:00", end_time = "11:00",
        })).Expect(HttpStatusCode.Created);
        return (ws, member, monday);
    }

    [BrowserFact]
    public async Task A_member_submits_the_week_a_manager_approves_it_and_the_member_sees_it_locked()
    {
        var (ws, member, _) = await ArrangeAsync();

        host.SignInByKeyboard(member.Email);
        var driver = host.Open("/app/week", keepCookies: true);
        driver.GoesTo(() => driver.Control("Submit week").SendKeys(Keys.Enter));
        Assert.Contains("Unsubmit week", Status(driver));

        host.SignInByKeyboard(ws.Owner.Email);
        driver.GoesTo(() => driver.Control("Approvals 1 pending").Click());
        Assert.Equal("Approvals", driver.Heading());
        var item = driver.FindElement(By.CssSelector(".inbox-item"));
        Assert.StartsWith("Timesheet of ", item.Text);
        Assert.Contains("2:00", item.Text);
        host.AssertLooksRight();
        driver.GoesTo(() => driver.Control("Approve").SendKeys(Keys.Enter));
        Assert.Contains("Nothing waits for a decision.", MainText(driver));
        host.AssertLooksRight();

        host.SignInByKeyboard(member.Email);
        host.Open("/app/week", keepCookies: true);
        Assert.Contains("This week is locked", Status(driver));
        Assert.DoesNotContain(driver.FindElements(By.CssSelector("button[type=submit]")), b => b.Text is "Submit week" or "Add time");
        host.AssertLooksRight();
    }

    [BrowserFact]
    public async Task A_reports_chart_shows_the_tracked_hours()
    {
        var (ws, _, _) = await ArrangeAsync();
        host.SignInByKeyboard(ws.Owner.Email);

        var driver = host.Open("/app/reports", keepCookies: true);
        Assert.Equal("Reports", driver.Heading());
        var chart = driver.FindElement(By.CssSelector("svg[role=img][aria-label='Tracked hours by project']"));
        Assert.Equal("Tracked hours by project", ((WebElement)chart).ComputedAccessibleLabel);
        Assert.Equal("Website Redesign: 2:00", chart.FindElement(By.TagName("desc")).GetAttribute("textContent"));
        Assert.Contains("2:00", chart.Text); // the bar's label, drawn in the chart
        host.AssertLooksRight();
    }

    [BrowserFact]
    public async Task A_regular_user_sees_no_rates_no_other_members_time_and_no_approvals_inbox()
    {
        var (ws, member, _) = await ArrangeAsync();
        var other = await ws.AddMemberAsync(Roles.RegularUser);
        var theirs = await ws.AssignAsync(other.Id, "Their project");
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = other.Id, contract_id = theirs.ContractId, date = TimeFixtures.Day(host.Now()), start_time = "08:00", end_time = "09:00",
        })).Expect(HttpStatusCode.Created);
        host.SignInByKeyboard(member.Email);

        var driver = host.Open("/app/approvals", keepCookies: true);
        Assert.StartsWith("Not allowed: ", MainText(driver).Split('\n')[1]);
        Assert.Empty(driver.FindElements(By.CssSelector(".inbox-item")));
        host.AssertLooksRight();

        host.Open("/app/reports", keepCookies: true);
        Assert.Contains("Not allowed: ", MainText(driver));
        Assert.Empty(driver.FindElements(By.TagName("svg")));
        Assert.DoesNotContain("Their project", MainText(driver));
        host.AssertLooksRight();

        host.Open("/app/team", keepCookies: true);
        Assert.Contains(member.Email, MainText(driver));
        Assert.DoesNotContain(other.Email, MainText(driver));
        Assert.DoesNotContain("Rate", driver.FindElements(By.CssSelector("th[scope=col]")).Select(th => th.Text));
        host.AssertLooksRight();

        host.Open("/app/week", keepCookies: true);
        Assert.Contains("Website Redesign", MainText(driver));
        Assert.DoesNotContain("Their project", MainText(driver));
    }

    [BrowserFact]
    public async Task The_team_and_projects_pages_look_right()
    {
        var (ws, member, _) = await ArrangeAsync();
        host.SignInByKeyboard(ws.Owner.Email);

        var driver = host.Open("/app/team", keepCookies: true);
        Assert.Contains(member.Email, MainText(driver));
        host.AssertLooksRight();

        host.Open("/app/projects", keepCookies: true);
        host.AssertLooksRight();
        driver.GoesTo(() => driver.Control("Website Redesign").Click()); // the project's tasks and contracts
        Assert.Contains("Tasks of Website Redesign", MainText(driver));
        Assert.Contains("Update homepage design", MainText(driver));
        host.AssertLooksRight();
    }

    /// <summary>The main content's visible text, read again when Blazor's script replaces the element just as it is read.</summary>
    private static string MainText(IWebDriver driver)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return driver.FindElement(By.TagName("main")).Text; }
            catch (StaleElementReferenceException) when (attempt < 5) { Thread.Sleep(50); }
        }
    }

    private static string Status(IWebDriver driver) => driver.FindElement(By.CssSelector("section[aria-labelledby=status-heading]")).Text;
}
