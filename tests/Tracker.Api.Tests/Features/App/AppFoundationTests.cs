using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>The web app's frame (issue 18): sign-in, the page shell and its headers, the 404 page, the assets.</summary>
[Collection(SharedHost.Account)]
public class AppFoundationTests(TrackerFactory factory)
{
    [Fact]
    public async Task Pages_need_a_session_and_come_back_after_sign_in()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = Browser.New(factory);
        var anonymous = await browser.GetAsync("/app/week");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fapp%2Fweek", anonymous.Headers.Location?.PathAndQuery);

        var signedIn = await browser.SubmitAsync("/account/login?ReturnUrl=%2Fapp%2Fweek", "/account/login",
            new Dictionary<string, string> { ["email"] = ws.Owner.Email, ["password"] = TestData.Password });
        Assert.Equal("/app/week", signedIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_timer_is_the_landing_page_with_the_app_shell_and_its_headers()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = Browser.New(factory);
        Assert.Equal("/app", (await browser.SignInAsync(ws.Owner.Email, TestData.Password)).Headers.Location?.OriginalString);

        var page = await browser.GetAsync("/app");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe", csp);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Timer</h1>", html);
        Assert.Contains("href=\"/app/week\"", html);
        Assert.Contains("action=\"/account/logout\"", html);
        Assert.Contains("_framework/blazor.web.js", html);
        // Nothing from other origins: every script and stylesheet is this server's.
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
    }

    [Fact]
    public async Task The_script_and_stylesheet_come_from_this_server()
    {
        var browser = Browser.New(factory);
        var script = await browser.GetAsync("/_framework/blazor.web.js");
        Assert.True(script.StatusCode == HttpStatusCode.OK, await script.Content.ReadAsStringAsync());
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType);
        var css = await browser.GetAsync("/app.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Contains("system-ui", await css.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_app_address_is_a_404_page()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var page = await browser.GetAsync("/app/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(html.Contains("<h1>Page not found</h1>"), html);
        Assert.Contains("href=\"/app/week\"", html); // in the app's frame
    }

    [Fact]
    public async Task The_interactive_timer_can_connect_its_circuit()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var negotiate = await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Contains("connectionToken", await negotiate.Content.ReadAsStringAsync());
    }

    /// <summary>One set of rules: the app reads and writes only through the API, never the database.</summary>
    [Fact]
    public void The_app_never_touches_the_database()
    {
        var result = NetArchTest.Rules.Types.InAssembly(typeof(Member).Assembly)
            .That().ResideInNamespace("Tracker.Api.Features.App")
            .ShouldNot().HaveDependencyOnAny("Tracker.Api.Infrastructure.Data", "Tracker.Api.Infrastructure.Tenancy", "Microsoft.EntityFrameworkCore")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join("\n", result.FailingTypeNames ?? []));
        Assert.NotEmpty(NetArchTest.Rules.Types.InAssembly(typeof(Member).Assembly).That().ResideInNamespace("Tracker.Api.Features.App").GetTypes());
    }
}
