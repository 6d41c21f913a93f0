using System.Net;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// Scopes and roles are authorization, decided before the body is read: a caller who may not write is told so (403)
/// whatever the body holds, instead of learning how the body would have been validated (422/400).
/// </summary>
public class AuthorizationBeforeBindingTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string WrongTypes = """{"name":{"x":1},"is_billable":"maybe","color":[1],"tags":"none"}""";

    private async Task<HttpClient> ReadOnlyTokenAsync(TestWorkspace ws)
    {
        var oauth = new OAuthDriver(factory);
        var (clientId, secret) = await oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: true);
        var token = await oauth.TokenAsync(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "read",
        });
        return factory.ClientWith(token.GetProperty("access_token").GetString());
    }

    [Theory]
    [InlineData(WrongTypes)]
    [InlineData("{\"name\": ")]
    public async Task Read_only_token_posting_a_bad_body_gets_403_naming_the_scope(string body)
    {
        var ws = await factory.NewWorkspaceAsync();
        var api = await ReadOnlyTokenAsync(ws);
        var denied = (await api.SendRawAsync(HttpMethod.Post, $"/api/v2/projects?{ws.Q}", body)).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("This token lacks the 'write' scope", denied.Message);
        Assert.False(denied.Json.GetProperty("success").GetBoolean());
        (await api.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Admin_scope_is_checked_before_the_body_too()
    {
        var ws = await factory.NewWorkspaceAsync();
        var oauth = new OAuthDriver(factory);
        var (clientId, secret) = await oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: true);
        var token = await oauth.TokenAsync(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "write",
        });
        var api = factory.ClientWith(token.GetProperty("access_token").GetString());
        var denied = (await api.SendRawAsync(HttpMethod.Post, $"/api/v2/members?{ws.Q}", """{"email":42,"role":[]}"""))
            .Expect(HttpStatusCode.Forbidden);
        Assert.Equal("This token lacks the 'admin' scope", denied.Message);
    }
}
