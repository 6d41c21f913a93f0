using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.BrowserTests;

/// <summary>What a person (and axe) meets on a page: controls by accessible name, keyboard input, the look at both widths.</summary>
public static class Pages
{
    /// <summary>
    /// The page as it is now, at 1280 and at 390 px: no serious or critical axe violation, and nothing wider than the
    /// window (a page that scrolls sideways on a phone is broken there).
    /// </summary>
    public static void AssertLooksRight(this BrowserHost host)
    {
        foreach (var width in new[] { BrowserHost.Wide, BrowserHost.Narrow })
        {
            host.Resize(width);
            var js = (IJavaScriptExecutor)host.Driver;
            Assert.Equal("", js.ExecuteScript(UnloadedStyles));
            var wider = js.ExecuteScript(TooWide) as string;
            Assert.True(string.IsNullOrEmpty(wider), $"{host.Driver.Url} at {width} px is wider than the window: {wider}");
            Axe.AssertNoSeriousViolations(host.Driver);
        }
        host.Resize(BrowserHost.Wide);
    }

    // Stylesheets the page links but did not get (missing, or refused by its Content-Security-Policy).
    private const string UnloadedStyles = """
        return [...document.querySelectorAll('link[rel=stylesheet]')].filter(l => !l.sheet || l.sheet.cssRules.length === 0)
          .map(l => l.href).join(' ');
        """;

    // The page's width, and the innermost elements that stick out past the window's right edge, when it is wider.
    private const string TooWide = """
        if (document.documentElement.scrollWidth <= window.innerWidth) return '';
        const out = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
          && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 0.5));
        return document.documentElement.scrollWidth + ' px; ' + out.slice(0, 5).map(e => e.outerHTML.slice(0, 120)).join(' | ');
        """;

    public static string Html(this IWebDriver driver) => driver.FindElement(By.TagName("html")).GetAttribute("outerHTML") ?? "";

    public static string Heading(this IWebDriver driver) => driver.FindElement(By.TagName("h1")).Text;

    /// <summary>The one control whose accessible name (what a screen reader says) is <paramref name="name"/>, case aside.</summary>
    public static IWebElement Control(this IWebDriver driver, string name)
    {
        var matches = driver.FindElements(By.CssSelector("input:not([type=hidden]), select, textarea, button, a[href]"))
            .Where(e => string.Equals(((WebElement)e).ComputedAccessibleLabel.Trim(), name, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(matches.Count == 1, $"{matches.Count} controls named \"{name}\" on {driver.Url}");
        return matches[0];
    }

    /// <summary>The element that has the keyboard focus.</summary>
    public static IWebElement Focused(this IWebDriver driver) => driver.SwitchTo().ActiveElement();

    /// <summary>Types as a keyboard does, into whatever has the focus.</summary>
    public static void Type(this IWebDriver driver, string keys) => new Actions(driver).SendKeys(keys).Perform();

    /// <summary>Signs in on the sign-in page by keyboard alone: the email field has the focus, Tab, Enter.</summary>
    public static void SignInByKeyboard(this BrowserHost host, string email, string password = TestData.Password)
    {
        var driver = host.Open("/account/login");
        Assert.Equal(driver.Control("email"), driver.Focused());
        driver.Type(email + Keys.Tab);
        Assert.Equal(driver.Control("password"), driver.Focused());
        driver.GoesTo(() => driver.Type(password + Keys.Enter));
    }

    /// <summary>Does what leads to another page (a form's submit, a link) and waits until that page has loaded.</summary>
    public static void GoesTo(this IWebDriver driver, Action action)
    {
        var js = (IJavaScriptExecutor)driver;
        // A mark on this page's window: a new page has a new window object without it. The app's links load the next
        // page into this window instead (Blazor's enhanced navigation), which Blazor announces with "enhancedload".
        js.ExecuteScript("""
            window.trackerTestOldPage = true;
            window.trackerTestEnhancedLoad = false; // an earlier enhanced load in this window must not count for this one
            window.Blazor?.addEventListener('enhancedload', () => window.trackerTestEnhancedLoad = true);
            """);
        action();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (js.ExecuteScript("return (!window.trackerTestOldPage || window.trackerTestEnhancedLoad === true) && document.readyState === 'complete'") is not true)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{driver.Url} did not move on to a new page");
            Thread.Sleep(20);
        }
    }
}
