using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>Drives the OAuth2 flows over HTTP the way a browser and a client app would.</summary>
public sealed class OAuthDriver(TrackerFactory factory)
{
    public const string RedirectUri = "https://client.example/callback";

    public sealed record Pkce(string Verifier, string Challenge);

    public sealed record Grant(string Access, string Refresh);

    public static Pkce NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static async Task<(string ClientId, string Secret)> CreateClientAsync(TrackerFactory server, long ownerId, string name, bool clientCredentials)
    {
        await using var scope = server.Scope();
        return await scope.ServiceProvider.GetRequiredService<OAuthClients>()
            .CreateAsync(ownerId, name, clientCredentials ? null : RedirectUri, clientCredentials, default);
    }

    public Task<(string ClientId, string Secret)> CreateClientAsync(long ownerId, bool clientCredentials, string name = "Test app") =>
        CreateClientAsync(factory, ownerId, name, clientCredentials);

    /// <summary>An API client holding a client-credentials token of a new app of <paramref name="owner"/>, with these scopes.</summary>
    public async Task<HttpClient> ClientCredentialsApiAsync(TestUser owner, string scope)
    {
        var (clientId, secret) = await CreateClientAsync(owner.Id, clientCredentials: true);
        var token = await TokenAsync(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = scope,
        });
        return factory.ClientWith(token.GetProperty("access_token").GetString());
    }

    public async Task<HttpClient> SignedInBrowserAsync(string email)
    {
        var browser = factory.ClientWith(null);
        var login = Forms.Fields(await browser.GetStringAsync("/account/login"));
        login["email"] = email;
        login["password"] = TestData.Password;
        var signedIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(login));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    public static string AuthorizeUrl(string clientId, string scope, string state) =>
        $"/oauth/authorize?client_id={clientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&response_type=code" +
        $"&scope={Uri.EscapeDataString(scope)}&state={state}";

    /// <summary>Browser part: authorize → sign in → consent → redirect with the code.</summary>
    public async Task<string> AuthorizeAsync(string email, string clientId, string scope, string challenge, string state, string appName = "Test app")
    {
        var browser = factory.ClientWith(null);
        var first = await browser.GetAsync(AuthorizeUrl(clientId, scope, state) + $"&code_challenge={challenge}&code_challenge_method=S256");
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
        Assert.Contains(appName, html);
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

    /// <summary>The whole authorization-code grant with PKCE: an access and a refresh token for the user.</summary>
    public async Task<Grant> CodeGrantAsync(string email, string clientId, string secret, string scope = "read write", string appName = "Test app")
    {
        var pkce = NewPkce();
        var code = await AuthorizeAsync(email, clientId, scope, pkce.Challenge, "s", appName);
        var tokens = await TokenAsync(RedeemCode(code, clientId, secret, pkce.Verifier));
        return new Grant(tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("refresh_token").GetString()!);
    }

    public static Dictionary<string, string> RedeemCode(string code, string clientId, string secret, string verifier) => new()
    {
        ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri,
        ["client_id"] = clientId, ["client_secret"] = secret, ["code_verifier"] = verifier,
    };

    public static Dictionary<string, string> Refresh(string refreshToken, string clientId, string secret) => new()
    {
        ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = clientId, ["client_secret"] = secret,
    };

    /// <summary>POSTs a form to an OAuth endpoint and returns the status and the JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, Dictionary<string, string> form)
    {
        using var http = factory.ClientWith(null);
        var response = await http.PostAsync(path, new FormUrlEncodedContent(form));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A successful token request's JSON.</summary>
    public async Task<JsonElement> TokenAsync(Dictionary<string, string> form)
    {
        var (status, body) = await PostAsync("/oauth/token", form);
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
        return body;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
