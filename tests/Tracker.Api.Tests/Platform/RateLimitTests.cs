using System.Net;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

public sealed class LowLimitFactory : TrackerFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:PermitsPerMinute"] = "5" };
}

public class RateLimitTests(LowLimitFactory factory) : IClassFixture<LowLimitFactory>
{
    [Fact]
    public async Task The_sixth_request_in_a_minute_is_429_per_user()
    {
        var ws = await factory.NewWorkspaceAsync();
        for (var i = 1; i <= 5; i++)
        {
            var ok = (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
            Assert.Equal("5", ok.Raw.Headers.GetValues("X-RateLimit-Limit").Single());
            Assert.Equal((5 - i).ToString(), ok.Raw.Headers.GetValues("X-RateLimit-Remaining").Single());
        }
        var refused = (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.TooManyRequests);
        Assert.Equal("Too Many Attempts.", refused.Message);
        var retryAfter = int.Parse(refused.Raw.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        Assert.True(refused.Raw.Headers.Contains("X-RateLimit-Reset"));
        Assert.Equal("0", refused.Raw.Headers.GetValues("X-RateLimit-Remaining").Single());

        // The counter is per user: someone else is unaffected.
        var other = await ws.AddMemberAsync(Tracker.Api.Domain.Roles.RegularUser);
        (await other.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
    }
}
