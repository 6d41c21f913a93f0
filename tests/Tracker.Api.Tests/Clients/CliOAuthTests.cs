using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Cli;

namespace Tracker.Api.Tests.Clients;

/// <summary>
/// <c>tracker login</c> without a token: the OAuth authorization-code flow with PKCE on a loopback redirect, driven
/// as a person would (sign in, consent), then a refresh when the access token has expired. Own host: the clock moves
/// past the 15-day access-token lifetime.
/// </summary>
public class CliOAuthTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    [Fact]
    public async Task Login_in_a_browser_then_the_access_token_refreshes_itself()
    {
        var ws = await factory.NewWorkspaceAsync();
        var port = FreePort();
        await using var scope = factory.Scope();
        var (clientId, secret) = await scope.ServiceProvider.GetRequiredService<OAuthClients>()
            .CreateAsync(ws.Owner.Id, "tracker", $"http://127.0.0.1:{port}/callback", clientCredentials: false, default);
        Task<HttpStatusCode>? person = null;
        using var cli = new CliRunner(factory, token: null, openBrowser: url =>
        {
            person = SignInAndAllowAsync(url, ws.Owner.Email);
            return true;
        });

        var login = await cli.RunAsync("login", "--server", "http://localhost", "--client-id", clientId, "--client-secret", secret,
            "--port", port.ToString(), "--json");

        Assert.True(login.ExitCode == TrackerCli.Ok, login.Output);
        Assert.Equal(HttpStatusCode.OK, await person!); // the loopback page the browser landed on
        var saved = Saved(cli);
        var firstRefresh = saved.GetProperty("oauth").GetProperty("refresh_token").GetString();
        Assert.False(saved.TryGetProperty("token", out _));
        Assert.Equal(ws.Id, Assert.Single((await cli.RunAsync("workspaces", "--json")).Json.EnumerateArray()).GetProperty("id").GetInt64());

        factory.Clock.Advance(TimeSpan.FromDays(16)); // the access token (15 days) has expired; the refresh token (30) has not
        var later = await cli.RunAsync("workspaces", "--json");

        Assert.Equal(TrackerCli.Ok, later.ExitCode);
        var rotated = Saved(cli).GetProperty("oauth").GetProperty("refresh_token").GetString();
        Assert.NotEqual(firstRefresh, rotated); // refreshed, and the new pair saved (the old refresh token is spent)
    }

    [Fact]
    public async Task Login_without_an_app_of_ones_own_uses_the_servers_public_command_line_app()
    {
        var ws = await factory.NewWorkspaceAsync();
        Task<HttpStatusCode>? person = null;
        Uri? asked = null;
        using var cli = new CliRunner(factory, token: null, openBrowser: url =>
        {
            asked = url;
            person = SignInAndAllowAsync(url, ws.Owner.Email);
            return true;
        });

        var login = await cli.RunAsync("login", "--server", "http://localhost", "--json");

        Assert.True(login.ExitCode == TrackerCli.Ok, login.Output);
        Assert.Equal(HttpStatusCode.OK, await person!);
        var query = QueryHelpers.ParseQuery(asked!.Query);
        Assert.Equal(CommandLineApp.ClientId, query["client_id"].ToString());
        var port = new Uri(query["redirect_uri"].ToString()).Port;
        Assert.InRange(port, CommandLineApp.FirstPort, CommandLineApp.FirstPort + CommandLineApp.Ports - 1);
        var saved = Saved(cli);
        Assert.Equal(CommandLineApp.ClientId, saved.GetProperty("client_id").GetString());
        Assert.False(saved.TryGetProperty("client_secret", out _)); // a public app: no secret to keep
        Assert.Equal(ws.Id, Assert.Single((await cli.RunAsync("workspaces", "--json")).Json.EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task The_public_command_line_app_needs_PKCE_and_its_own_loopback_redirects()
    {
        var browser = factory.ClientWith(null);
        var ws = await factory.NewWorkspaceAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(ws.Owner.Email, TestData.Password)).StatusCode);
        const string challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        var noPkce = await browser.GetAsync($"/oauth/authorize?response_type=code&client_id={CommandLineApp.ClientId}" +
            $"&redirect_uri={Uri.EscapeDataString($"http://127.0.0.1:{CommandLineApp.FirstPort}/callback")}&scope=read");
        var elsewhere = await browser.GetAsync($"/oauth/authorize?response_type=code&client_id={CommandLineApp.ClientId}" +
            $"&redirect_uri={Uri.EscapeDataString("http://127.0.0.1:9999/callback")}&scope=read&code_challenge={challenge}&code_challenge_method=S256");

        Assert.Contains("code_challenge", Uri.UnescapeDataString(noPkce.Headers.Location?.ToString() ?? await noPkce.Content.ReadAsStringAsync()));
        Assert.NotEqual(HttpStatusCode.Redirect, elsewhere.StatusCode); // an unregistered redirect is never followed
    }

    /// <summary>The person's part: open the URL, sign in, allow, and follow the redirect to the loopback listener.</summary>
    private async Task<HttpStatusCode> SignInAndAllowAsync(Uri url, string email)
    {
        var browser = factory.ClientWith(null);
        var first = await browser.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var login = Forms.Fields(await browser.GetStringAsync(first.Headers.Location!.ToString()));
        (login["email"], login["password"]) = (email, TestData.Password);
        var signedIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(login));
        var consent = Forms.Fields(await browser.GetStringAsync(signedIn.Headers.Location!.ToString()));
        consent["decision"] = "allow";
        var redirect = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(consent));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var callback = redirect.Headers.Location!;
        Assert.Equal("S256", QueryHelpers.ParseQuery(url.Query)["code_challenge_method"].ToString());
        using var loopback = new HttpClient();
        return (await loopback.GetAsync(callback)).StatusCode;
    }

    private static JsonElement Saved(CliRunner cli) => JsonDocument.Parse(File.ReadAllText(CliConfig.PathIn(cli.ConfigFolder))).RootElement;

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
