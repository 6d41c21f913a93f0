using OpenQA.Selenium;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.BrowserTests;

/// <summary>Leaves and expenses in Chromium: a member files one of each by keyboard, and axe at 1280 and 390 px.</summary>
[Collection(BrowserHost.Collection)]
public sealed class HrPagesInBrowserTests(BrowserHost host)
{
    [BrowserFact]
    public async Task A_member_requests_leave_by_keyboard_and_the_page_looks_right()
    {
        var ws = await host.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        host.SignInByKeyboard(member.Email);

        var driver = host.Open("/app/leaves", keepCookies: true);
        Assert.Equal("Leaves", driver.Heading());
        host.AssertLooksRight();

        // The first policy and today are preselected: a reason, Tab to the button, Enter.
        driver.Control("Reason").SendKeys("Conference" + Keys.Tab);
        Assert.Equal(driver.Control("Request leave"), driver.Focused());
        driver.GoesTo(() => driver.Type(Keys.Enter));

        var row = driver.FindElement(By.CssSelector("section[aria-labelledby=requests-heading] tbody tr")).Text;
        Assert.Contains("Conference", row);
        Assert.Contains("pending", row);
        host.AssertLooksRight();
    }

    [BrowserFact]
    public async Task A_member_adds_an_expense_and_the_page_looks_right()
    {
        var ws = await host.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        host.SignInByKeyboard(member.Email);

        var driver = host.Open("/app/expenses", keepCookies: true);
        Assert.Equal("Expenses", driver.Heading());
        host.AssertLooksRight();

        driver.Control("Name").SendKeys("Taxi");
        driver.Control("Amount").SendKeys("23.40");
        driver.GoesTo(() => driver.Control("Add expense").SendKeys(Keys.Enter));

        var row = driver.FindElement(By.CssSelector("section[aria-labelledby=list-heading] tbody tr")).Text;
        Assert.Contains("Taxi", row);
        Assert.Contains("23.40", row);
        host.AssertLooksRight();
    }
}
