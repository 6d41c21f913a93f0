using OpenQA.Selenium;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Projects;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.BrowserTests;

/// <summary>The web app (/app) in Chromium: what a member does with it, and axe at 1280 and 390 px on each page.</summary>
[Collection(BrowserHost.Collection)]
public sealed class AppPagesInBrowserTests(BrowserHost host)
{
    [BrowserFact]
    public async Task A_member_signs_in_starts_and_stops_the_timer_and_sees_the_entry()
    {
        var ws = await host.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        await ws.CreateContractAsync(await ws.CreateProjectAsync("Apollo"), member.Id);

        host.SignInByKeyboard(member.Email);
        var driver = host.Driver;
        Assert.Equal("/app", new Uri(driver.Url).AbsolutePath);
        host.AssertLooksRight();

        // By keyboard: type the note, Tab to Start, Enter; later Enter on Stop.
        driver.Control("Note").SendKeys("Browser flow" + Keys.Tab);
        Assert.Equal(driver.Control("Start"), driver.Focused());
        driver.GoesTo(() => driver.Type(Keys.Enter));
        Assert.Contains("Tracking now", Section(driver, "tracker-heading"));
        Assert.Contains("Browser flow", Section(driver, "tracker-heading"));
        host.AssertLooksRight();

        host.Clock.Advance(TimeSpan.FromMinutes(45));
        driver.GoesTo(() => driver.Control("Stop").SendKeys(Keys.Enter));

        Assert.Contains("Start tracking", Section(driver, "tracker-heading"));
        Assert.Contains("Today\n0:45", Section(driver, "totals-heading"));
        host.AssertLooksRight();

        // A Regular User may not list time entries (the API's rule): the entry shows in the week's grid.
        driver.GoesTo(() => driver.Control("My week").Click());
        Assert.Equal("/app/week", new Uri(driver.Url).AbsolutePath);
        var apollo = driver.FindElements(By.CssSelector("section[aria-labelledby=grid-heading] tbody tr"))
            .Single(row => row.Text.StartsWith("Apollo", StringComparison.Ordinal));
        Assert.Contains("0:45", apollo.Text);
        host.AssertLooksRight();
    }

    [BrowserFact]
    public async Task The_week_page_looks_right()
    {
        var ws = await host.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        await ws.CreateContractAsync(await ws.CreateProjectAsync("Apollo"), member.Id);
        host.SignInByKeyboard(member.Email);

        var driver = host.Open("/app/week", keepCookies: true);
        Assert.Equal("/app/week", new Uri(driver.Url).AbsolutePath);
        host.AssertLooksRight();
    }

    [BrowserFact]
    public async Task An_owner_adds_a_webhook_by_keyboard_and_sees_its_secret()
    {
        var ws = await host.NewWorkspaceAsync();
        host.SignInByKeyboard(ws.Owner.Email);
        var driver = host.Open("/app/webhooks", keepCookies: true);
        host.AssertLooksRight();

        // A long URL must wrap, not widen the page on a phone; checkboxes are named by their event.
        driver.Control("URL").SendKeys("https://hooks.example.com/tracker/a-rather-long-path-that-a-phone-must-wrap/" + new string('x', 60));
        driver.Control("project.created").SendKeys(" ");
        driver.GoesTo(() => driver.Control("Add webhook").SendKeys(Keys.Enter));

        var secret = Section(driver, "selected-heading");
        Assert.Matches("Signing secret: whsec_[A-Za-z0-9+/=]{40,}", secret);
        Assert.Contains("No deliveries yet.", secret);
        host.AssertLooksRight();
    }

    [BrowserFact]
    public async Task A_person_in_two_workspaces_switches_by_keyboard_and_sees_the_seconds_projects()
    {
        var first = await host.NewWorkspaceAsync();
        var second = await host.NewWorkspaceAsync();
        await second.AddExistingUserAsync(first.Owner, Roles.ExecutiveManager);
        var alpha = $"Alpha {first.Id}";
        var beta = $"Beta {second.Id}";
        await first.CreateProjectAsync(alpha);
        await second.CreateProjectAsync(beta);
        host.SignInByKeyboard(first.Owner.Email);
        var driver = host.Open("/app/projects", keepCookies: true);
        Assert.Contains(alpha, driver.FindElement(By.TagName("main")).Text);
        host.AssertLooksRight(); // the switcher in the header at 1280 and 390 px

        // The workspace list is a named select: pick the next one with the arrow key, Tab to Switch, Enter.
        driver.Control("Workspace").SendKeys(Keys.ArrowDown + Keys.Tab);
        Assert.Equal(driver.Control("Switch"), driver.Focused());
        driver.GoesTo(() => driver.Type(Keys.Enter));

        Assert.Equal("/app/projects", new Uri(driver.Url).AbsolutePath);
        var main = driver.FindElement(By.TagName("main")).Text;
        Assert.Contains(beta, main);
        Assert.DoesNotContain(alpha, main);
        host.AssertLooksRight();
    }

    [BrowserFact]
    public async Task An_owner_checks_an_export_with_a_dry_run_import()
    {
        var source = await host.NewWorkspaceAsync();
        await source.CreateProjectAsync("Apollo");
        var zip = Path.Combine(Path.GetTempPath(), $"tracker-export-{Guid.NewGuid():N}.zip");
        await File.WriteAllBytesAsync(zip, await (await source.Owner.Client.GetAsync($"/api/v2/exports?{source.Q}")).Content.ReadAsByteArrayAsync());
        var ws = await host.NewWorkspaceAsync();
        host.SignInByKeyboard(ws.Owner.Email);
        var driver = host.Open("/app/data", keepCookies: true);
        host.AssertLooksRight();

        driver.Control("File").SendKeys(zip);
        driver.Control("From").SendKeys("Tracker export");
        Assert.True(driver.Control("Dry run (check only, write nothing)").Selected);
        driver.GoesTo(() => driver.Control("Import").SendKeys(Keys.Enter));

        var result = Section(driver, "result-heading");
        Assert.Contains("Dry run of the import", result);
        Assert.Contains("Projects created\n1", result);
        host.AssertLooksRight();
        File.Delete(zip);
    }

    /// <summary>The visible text of the page's section headed by the element with this id.</summary>
    private static string Section(IWebDriver driver, string headingId) =>
        driver.FindElement(By.CssSelector($"section[aria-labelledby={headingId}]")).Text;
}
