using System.Net;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

public sealed class WebBudgetFactory : TrackerFactory
{
    public const int ApiPermits = 3;
    public const int WebPermits = 30;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PermitsPerMinute"] = ApiPermits.ToString(),
        ["RateLimiting:WebSessionPermitsPerMinute"] = WebPermits.ToString(),
    };
}

/// <summary>
/// The first-party app has its own budget per person (decisions, issue 18): its pages and their API calls never
/// spend the public 60/min that the person's own scripts share, and the app's budget still ends.
/// </summary>
public class AppBudgetTests(WebBudgetFactory factory) : IClassFixture<WebBudgetFactory>
{
    [Fact]
    public async Task The_app_has_its_own_budget_beside_the_public_one()
    {
        var ws = await factory.NewWorkspaceAsync();
        for (var i = 0; i < WebBudgetFactory.ApiPermits; i++) (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.TooManyRequests);

        // The same person's app still works: each page is one request plus its API calls, all in the app's budget.
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var page = await browser.GetAsync("/app");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(WebBudgetFactory.WebPermits.ToString(), page.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.DoesNotContain("Too Many", await page.Content.ReadAsStringAsync());

        // It ends too: within the budget's number of requests, the page answers 429 as a page.
        HttpResponseMessage? refused = null;
        for (var i = 0; i < WebBudgetFactory.WebPermits && refused is null; i++)
            if ((await browser.GetAsync("/app")) is { StatusCode: HttpStatusCode.TooManyRequests } r) refused = r;
        Assert.NotNull(refused);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
    }
}
