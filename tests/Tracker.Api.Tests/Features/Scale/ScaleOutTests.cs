using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Scale;

/// <summary>A server with a limit of 3 requests a minute, so a window fills in a few calls.</summary>
public sealed class LowLimitFactory : TrackerFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:PermitsPerMinute"] = "3" };
}

/// <summary>Several server processes on one database and one key folder behave as one server.</summary>
public class ScaleOutTests(LowLimitFactory factory) : IClassFixture<LowLimitFactory>
{
    [Fact]
    public async Task In_process_limit_counts_down_refuses_with_the_envelope_and_reopens_after_the_window()
    {
        var ws = await factory.NewWorkspaceAsync();
        var client = ws.Owner.Client;
        for (var remaining = 2; remaining >= 0; remaining--)
        {
            var ok = (await client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
            Assert.Equal("3", Header(ok, "X-RateLimit-Limit"));
            Assert.Equal(remaining.ToString(), Header(ok, "X-RateLimit-Remaining"));
            Assert.Equal("3;w=60", Header(ok, "RateLimit-Policy"));
        }

        var refused = (await client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.TooManyRequests);
        Assert.False(refused.Json.GetProperty("success").GetBoolean());
        Assert.Equal("Too Many Attempts.", refused.Message);
        Assert.Equal("0", Header(refused, "X-RateLimit-Remaining"));
        Assert.Equal("60", Header(refused, "Retry-After"));
        Assert.Equal(factory.Clock.GetUtcNow().AddSeconds(60).ToUnixTimeSeconds().ToString(), Header(refused, "X-RateLimit-Reset"));

        // Another user has a window of their own.
        var other = await ws.AddMemberAsync(Tracker.Api.Domain.Roles.RegularUser);
        (await other.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);

        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        var reopened = (await client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        Assert.Equal("2", Header(reopened, "X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task A_token_issued_by_one_process_is_accepted_by_another_and_protected_data_crosses_too()
    {
        var ws = await factory.NewWorkspaceAsync();
        var keys = Path.Combine(Path.GetTempPath(), "tracker-tests", "shared-" + Guid.NewGuid().ToString("N"));
        var shared = new Dictionary<string, string?>
        {
            ["OAuth:KeysPath"] = Path.Combine(keys, "oauth"),
            ["DataProtection:KeysPath"] = Path.Combine(keys, "dataprotection"),
            ["ConnectionStrings:Default"] = factory.ConnectionString,
        };
        using var first = new PeerFactory(shared);
        using var second = new PeerFactory(shared);
        try
        {
            string clientId, secret;
            await using (var scope = first.Services.CreateAsyncScope())
                (clientId, secret) = await scope.ServiceProvider.GetRequiredService<OAuthClients>()
                    .CreateAsync(ws.Owner.Id, "scale test", null, true, default);

            var tokenResponse = await first.CreateClient().PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "read",
            }));
            Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
            var accessToken = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();

            var onSecond = (await second.ClientWith(accessToken).ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
            Assert.Equal(ws.Id, Assert.Single(onSecond.Data.EnumerateArray()).GetProperty("id").GetInt64());
            (await second.ClientWith(accessToken + "x").ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);

            // Session cookies and antiforgery tokens are data-protected: what one process seals the other opens.
            const string purpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";
            var sealedByFirst = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect("session");
            Assert.Equal("session", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(sealedByFirst));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(keys, "dataprotection"), "key-*.xml"));
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    [RedisFact]
    public async Task With_redis_the_window_is_shared_by_every_process()
    {
        var ws = await factory.NewWorkspaceAsync();
        var shared = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = factory.ConnectionString,
            ["RateLimiting:PermitsPerMinute"] = "3",
            ["Redis:ConnectionString"] = RedisFactAttribute.Server,
            // A fresh prefix per run: user ids restart in every test database, Redis is shared.
            ["Redis:InstanceName"] = $"tracker-test-{Guid.NewGuid():N}:",
        };
        using var first = new PeerFactory(shared);
        using var second = new PeerFactory(shared);
        var clients = new[] { first.ClientWith(ws.Owner.Token), second.ClientWith(ws.Owner.Token) };

        for (var i = 0; i < 3; i++)
        {
            var ok = (await clients[i % 2].ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
            Assert.Equal((2 - i).ToString(), Header(ok, "X-RateLimit-Remaining"));
        }
        var refused = (await clients[1].ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.TooManyRequests);
        Assert.Equal("Too Many Attempts.", refused.Message);
        Assert.InRange(int.Parse(Header(refused, "Retry-After")), 1, 60);
        (await clients[0].ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.TooManyRequests);
    }

    private static string Header(ApiResponse response, string name) =>
        response.Raw.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
