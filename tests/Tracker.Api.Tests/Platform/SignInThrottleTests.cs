using System.Net;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

public sealed class SignInThrottleFactory : TrackerFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:SignInPermitsPer5Minutes"] = "3" };
}

public class SignInThrottleTests(SignInThrottleFactory factory) : IClassFixture<SignInThrottleFactory>
{
    [Fact]
    public async Task Password_guessing_is_throttled()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = factory.ClientWith(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var form = Forms.Fields(await browser.GetStringAsync("/account/login"));
            form["email"] = ws.Owner.Email;
            form["password"] = "guess-" + i;
            statuses.Add((await browser.PostAsync("/account/login", new FormUrlEncodedContent(form))).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }
}
