using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Domain;
using Tracker.Api.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>Drives the OAuth2 authorization-code flow the way a browser and a client app would, over HTTP.</summary>
public class OAuthFlowTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string RedirectUri = "https://client.example/callback";

    [Fact]
    public async Task Authorization_code_with_pkce_then_refresh()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        var code = await AuthorizeAsync(ws.Owner.Email, clientId, "read write", challenge, "xyz-state");

        var tokenResponse = await TokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri,
            ["client_id"] = clientId, ["client_secret"] = secret, ["code_verifier"] = verifier,
        });
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

        var refreshed = await TokenAsync(new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refresh, ["client_id"] = clientId, ["client_secret"] = secret,
        });
        var second = factory.ClientWith(refreshed.GetProperty("access_token").GetString());
        (await second.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Pkce_verifier_must_match()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Base64Url(RandomNumberGenerator.GetBytes(32)))));
        var code = await AuthorizeAsync(ws.Owner.Email, clientId, "read", challenge, "s");
        using var http = factory.ClientWith(null);
        var response = await http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri, ["client_id"] = clientId,
            ["client_secret"] = secret, ["code_verifier"] = Base64Url(RandomNumberGenerator.GetBytes(32)),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_grant", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Read_only_token_cannot_write_and_client_credentials_act_as_the_owner()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await CreateClientAsync(ws.Owner.Id, clientCredentials: true);
        var token = await TokenAsync(new()
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

    private static async Task<(string ClientId, string Secret)> CreateClientAsync(TrackerFactory server, long ownerId, string name, bool clientCredentials)
    {
        await using var scope = server.Scope();
        return await scope.ServiceProvider.GetRequiredService<OAuthClients>()
            .CreateAsync(ownerId, name, clientCredentials ? null : RedirectUri, clientCredentials, default);
    }

    [Fact]
    public async Task Denying_consent_returns_access_denied_to_the_client()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, _) = await CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var browser = await SignedInBrowserAsync(ws.Owner.Email);
        var consent = await browser.GetAsync($"/oauth/authorize?client_id={clientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&response_type=code&scope=read&state=s1");
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
        var (clientId, _) = await CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var browser = await SignedInBrowserAsync(ws.Owner.Email);
        var response = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId, ["redirect_uri"] = RedirectUri, ["response_type"] = "code", ["scope"] = "read", ["decision"] = "allow",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private Task<(string ClientId, string Secret)> CreateClientAsync(long ownerId, bool clientCredentials) =>
        CreateClientAsync(factory, ownerId, "Test app", clientCredentials);

    private async Task<HttpClient> SignedInBrowserAsync(string email)
    {
        var browser = factory.ClientWith(null);
        var login = Forms.Fields(await browser.GetStringAsync("/account/login"));
        login["email"] = email;
        login["password"] = TestData.Password;
        var signedIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(login));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    /// <summary>Browser part: authorize → sign in → consent → redirect with the code.</summary>
    private async Task<string> AuthorizeAsync(string email, string clientId, string scope, string challenge, string state)
    {
        var browser = factory.ClientWith(null);
        var authorize = $"/oauth/authorize?client_id={clientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&response_type=code" +
                        $"&scope={Uri.EscapeDataString(scope)}&state={state}&code_challenge={challenge}&code_challenge_method=S256";
        var first = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var loginUrl = first.Headers.Location!.ToString();
        Assert.StartsWith("/account/login", loginUrl);

        var loginPage = await browser.GetStringAsync(loginUrl);
        var login = Forms.Fields(loginPage);
        login["email"] = email;
        login["password"] = TestData.Password;
        var signedIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(login));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var consent = await browser.GetAsync(signedIn.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        var html = await consent.Content.ReadAsStringAsync();
        Assert.Contains("Test app", html);
        Assert.Equal("DENY", consent.Headers.GetValues("X-Frame-Options").Single());
        var form = Forms.Fields(html);
        form["decision"] = "allow";
        var redirect = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        Assert.StartsWith(RedirectUri, location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(state, query["state"].ToString());
        return query["code"].ToString();
    }

    private async Task<JsonElement> TokenAsync(Dictionary<string, string> form)
    {
        using var http = factory.ClientWith(null);
        var response = await http.PostAsync("/oauth/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
