using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Tracker.Api.Domain;
using Tracker.Api.Features.Account;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.BrowserTests;

/// <summary>The account pages (sign-in, errors, invitation, settings) in Chromium, with axe, at 1280 and 390 px.</summary>
[Collection(BrowserHost.Collection)]
public sealed class AccountPagesInBrowserTests(BrowserHost host)
{
    /// <summary>The harness itself: a page with an unnamed field and unreadable text fails, with the reasons.</summary>
    [BrowserFact]
    public void Axe_fails_a_page_with_serious_violations()
    {
        host.Open("/account/login").Navigate().GoToUrl(
            "data:text/html,<!doctype html><html lang=en><title>t</title><main><input><p style='color:%23bbb'>faint</p></main></html>");
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Axe.AssertNoSeriousViolations(host.Driver));
        Assert.Contains("label", failure.Message);
        Assert.Contains("color-contrast", failure.Message);
    }

    [BrowserFact]
    public async Task A_member_signs_in_by_keyboard_alone()
    {
        var ws = await host.NewWorkspaceAsync();
        host.Open("/account/login");
        host.AssertLooksRight();

        host.SignInByKeyboard(ws.Owner.Email);

        Assert.Equal("/app", new Uri(host.Driver.Url).AbsolutePath);
        Assert.Equal("Timer", host.Driver.Heading());
    }

    [BrowserFact]
    public async Task Unknown_pages_under_account_and_app_are_pages()
    {
        var ws = await host.NewWorkspaceAsync();
        host.SignInByKeyboard(ws.Owner.Email);
        foreach (var path in new[] { "/account/no-such-page", "/app/no-such-page" })
        {
            var driver = host.Open(path, keepCookies: true);
            Assert.Equal("text/html", ((IJavaScriptExecutor)driver).ExecuteScript("return document.contentType"));
            Assert.Equal("Page not found", driver.Heading());
            host.AssertLooksRight();
        }
    }

    [BrowserFact]
    public void A_throttled_sign_in_is_a_page()
    {
        var email = $"guess-{Guid.NewGuid():N}@example.com";
        var driver = host.Open("/account/login");
        // The account's free failures (5) end in a lock; the attempt after that meets it.
        for (var attempt = 0; attempt < 6 && driver.Heading() == "Sign in"; attempt++)
        {
            driver.Control("email").SendKeys(email);
            driver.GoesTo(() => driver.Control("password").SendKeys("wrong password" + Keys.Enter));
        }
        Assert.Equal("Too many attempts", driver.Heading());
        Assert.Contains("Try again in", driver.FindElement(By.TagName("main")).Text);
        host.AssertLooksRight();
    }

    [BrowserFact]
    public void An_authorize_request_that_cannot_be_redirected_is_a_page()
    {
        var driver = host.Open("/oauth/authorize?client_id=no-such-app&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb");
        Assert.Equal("Request refused", driver.Heading());
        host.AssertLooksRight();
    }

    [BrowserFact]
    public async Task The_invitation_page_accepts_a_new_person()
    {
        var ws = await host.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync($"new-{Guid.NewGuid():N}@example.com");
        var driver = host.Open(invitation.Path);
        host.AssertLooksRight();

        var password = driver.Control($"Choose a password (at least {Passwords.MinLength} characters)");
        driver.GoesTo(() => password.SendKeys("a long new password" + Keys.Enter));

        Assert.Equal("/app", new Uri(driver.Url).AbsolutePath);
        Assert.Equal("Timer", driver.Heading());
    }

    [BrowserFact]
    public async Task The_old_settings_addresses_lead_to_the_settings_page_which_shows_a_refusal()
    {
        var ws = await host.NewWorkspaceAsync();
        host.SignInByKeyboard(ws.Owner.Email);
        foreach (var path in new[] { "/settings/rest-api", "/settings/profile" })
        {
            host.Open(path, keepCookies: true);
            Assert.Equal("/app/settings", new Uri(host.Driver.Url).AbsolutePath);
            Assert.Equal("Settings", host.Driver.Heading());
        }
        var driver = host.Driver;
        driver.Control("Current password").SendKeys("wrong password");
        driver.Control($"New password (at least {Passwords.MinLength} characters)").SendKeys("a long new password");
        driver.GoesTo(() => driver.Control("Change password").Click());
        Assert.Equal("Your current password is incorrect.", driver.FindElement(By.CssSelector("p.error")).Text);
        host.AssertLooksRight();
    }

    [BrowserFact]
    public async Task The_password_reset_and_invitation_pages_look_right()
    {
        var ws = await host.NewWorkspaceAsync();
        var driver = host.Open("/account/forgot-password");
        host.AssertLooksRight();
        driver.Control("Email").SendKeys(ws.Owner.Email);
        driver.GoesTo(() => driver.Control("Send the link").Click());
        Assert.Equal("Check your email", driver.Heading());
        host.AssertLooksRight();

        string token;
        await using (var scope = host.Scope())
            token = scope.ServiceProvider.GetRequiredService<PasswordResetTokens>()
                .Create(await host.Db(scope).Users.SingleAsync(u => u.Id == ws.Owner.Id));
        host.Open("/account/reset-password/" + token);
        Assert.Equal("Reset password", driver.Heading());
        host.AssertLooksRight();

        // An invitation for an account that exists already: the page sends the person to sign in first.
        var other = await host.NewWorkspaceAsync();
        var invitation = await other.InviteAsync(ws.Owner.Email);
        host.Open(invitation.Path);
        Assert.Equal($"Sign in as {ws.Owner.Email} to accept", driver.Heading());
        host.AssertLooksRight();
    }

    [BrowserFact]
    public async Task The_consent_page_names_its_choices()
    {
        var ws = await host.NewWorkspaceAsync();
        var (clientId, _) = await OAuthDriver.CreateClientAsync(host, ws.Owner.Id, "Browser test app", clientCredentials: false);
        host.SignInByKeyboard(ws.Owner.Email);
        var pkce = OAuthDriver.NewPkce();
        var driver = host.Open(OAuthDriver.AuthorizeUrl(clientId, "read write", "s1") +
            $"&code_challenge={pkce.Challenge}&code_challenge_method=S256", keepCookies: true);

        Assert.Equal("Authorize Browser test app", driver.Heading());
        Assert.Equal("button", driver.Control("Allow").TagName);
        Assert.Equal("button", driver.Control("Deny").TagName);
        host.AssertLooksRight();
    }
}
