using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>The web session token lives as the cookie does: it slides while the app is used and lapses when idle.</summary>
public class AppSessionLifetimeTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    [Fact]
    public async Task The_session_token_slides_with_use_and_lapses_with_the_idle_cookie()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        for (var i = 0; i < 3; i++)
        {
            factory.Clock.Advance(TimeSpan.FromHours(7)); // each step within the 8 idle hours, together past them
            var page = await browser.GetAsync("/app");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain("role=\"alert\"", await page.Content.ReadAsStringAsync()); // its API calls were let in
        }

        factory.Clock.Advance(TimeSpan.FromHours(9));
        var idle = await browser.GetAsync("/app");
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.StartsWith("/account/login", idle.Headers.Location?.PathAndQuery);
        await using var scope = factory.Scope();
        var token = await factory.Db(scope).PersonalAccessTokens.AsNoTracking()
            .SingleAsync(t => t.UserId == ws.Owner.Id && t.Prefix.StartsWith(PersonalAccessTokens.WebSessionPrefix));
        Assert.True(token.ExpiresAt < factory.Clock.GetUtcNow().UtcDateTime);
    }
}
