using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Tests.Features.App;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

public class TokenTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Settings = "/app/settings";

    [Fact]
    public async Task Settings_page_creates_a_token_shown_once_and_revokes_it()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = factory.ClientWith(null);
        var login = Forms.Fields(await browser.GetStringAsync("/account/login"));
        login["email"] = ws.Owner.Email;
        login["password"] = TestData.Password;
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/account/login", new FormUrlEncodedContent(login))).StatusCode);

        var created = await (await browser.PostAsync(Settings, "create-token", new Dictionary<string, string> { ["NewToken.Name"] = "CI token" }))
            .Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(created, "trk_pat_[0-9a-f]{48}").Value;
        Assert.NotEmpty(token);

        var api = factory.ClientWith(token);
        (await api.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        // Shown once: the list afterwards carries only the prefix.
        Assert.DoesNotContain(token, await browser.GetStringAsync(Settings));

        long id;
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            id = (await db.PersonalAccessTokens.SingleAsync(t => t.UserId == ws.Owner.Id && t.Name == "CI token")).Id;
            Assert.DoesNotContain(token, (await db.PersonalAccessTokens.SingleAsync(t => t.Id == id)).TokenHash);
        }
        var revoke = await browser.PostAsync(Settings, $"revoke-token-{id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        (await api.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Settings_pages_need_a_session_and_forms_need_antiforgery()
    {
        var browser = factory.ClientWith(null);
        var anonymous = await browser.GetAsync(Settings);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery);

        var ws = await factory.NewWorkspaceAsync();
        var noToken = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = ws.Owner.Email, ["password"] = TestData.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        var login = Forms.Fields(await browser.GetStringAsync("/account/login"));
        login["email"] = ws.Owner.Email;
        login["password"] = "wrong password";
        var wrong = await browser.PostAsync("/account/login", new FormUrlEncodedContent(login));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("frame-ancestors 'none'", wrong.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Expired_and_malformed_tokens_are_401()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        (await factory.ClientWith(ws.Owner.Token + "x").ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);
        (await factory.ClientWith("").ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);
        var basic = factory.ClientWith(null);
        basic.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
        (await basic.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);

        // Personal access tokens live six months.
        factory.Clock.Advance(TimeSpan.FromDays(183));
        var expired = (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("Unauthenticated.", expired.Message);
    }
}
