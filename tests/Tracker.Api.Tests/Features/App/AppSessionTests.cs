using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>
/// The identity bridge (issue 18): the app calls the API with a per-session token minted at sign-in, which is no PAT,
/// ends with the session, and carries exactly the person's rights.
/// </summary>
[Collection(SharedHost.Account)]
public class AppSessionTests(TrackerFactory factory)
{
    [Fact]
    public async Task Sign_in_mints_a_session_token_that_is_not_listed_among_the_PATs_and_sign_out_revokes_it()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/app")).StatusCode);
        var session = Assert.Single(await WebTokensAsync(ws.Owner.Id));
        Assert.Null(session.RevokedAt);
        Assert.NotNull(session.LastUsedAt); // the page called the API with it

        var settings = await browser.GetStringAsync("/app/settings");
        Assert.Contains("test", settings); // the PAT TestData made is listed…
        Assert.DoesNotContain(session.Prefix, settings); // …the session's token is not
        Assert.DoesNotContain("Web session", settings);

        var signOut = await browser.PostAsync("/account/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.NotNull(Assert.Single(await WebTokensAsync(ws.Owner.Id)).RevokedAt);
    }

    [Fact]
    public async Task A_new_password_revokes_every_session_token()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var changed = await browser.PostAsync("/app/settings", "password", new Dictionary<string, string>
        {
            ["Password.Current"] = TestData.Password, ["Password.New"] = "a-brand-new-password",
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var tokens = await WebTokensAsync(ws.Owner.Id);
        Assert.Equal(3, tokens.Count);
        Assert.Single(tokens, t => t.RevokedAt is null); // the one minted for this browser's renewed session
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/app")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/app")).StatusCode);
    }

    [Fact]
    public async Task A_session_whose_token_ended_signs_in_again_and_comes_back()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        await using (var scope = factory.Scope())
            await factory.Db(scope).PersonalAccessTokens
                .Where(t => t.UserId == ws.Owner.Id && t.Prefix.StartsWith(PersonalAccessTokens.WebSessionPrefix))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, factory.Clock.GetUtcNow().UtcDateTime));

        var page = await browser.GetAsync("/app/week?week=2026-01-05");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fapp%2Fweek%3Fweek%3D2026-01-05", page.Headers.Location?.PathAndQuery);
        var again = await browser.SubmitAsync("/account/login", "/account/login", new Dictionary<string, string>
        {
            ["email"] = ws.Owner.Email, ["password"] = TestData.Password, ["returnUrl"] = "/app/week?week=2026-01-05",
        });
        Assert.Equal("/app/week?week=2026-01-05", again.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/app/week?week=2026-01-05")).StatusCode);
    }

    private async Task<List<PersonalAccessToken>> WebTokensAsync(long userId)
    {
        await using var scope = factory.Scope();
        return await factory.Db(scope).PersonalAccessTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.Prefix.StartsWith(PersonalAccessTokens.WebSessionPrefix)).ToListAsync();
    }
}
