using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>
/// The profile on /app/settings: a person changes their own account fields, and only theirs; a refusal is the page
/// with its message and the status the API would answer (400 business rule, 422 invalid, 429 throttled).
/// </summary>
[Collection(SharedHost.Account)]
public class ProfileTests(TrackerFactory factory)
{
    private const string Page = "/app/settings";

    /// <summary>Submits the profile form as the page shows it (its current values), with <paramref name="values"/> changed.</summary>
    private static Task<HttpResponseMessage> SaveAsync(HttpClient browser, Dictionary<string, string> values) =>
        browser.SubmitAsync(Page, Page, values.ToDictionary(v => "Profile." + v.Key, v => v.Value));

    private static Task<HttpResponseMessage> ChangePasswordAsync(HttpClient browser, string current, string next) =>
        browser.SubmitAsync(Page, Page, new Dictionary<string, string> { ["_handler"] = "password", ["Password.Current"] = current, ["Password.New"] = next });

    private async Task<(string Email, string First, string Last, string? Zone)> ReadAsync(long userId)
    {
        await using var scope = factory.Scope();
        var u = await factory.Db(scope).Users.AsNoTracking().SingleAsync(x => x.Id == userId);
        return (u.Email, u.FirstName, u.LastName, u.Timezone);
    }

    [Fact]
    public async Task The_page_needs_a_session_and_every_page_links_to_it()
    {
        var anonymous = await Browser.New(factory).GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery);
        Assert.Contains("<a href=\"/app/settings\">Settings</a>", await Browser.New(factory).GetStringAsync("/account/login"));
        // The hand-built profile and REST API pages it replaced: their addresses lead here.
        foreach (var old in new[] { "/settings/profile", "/settings/rest-api" })
        {
            var moved = await Browser.New(factory).GetAsync(old);
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
            Assert.Equal(Page, moved.Headers.Location!.OriginalString);
        }

        // A bearer token is not a browser session.
        var ws = await factory.NewWorkspaceAsync();
        Assert.NotEqual(HttpStatusCode.OK, (await ws.Owner.Client.GetAsync(Page)).StatusCode);
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        Assert.Contains($"value=\"{ws.Owner.Email}\"", await browser.GetStringAsync(Page));
    }

    [Fact]
    public async Task Account_forms_without_an_antiforgery_token_are_refused()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var fields = new Dictionary<string, string>
        {
            ["email"] = ws.Owner.Email, ["firstname"] = "Forged", ["lastname"] = "Forged", ["password"] = "forged-long-password",
            ["workspace"] = "Forged",
        };
        foreach (var action in new[] { "/account/forgot-password", "/account/reset-password/x", "/account/register" })
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync(action, new FormUrlEncodedContent(fields))).StatusCode);
        var settingsForms = new Dictionary<string, string>[]
        {
            new() { ["_handler"] = "profile", ["Profile.Email"] = ws.Owner.Email, ["Profile.Firstname"] = "Forged", ["Profile.Lastname"] = "Forged" },
            new() { ["_handler"] = "password", ["Password.Current"] = TestData.Password, ["Password.New"] = "forged-long-password" },
        };
        foreach (var form in settingsForms)
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync(Page, new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal((ws.Owner.Email, "Test", "User", "UTC"), await ReadAsync(ws.Owner.Id));
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.New(factory).SignInAsync(ws.Owner.Email, TestData.Password)).StatusCode);
    }

    [Fact]
    public async Task Names_and_time_zone_change_without_the_password_and_show_in_every_workspace()
    {
        var ws = await factory.NewWorkspaceAsync();
        var second = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync("Regular User");
        await second.AddExistingUserAsync(member, "Regular User");
        var browser = await Browser.SignedInAsync(factory, member.Email);

        var saved = await SaveAsync(browser, new() { ["Firstname"] = " Ada ", ["Lastname"] = "Lovelace", ["Timezone"] = "Europe/Berlin" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Profile saved.", await saved.Content.ReadAsStringAsync());
        Assert.Equal((member.Email, "Ada", "Lovelace", "Europe/Berlin"), await ReadAsync(member.Id));

        foreach (var w in new[] { ws, second })
        {
            var seen = (await w.Owner.Client.ApiGetAsync($"/api/v2/members/{member.Id}?{w.Q}")).Expect(HttpStatusCode.OK);
            Assert.Equal("Ada", seen.Data.GetProperty("firstname").GetString());
        }
    }

    [Theory]
    [InlineData("Timezone", "Mars/Olympus_Mons", "Time zone must be a valid IANA time zone, such as Europe/Berlin.")]
    [InlineData("Firstname", "", "First name is required.")]
    [InlineData("Lastname", "Tab\tbed", "Last name must not contain control characters.")]
    [InlineData("Email", "not-an-email", "Enter a valid email address.")]
    public async Task Invalid_fields_are_shown_on_the_page_and_nothing_changes(string field, string value, string message)
    {
        var ws = await factory.NewWorkspaceAsync();
        var before = await ReadAsync(ws.Owner.Id);
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var response = await SaveAsync(browser, new() { [field] = value, ["CurrentPassword"] = TestData.Password });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(message, Browser.ErrorOf(await response.Content.ReadAsStringAsync()));
        Assert.Equal(before, await ReadAsync(ws.Owner.Id));
    }

    [Fact]
    public async Task Changing_the_email_takes_the_current_password()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var newEmail = $"renamed-{Guid.NewGuid():N}@example.com";

        foreach (var wrong in new[] { "", "wrong password" })
        {
            var refused = await SaveAsync(browser, new() { ["Email"] = newEmail, ["CurrentPassword"] = wrong });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("Your current password is incorrect.", Browser.ErrorOf(await refused.Content.ReadAsStringAsync()));
        }
        Assert.Equal(ws.Owner.Email, (await ReadAsync(ws.Owner.Id)).Email);

        var saved = await SaveAsync(browser, new() { ["Email"] = newEmail, ["CurrentPassword"] = TestData.Password });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(newEmail, (await ReadAsync(ws.Owner.Id)).Email);
        Assert.Contains($"value=\"{newEmail}\"", await browser.GetStringAsync(Page)); // the session follows the change
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.New(factory).SignInAsync(newEmail, TestData.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Browser.New(factory).SignInAsync(ws.Owner.Email, TestData.Password)).StatusCode);
    }

    [Fact]
    public async Task An_email_of_another_account_is_refused()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var refused = await SaveAsync(browser, new() { ["Email"] = other.Owner.Email.ToUpperInvariant(), ["CurrentPassword"] = TestData.Password });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("That email is used by another account.", Browser.ErrorOf(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(ws.Owner.Email, (await ReadAsync(ws.Owner.Id)).Email);
        Assert.Equal(other.Owner.Email, (await ReadAsync(other.Owner.Id)).Email);
    }

    [Fact]
    public async Task A_new_password_takes_the_current_one_and_ends_every_other_session()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var elsewhere = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var wrong = await ChangePasswordAsync(browser, "wrong password", "another-long-password");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("Your current password is incorrect.", Browser.ErrorOf(await wrong.Content.ReadAsStringAsync()));
        var tooShort = await ChangePasswordAsync(browser, TestData.Password, "short");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.True(await elsewhere.IsSignedInAsync());

        var changed = await ChangePasswordAsync(browser, TestData.Password, "another-long-password");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.True(await browser.IsSignedInAsync());
        Assert.False(await elsewhere.IsSignedInAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Browser.New(factory).SignInAsync(ws.Owner.Email, TestData.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.New(factory).SignInAsync(ws.Owner.Email, "another-long-password")).StatusCode);
        // Tokens stay: the person proved the current password, nothing was taken back.
        (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Guessing_the_current_password_from_a_session_is_throttled_like_sign_in()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.BadRequest, (await ChangePasswordAsync(browser, "guess-" + i, "another-long-password")).StatusCode);
        var locked = await ChangePasswordAsync(browser, TestData.Password, "another-long-password");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.Contains("Retry-After"));
        // Locked, the right password changed nothing; the account's sign-in is locked too.
        await using (var scope = factory.Scope())
            Assert.True(Passwords.Verify(await factory.Db(scope).Users.SingleAsync(u => u.Id == ws.Owner.Id), TestData.Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Browser.New(factory).SignInAsync(ws.Owner.Email, TestData.Password)).StatusCode);
    }
}
