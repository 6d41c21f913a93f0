using OpenQA.Selenium;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.BrowserTests;

/// <summary>/app/settings in Chromium: reached from the app's navigation, a token made by keyboard, axe at 1280 and 390 px.</summary>
[Collection(BrowserHost.Collection)]
public sealed class SettingsPageInBrowserTests(BrowserHost host)
{
    [BrowserFact]
    public async Task The_settings_page_makes_a_token_and_looks_right()
    {
        var ws = await host.NewWorkspaceAsync();
        host.SignInByKeyboard(ws.Owner.Email);
        var driver = host.Driver;

        driver.GoesTo(() => driver.Control("Settings").Click());
        Assert.Equal("/app/settings", new Uri(driver.Url).AbsolutePath);
        Assert.Equal("Settings", driver.Heading());
        host.AssertLooksRight();

        driver.Control("Token name").SendKeys("Laptop");
        driver.GoesTo(() => driver.Control("Create token").SendKeys(Keys.Enter));
        Assert.Matches("trk_pat_[0-9a-f]{48}", driver.FindElement(By.CssSelector("code.secret")).Text);
        Assert.NotNull(driver.Control("Revoke token Laptop"));
        host.AssertLooksRight();
    }
}
