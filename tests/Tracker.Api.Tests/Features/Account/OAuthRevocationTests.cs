using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Tests.Features.App;
using Tracker.Api.Tests.Infrastructure;
using static Tracker.Api.Tests.Features.Account.OAuthDriver;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>
/// OAuth tokens can be taken back: an access token answers 401 (in the error envelope) the moment its app is
/// deleted, its authorization is revoked, or a replay of its code or refresh token is seen.
/// </summary>
public partial class OAuthRevocationTests(OAuthRevocationTests.Factory factory) : IClassFixture<OAuthRevocationTests.Factory>
{
    /// <summary>Every case signs in through the pages, more often than the per-address sign-in limit allows.</summary>
    public sealed class Factory : TrackerFactory
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?> { ["RateLimiting:SignInPermitsPer5Minutes"] = "1000" };
    }

    private const string Api = "/api/v2/workspaces";
    private const string Settings = "/app/settings";
    private readonly OAuthDriver _oauth = new(factory);

    [Fact]
    public async Task Deleting_an_app_on_the_settings_page_ends_its_tokens_at_once()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var grant = await _oauth.CodeGrantAsync(ws.Owner.Email, clientId, secret);
        var api = factory.ClientWith(grant.Access);
        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.OK);

        var browser = await _oauth.SignedInBrowserAsync(ws.Owner.Email);
        var forged = await browser.PostAsync(Settings, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = $"delete-app-{clientId}" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode); // no antiforgery token: nothing deleted
        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.OK);
        var deleted = await browser.PostAsync(Settings, $"delete-app-{clientId}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.Unauthorized);
        var (status, body) = await _oauth.PostAsync("/oauth/token", Refresh(grant.Refresh, clientId, secret));
        Assert.NotEqual(HttpStatusCode.OK, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.DoesNotContain("Test app", await browser.GetStringAsync(Settings));
    }

    [Fact]
    public async Task Deleting_an_app_through_OAuthClients_ends_its_client_credentials_tokens()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: true);
        var token = await _oauth.TokenAsync(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "read",
        });
        var api = factory.ClientWith(token.GetProperty("access_token").GetString());
        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.OK);

        await using (var scope = factory.Scope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<OAuthClients>().DeleteAsync(ws.Owner.Id, clientId, default));

        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Settings_page_lists_the_authorized_app_and_revoking_it_ends_its_tokens()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false, name: "Calendar sync");
        var grant = await _oauth.CodeGrantAsync(ws.Owner.Email, clientId, secret, appName: "Calendar sync");
        // A second grant of the same scopes reuses the user's authorization of the app: one entry in the list.
        var second = await _oauth.CodeGrantAsync(ws.Owner.Email, clientId, secret, appName: "Calendar sync");
        var api = factory.ClientWith(grant.Access);
        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.OK);

        var browser = await _oauth.SignedInBrowserAsync(ws.Owner.Email);
        var settings = await browser.GetStringAsync(Settings);
        var authorizations = RevokeAction().Matches(settings);
        var id = Assert.Single(authorizations).Groups[1].Value;
        Assert.Contains("<td>Calendar sync</td><td>read, write</td><td>2026-01-05</td>", settings);

        var revoke = await browser.PostAsync(Settings, $"revoke-app-{id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);

        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.Unauthorized);
        (await factory.ClientWith(second.Access).ApiGetAsync(Api)).Expect(HttpStatusCode.Unauthorized);
        var (status, body) = await _oauth.PostAsync("/oauth/token", Refresh(grant.Refresh, clientId, secret));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Empty(RevokeAction().Matches(await browser.GetStringAsync(Settings)));
    }

    [Fact]
    public async Task Revoking_needs_antiforgery_and_another_users_authorization_cannot_be_revoked()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var grant = await _oauth.CodeGrantAsync(ws.Owner.Email, clientId, secret);
        var victim = await _oauth.SignedInBrowserAsync(ws.Owner.Email);
        var id = Assert.Single(RevokeAction().Matches(await victim.GetStringAsync(Settings))).Groups[1].Value;

        var attackerWs = await factory.NewWorkspaceAsync();
        var attacker = await _oauth.SignedInBrowserAsync(attackerWs.Owner.Email);
        var attackerSettings = await attacker.GetStringAsync(Settings);
        Assert.Empty(RevokeAction().Matches(attackerSettings));
        var noToken = await victim.PostAsync(Settings, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = $"revoke-app-{id}" }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        // The attacker's page has no form for it: a forged one (with the attacker's own antiforgery token) is refused.
        var forgedForm = Forms.Fields(attackerSettings);
        forgedForm["_handler"] = $"revoke-app-{id}";
        var foreign = await attacker.PostAsync(Settings, new FormUrlEncodedContent(forgedForm));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("text/html", foreign.Content.Headers.ContentType!.ToString());

        (await factory.ClientWith(grant.Access).ApiGetAsync(Api)).Expect(HttpStatusCode.OK);
        await using var scope = factory.Scope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        Assert.True(await authorizations.HasStatusAsync((await authorizations.FindByIdAsync(id))!, OpenIddictConstants.Statuses.Valid));
    }

    [Fact]
    public async Task Revoke_endpoint_ends_an_access_token_for_its_authenticated_client()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var grant = await _oauth.CodeGrantAsync(ws.Owner.Email, clientId, secret);
        var api = factory.ClientWith(grant.Access);

        var (unauthenticated, error) = await _oauth.PostAsync("/oauth/revoke", new() { ["token"] = grant.Access, ["client_id"] = clientId });
        Assert.NotEqual(HttpStatusCode.OK, unauthenticated);
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());
        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.OK);

        var (status, _) = await _oauth.PostAsync("/oauth/revoke", new() { ["token"] = grant.Access, ["client_id"] = clientId, ["client_secret"] = secret });
        Assert.Equal(HttpStatusCode.OK, status);
        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoking_a_refresh_token_ends_the_access_tokens_of_its_authorization()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var grant = await _oauth.CodeGrantAsync(ws.Owner.Email, clientId, secret);
        (await factory.ClientWith(grant.Access).ApiGetAsync(Api)).Expect(HttpStatusCode.OK);

        var (status, _) = await _oauth.PostAsync("/oauth/revoke", new()
        {
            ["token"] = grant.Refresh, ["token_type_hint"] = "refresh_token", ["client_id"] = clientId, ["client_secret"] = secret,
        });
        Assert.Equal(HttpStatusCode.OK, status);
        (await factory.ClientWith(grant.Access).ApiGetAsync(Api)).Expect(HttpStatusCode.Unauthorized);
        var (refresh, body) = await _oauth.PostAsync("/oauth/token", Refresh(grant.Refresh, clientId, secret));
        Assert.Equal(HttpStatusCode.BadRequest, refresh);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_replayed_authorization_code_revokes_every_token_of_the_grant()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var pkce = NewPkce();
        var code = await _oauth.AuthorizeAsync(ws.Owner.Email, clientId, "read", pkce.Challenge, "s");
        var first = await _oauth.TokenAsync(RedeemCode(code, clientId, secret, pkce.Verifier));
        var api = factory.ClientWith(first.GetProperty("access_token").GetString());
        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.OK);

        var (replay, body) = await _oauth.PostAsync("/oauth/token", RedeemCode(code, clientId, secret, pkce.Verifier));
        Assert.Equal(HttpStatusCode.BadRequest, replay);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());

        (await api.ApiGetAsync(Api)).Expect(HttpStatusCode.Unauthorized);
        var (refresh, _) = await _oauth.PostAsync("/oauth/token", Refresh(first.GetProperty("refresh_token").GetString()!, clientId, secret));
        Assert.Equal(HttpStatusCode.BadRequest, refresh);
    }

    [Fact]
    public async Task A_rotated_refresh_token_redeemed_again_fails_at_once_and_revokes_the_chain()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var grant = await _oauth.CodeGrantAsync(ws.Owner.Email, clientId, secret);
        var rotated = await _oauth.TokenAsync(Refresh(grant.Refresh, clientId, secret));
        var newAccess = factory.ClientWith(rotated.GetProperty("access_token").GetString());
        (await newAccess.ApiGetAsync(Api)).Expect(HttpStatusCode.OK);

        // The fake clock has not moved: no reuse leeway, so the second redemption is a replay.
        var (replay, body) = await _oauth.PostAsync("/oauth/token", Refresh(grant.Refresh, clientId, secret));
        Assert.Equal(HttpStatusCode.BadRequest, replay);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());

        (await newAccess.ApiGetAsync(Api)).Expect(HttpStatusCode.Unauthorized);
        (await factory.ClientWith(grant.Access).ApiGetAsync(Api)).Expect(HttpStatusCode.Unauthorized);
        var (next, _) = await _oauth.PostAsync("/oauth/token", Refresh(rotated.GetProperty("refresh_token").GetString()!, clientId, secret));
        Assert.Equal(HttpStatusCode.BadRequest, next);
    }

    [Theory]
    [InlineData("&code_challenge_method=plain", "'code_challenge_method' is not supported")]
    [InlineData("", "'code_challenge_method' parameter is missing")] // no method means plain
    public async Task Pkce_plain_is_refused(string method, string reason)
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, _) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var browser = await _oauth.SignedInBrowserAsync(ws.Owner.Email);
        var response = await browser.GetAsync(AuthorizeUrl(clientId, "read", "s") + "&code_challenge=" + new string('a', 43) + method);
        // Refused before the consent page; OpenIddict checks PKCE before it trusts the redirect_uri, so the person
        // gets a page here instead of a redirect back to the app.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString());
        Assert.Contains(reason, System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Access_tokens_in_the_query_string_are_refused()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, secret) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var grant = await _oauth.CodeGrantAsync(ws.Owner.Email, clientId, secret);
        (await factory.ClientWith(grant.Access).ApiGetAsync(Api)).Expect(HttpStatusCode.OK);

        using var anonymous = factory.ClientWith(null);
        (await anonymous.ApiGetAsync($"{Api}?access_token={grant.Access}")).Expect(HttpStatusCode.Unauthorized);
        (await anonymous.ApiGetAsync($"{Api}?access_token={ws.Owner.Token}")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Pages_post_forms_only_to_themselves_and_the_consent_page_also_to_the_redirect_origin()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, _) = await _oauth.CreateClientAsync(ws.Owner.Id, clientCredentials: false);
        var browser = await _oauth.SignedInBrowserAsync(ws.Owner.Email);

        var consent = await browser.GetAsync(AuthorizeUrl(clientId, "read", "s"));
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        var csp = consent.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("form-action 'self' https://client.example;", csp);
        Assert.DoesNotContain("*", csp);

        var settings = await browser.GetAsync(Settings);
        var settingsCsp = settings.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("form-action 'self';", settingsCsp);
        Assert.DoesNotContain("*", settingsCsp);
    }

    [GeneratedRegex("name=\"_handler\" value=\"revoke-app-([^\"]+)\"")]
    private static partial Regex RevokeAction();
}
