using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>/app/settings over HTTP: the person's own profile, tokens and apps, through the account services the hand-built pages use.</summary>
[Collection(SharedHost.Account)]
public partial class SettingsPageTests(TrackerFactory factory)
{
    private const string Page = "/app/settings";

    [Fact]
    public async Task The_page_lists_only_the_persons_own_tokens_and_apps()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        await using (var scope = factory.Scope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<PersonalAccessTokens>();
            var clients = scope.ServiceProvider.GetRequiredService<OAuthClients>();
            await tokens.CreateAsync(ws.Owner.Id, "Mine-token");
            await clients.CreateAsync(ws.Owner.Id, "Mine-app", "https://mine.example/cb", false, default);
            await tokens.CreateAsync(other.Owner.Id, "Theirs-token");
            await clients.CreateAsync(other.Owner.Id, "Theirs-app", "https://theirs.example/cb", false, default);
        }
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var anonymous = await Browser.New(factory).GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery);

        var html = await browser.GetStringAsync(Page);
        Assert.Contains("<h1>Settings</h1>", html);
        Assert.Contains("<nav aria-label=\"Main\">", html); // in the app's layout
        Assert.Contains("href=\"/app/settings\"", html); // the navigation's Settings link leads here
        Assert.Contains("<td>Mine-token</td>", html);
        Assert.Contains("<td>Mine-app</td>", html);
        Assert.DoesNotContain("Theirs-", html);
        Assert.DoesNotContain(PersonalAccessTokens.WebSessionPrefix, html); // the session's own API token is not a PAT to list
        Assert.Contains("No authorized apps.", AppForms.Text(html));
    }

    [Fact]
    public async Task A_token_is_created_shown_once_and_revoked_through_the_page()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var created = await browser.PostAsync(Page, "create-token", new Dictionary<string, string> { ["NewToken.Name"] = "CI token" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var token = PatValue().Match(await created.Content.ReadAsStringAsync()).Value;
        Assert.NotEmpty(token);
        var api = factory.ClientWith(token);
        (await api.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        var listed = await browser.GetStringAsync(Page);
        Assert.Contains("<td>CI token</td>", listed);
        Assert.DoesNotContain(token, listed); // shown once

        var refused = await browser.PostAsync(Page, "create-token", new Dictionary<string, string> { ["NewToken.Name"] = new string('x', 101) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode); // the page, with the status of an invalid field
        Assert.Contains("Give the token a name (up to 100 characters).", AppForms.Text(await refused.Content.ReadAsStringAsync()));

        long id;
        await using (var scope = factory.Scope())
            id = (await factory.Db(scope).PersonalAccessTokens.SingleAsync(t => t.UserId == ws.Owner.Id && t.Name == "CI token")).Id;
        var revoked = await browser.PostAsync(Page, $"revoke-token-{id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        (await api.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain($"value=\"revoke-token-{id}\"", await browser.GetStringAsync(Page)); // listed as revoked, no action

        // Without the antiforgery token the form is refused.
        var forged = await browser.PostAsync(Page, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "create-token", ["NewToken.Name"] = "Forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task An_oauth_app_is_created_with_its_secret_shown_and_deleted()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var created = AppForms.Text(await (await browser.PostAsync(Page, "create-app", new Dictionary<string, string>
        {
            ["NewApp.Name"] = "Dash", ["NewApp.RedirectUri"] = "https://dash.example/cb", ["NewApp.GrantType"] = "authorization_code",
        })).Content.ReadAsStringAsync());
        Assert.Contains("App Dash created with client ID", created);
        Assert.Contains("Client secret (shown once, copy it now):", created);

        var bad = await browser.PostAsync(Page, "create-app", new Dictionary<string, string> { ["NewApp.Name"] = "NoUri", ["NewApp.GrantType"] = "authorization_code" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("An app needs a name and an absolute http(s) redirect URI.", AppForms.Text(await bad.Content.ReadAsStringAsync()));

        var clientId = DeleteHandler().Match(await browser.GetStringAsync(Page)).Groups[1].Value;
        Assert.NotEmpty(clientId);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(Page, $"delete-app-{clientId}", new Dictionary<string, string>())).StatusCode);
        Assert.DoesNotContain("<td>Dash</td>", await browser.GetStringAsync(Page));
    }

    [Fact]
    public async Task The_profile_changes_through_the_page_under_the_account_rules()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var elsewhere = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var saved = await browser.PostAsync(Page, "profile", new Dictionary<string, string>
        {
            ["Profile.Email"] = ws.Owner.Email, ["Profile.Firstname"] = "Ada", ["Profile.Lastname"] = "Lovelace", ["Profile.Timezone"] = "Europe/Berlin",
        });
        Assert.Contains("Profile saved.", AppForms.Text(await saved.Content.ReadAsStringAsync()));
        await using (var scope = factory.Scope())
        {
            var user = await factory.Db(scope).Users.AsNoTracking().SingleAsync(u => u.Id == ws.Owner.Id);
            Assert.Equal(("Ada", "Lovelace", "Europe/Berlin"), (user.FirstName, user.LastName, user.Timezone));
        }

        // A new email needs the current password: the same rule as the account page.
        var refused = await browser.PostAsync(Page, "profile", new Dictionary<string, string>
        {
            ["Profile.Email"] = $"new-{Guid.NewGuid():N}@example.com", ["Profile.Firstname"] = "Ada", ["Profile.Lastname"] = "Lovelace",
            ["Profile.CurrentPassword"] = "wrong-password",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode); // a business rule: 400, the page with its message
        Assert.Contains("Your current password is incorrect.", AppForms.Text(await refused.Content.ReadAsStringAsync()));

        // A new password keeps this session and ends the other one.
        var changed = await browser.PostAsync(Page, "password", new Dictionary<string, string>
        {
            ["Password.Current"] = TestData.Password, ["Password.New"] = "a-brand-new-long-password",
        });
        Assert.Contains("Password changed. Your other sessions were signed out.", AppForms.Text(await changed.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Page)).StatusCode);
        Assert.False(await elsewhere.IsSignedInAsync());
    }

    [GeneratedRegex("trk_pat_[0-9a-f]{48}")]
    private static partial Regex PatValue();

    [GeneratedRegex("name=\"_handler\" value=\"delete-app-([^\"]+)\"")]
    private static partial Regex DeleteHandler();
}
