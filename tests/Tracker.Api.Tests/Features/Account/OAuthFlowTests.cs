using System.Net;
using System.Text.Json;
using Tracker.Api.Tests.Infrastructure;
using static Tracker.Api.Tests.Features.Account.OAuthDriver;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>Drives the OAuth2 authorization-code flow the way a browser and a client app would, over HTTP.</summary>
[Collection(SharedHost.Account)]
public class OAuthFlowTests(TrackerFactory factory)
{
    private readonly OAuthDriver _oauth = new(factory);

    [Fact]
    public async Task Authorization_code_with_pkce_then_refresh()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var pkce = NewPkce();

        var code = await _oauth.AuthorizeAsync(ws.Owner.Email, clientId, "read write", pkce.Challenge, "xyz-state");

        var tokenResponse = await _oauth.TokenAsync(RedeemCode(code, clientId, secret, pkce.Verifier));
        Assert.Equal("Bearer", tokenResponse.GetProperty("token_type").GetString());
        Assert.Equal(1296000, tokenResponse.GetProperty("expires_in").GetInt32());
        var access = tokenResponse.GetProperty("access_token").GetString()!;
        var refresh = tokenResponse.GetProperty("refresh_token").GetString()!;
        Assert.Equal(3, access.Split('.').Length); // a signed JWT

        var api = factory.ClientWith(access);
        var workspaces = (await api.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        Assert.Equal(ws.Id, workspaces.Data[0].GetProperty("id").GetInt64());
        // Scopes narrow the token: inviting members needs "admin".
        (await api.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email = "a@example.com", firstname = "A", lastname = "B", role = "Regular User" }))
            .Expect(HttpStatusCode.Forbidden);

        var refreshed = await _oauth.TokenAsync(Refresh(refresh, clientId, secret));
        var second = factory.ClientWith(refreshed.GetProperty("access_token").GetString());
        (await second.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Pkce_verifier_must_match()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var code = await _oauth.AuthorizeAsync(ws.Owner.Email, clientId, "read", NewPkce().Challenge, "s");
        var (status, body) = await _oauth.PostAsync("/oauth/token", RedeemCode(code, clientId, secret, NewPkce().Verifier));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Read_only_token_cannot_write_and_client_credentials_act_as_the_owner()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: true);
        var token = await _oauth.TokenAsync(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "read",
        });
        var api = factory.ClientWith(token.GetProperty("access_token").GetString());
        (await api.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);
        var denied = (await api.ApiPutAsync($"/api/v2/members/{ws.Owner.Id}?{ws.Q}", new { firstname = "X" })).Expect(HttpStatusCode.Forbidden);
        Assert.Contains("scope", denied.Message);
    }

    [Fact]
    public async Task Tokens_from_another_tracker_server_are_refused()
    {
        // Another server (own keys, own database) issues a perfectly valid token for its own user: not ours.
        using var foreign = new TrackerFactory();
        var theirs = await foreign.NewWorkspaceAsync();
        var (clientId, secret) = await CreateClientAsync(foreign, theirs.Owner.Id, "Foreign app", clientCredentials: true);
        using var http = foreign.ClientWith(null);
        var response = await http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "read",
        }));
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        (await foreign.ClientWith(token).ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);

        await factory.NewWorkspaceAsync(); // this server is running and has users with the same ids
        (await factory.ClientWith(token).ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Denying_consent_returns_access_denied_to_the_client()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, _) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var browser = await _oauth.SignedInBrowserAsync(ws.Owner.Email);
        var consent = await browser.GetAsync(AuthorizeUrl(clientId, "read", "s1"));
        var form = Forms.Fields(await consent.Content.ReadAsStringAsync());
        form["decision"] = "deny";
        var response = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("error=access_denied", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Consent_without_antiforgery_token_is_refused()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, _) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var browser = await _oauth.SignedInBrowserAsync(ws.Owner.Email);
        var response = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId, ["redirect_uri"] = RedirectUri, ["response_type"] = "code", ["scope"] = "read", ["decision"] = "allow",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
