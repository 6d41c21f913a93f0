using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>"Forgot password?" over HTTP, with the reset mail read from a real SMTP server.</summary>
public partial class PasswordResetTests(SmtpFactory factory) : IClassFixture<SmtpFactory>
{
    private const string NewPassword = "a-brand-new-password";

    private async Task<HttpResponseMessage> ForgotAsync(string email) =>
        await Browser.New(factory).SubmitAsync("/account/forgot-password", "/account/forgot-password", new Dictionary<string, string> { ["email"] = email });

    /// <summary>Asks for a reset of <paramref name="email"/> and answers the path of the link the mail carries.</summary>
    private async Task<string> ResetLinkAsync(string email)
    {
        var before = factory.Smtp.CountTo(email);
        Assert.Equal(HttpStatusCode.OK, (await ForgotAsync(email)).StatusCode);
        for (var waited = 0; factory.Smtp.CountTo(email) == before && waited < 10_000; waited += 20) await Task.Delay(20);
        var mail = factory.Smtp.Received.Where(m => m.To.Mailboxes.Any(a => a.Address == email)).ElementAt(before);
        Assert.Equal("Reset your Tracker password", mail.Subject);
        var link = ResetLink().Match(mail.TextBody!).Value;
        Assert.StartsWith("http://localhost:5080/account/reset-password/", link); // PublicUrl, never the Host header
        return new Uri(link).PathAndQuery;
    }

    private static Task<HttpResponseMessage> ResetAsync(HttpClient browser, string path, string password) =>
        browser.SubmitAsync(path, path, new Dictionary<string, string> { ["password"] = password });

    [GeneratedRegex(@"http\S+/account/reset-password/\S+")]
    private static partial Regex ResetLink();

    [Fact]
    public async Task The_sign_in_page_links_to_a_form_that_answers_the_same_for_known_and_unknown_emails()
    {
        Assert.Contains("<a href=\"/account/forgot-password\">Forgot password?</a>", await Browser.New(factory).GetStringAsync("/account/login"));
        var ws = await factory.NewWorkspaceAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        var known = await ForgotAsync(ws.Owner.Email);
        var stranger = await ForgotAsync(unknown);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stranger.StatusCode);
        var page = await known.Content.ReadAsStringAsync();
        Assert.Equal(page, await stranger.Content.ReadAsStringAsync());
        Assert.Contains("If that email has an account, we sent it a link", page);

        await factory.Smtp.WaitForAsync(ws.Owner.Email);
        Assert.Equal(0, factory.Smtp.CountTo(unknown));

        var invalid = await ForgotAsync("not an email");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal("Enter a valid email address.", Browser.ErrorOf(await invalid.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_answer_does_not_wait_for_the_mail_server()
    {
        var ws = await factory.NewWorkspaceAsync();
        factory.Smtp.Hold();
        try
        {
            // Were the page to wait for delivery, this would hang until the server accepts the message.
            var answer = await ForgotAsync(ws.Owner.Email).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(0, factory.Smtp.CountTo(ws.Owner.Email));
        }
        finally
        {
            factory.Smtp.Release();
        }
        await factory.Smtp.WaitForAsync(ws.Owner.Email);
    }

    [Fact]
    public async Task A_reset_link_sets_the_password_once()
    {
        var ws = await factory.NewWorkspaceAsync();
        var path = await ResetLinkAsync(ws.Owner.Email);
        var browser = Browser.New(factory);
        Assert.Contains(ws.Owner.Email, await browser.GetStringAsync(path));

        var tooShort = await ResetAsync(browser, path, "short");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.Equal("The password needs at least 10 characters.", Browser.ErrorOf(await tooShort.Content.ReadAsStringAsync()));

        var done = await ResetAsync(browser, path, NewPassword);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Your password was changed", await done.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.New(factory).SignInAsync(ws.Owner.Email, NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Browser.New(factory).SignInAsync(ws.Owner.Email, TestData.Password)).StatusCode);

        // Used: the page and the form both refuse it, and the password stays.
        var again = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("This link is invalid, expired or already used.", Browser.ErrorOf(await again.Content.ReadAsStringAsync()));
        var replay = await browser.PostAsync(path, new Dictionary<string, string> { ["password"] = "the-attackers-password" });
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.New(factory).SignInAsync(ws.Owner.Email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task A_reset_link_expires_after_an_hour()
    {
        var ws = await factory.NewWorkspaceAsync();
        var fresh = await ResetLinkAsync(ws.Owner.Email);
        factory.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await Browser.New(factory).GetAsync(fresh)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.New(factory).GetAsync(fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await Browser.New(factory).PostAsync(fresh, new Dictionary<string, string> { ["password"] = NewPassword })).StatusCode);
    }

    [Fact]
    public async Task A_forged_or_altered_token_is_refused()
    {
        var ws = await factory.NewWorkspaceAsync();
        var path = await ResetLinkAsync(ws.Owner.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.New(factory).GetAsync(path[..^2] + (path[^2] == 'A' ? "BB" : "AA"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.New(factory).GetAsync("/account/reset-password/not-a-token")).StatusCode);
    }

    [Fact]
    public async Task A_link_dies_when_the_accounts_email_changes()
    {
        var ws = await factory.NewWorkspaceAsync();
        var path = await ResetLinkAsync(ws.Owner.Email);
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var user = await db.Users.SingleAsync(u => u.Id == ws.Owner.Id);
            user.Email = user.NormalizedEmail = $"moved-{Guid.NewGuid():N}@example.com";
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.New(factory).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_reset_takes_the_account_back_tokens_oauth_apps_and_sessions()
    {
        var ws = await factory.NewWorkspaceAsync();
        var session = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var subject = ws.Owner.Id.ToString();
        string authorizationId, tokenId;
        string codeClient, credentialsClient;
        await using (var scope = factory.Scope())
        {
            var services = scope.ServiceProvider;
            var clients = services.GetRequiredService<OAuthClients>();
            (codeClient, _) = await clients.CreateAsync(ws.Owner.Id, "Calendar sync", "https://app.example/cb", false, default);
            (credentialsClient, _) = await clients.CreateAsync(ws.Owner.Id, "Intruder's robot", null, true, default);
            var authorizations = services.GetRequiredService<IOpenIddictAuthorizationManager>();
            var authorization = await authorizations.CreateAsync(new OpenIddictAuthorizationDescriptor
            {
                Subject = subject, Status = OpenIddictConstants.Statuses.Valid, Type = OpenIddictConstants.AuthorizationTypes.Permanent,
            });
            authorizationId = (await authorizations.GetIdAsync(authorization))!;
            var tokens = services.GetRequiredService<IOpenIddictTokenManager>();
            var token = await tokens.CreateAsync(new OpenIddictTokenDescriptor
            {
                Subject = subject, Status = OpenIddictConstants.Statuses.Valid, Type = OpenIddictConstants.TokenTypeHints.RefreshToken,
                AuthorizationId = authorizationId, ExpirationDate = factory.Clock.GetUtcNow().AddDays(30),
            });
            tokenId = (await tokens.GetIdAsync(token))!;
        }
        var other = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, (await ResetAsync(Browser.New(factory), await ResetLinkAsync(ws.Owner.Email), NewPassword)).StatusCode);

        (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);
        Assert.False(await session.IsSignedInAsync());
        await using (var scope = factory.Scope())
        {
            var services = scope.ServiceProvider;
            var tokens = services.GetRequiredService<IOpenIddictTokenManager>();
            Assert.Equal(OpenIddictConstants.Statuses.Revoked, await tokens.GetStatusAsync((await tokens.FindByIdAsync(tokenId))!));
            var authorizations = services.GetRequiredService<IOpenIddictAuthorizationManager>();
            Assert.Equal(OpenIddictConstants.Statuses.Revoked, await authorizations.GetStatusAsync((await authorizations.FindByIdAsync(authorizationId))!));
            // A client-credentials app mints tokens as the account with its secret alone: it goes. An authorization-code
            // app needs the person's sign-in and consent: it stays.
            var apps = (await services.GetRequiredService<OAuthClients>().ListAsync(ws.Owner.Id, default)).Select(a => a.ClientId).ToList();
            Assert.Equal([codeClient], apps);
            Assert.False(await factory.Db(scope).PersonalAccessTokens.AnyAsync(t => t.UserId == ws.Owner.Id && t.RevokedAt == null));
        }
        // Nothing of another account moved.
        (await other.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_account_without_a_password_is_claimed_by_its_mailbox_and_the_inviters_tokens_die()
    {
        // Another workspace's Owner invited a brand-new email and, holding the link, chose the account's first password
        // (the invitation page allows that for a brand-new account), then made a token with it.
        var inviterWs = await factory.NewWorkspaceAsync();
        var email = $"victim-{Guid.NewGuid():N}@example.com";
        (await inviterWs.Owner.Client.ApiPostAsync($"/api/v2/members?{inviterWs.Q}",
            new { email, firstname = "V", lastname = "W", role = "Regular User" })).Expect(HttpStatusCode.Created);
        long userId;
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var user = await db.Users.SingleAsync(u => u.NormalizedEmail == email);
            Passwords.Set(user, "inviter-chosen-password");
            await db.SaveChangesAsync();
            userId = user.Id;
        }
        var inviterToken = await TestData.TokenForAsync(factory, userId);
        var inviterSession = await Browser.SignedInAsync(factory, email, "inviter-chosen-password");

        // The mailbox's owner resets the password.
        Assert.Equal(HttpStatusCode.OK, (await ResetAsync(Browser.New(factory), await ResetLinkAsync(email), NewPassword)).StatusCode);

        (await factory.ClientWith(inviterToken).ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);
        Assert.False(await inviterSession.IsSignedInAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Browser.New(factory).SignInAsync(email, "inviter-chosen-password")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.New(factory).SignInAsync(email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task One_email_receives_at_most_three_reset_mails_an_hour()
    {
        var ws = await factory.NewWorkspaceAsync();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await ForgotAsync(ws.Owner.Email)).StatusCode);
        // Mail is delivered in order: once a later one has arrived, every earlier one has.
        var later = await factory.NewWorkspaceAsync();
        await ForgotAsync(later.Owner.Email);
        await factory.Smtp.WaitForAsync(later.Owner.Email);
        Assert.Equal(3, factory.Smtp.CountTo(ws.Owner.Email));

        factory.Clock.Advance(TimeSpan.FromHours(1));
        await ResetLinkAsync(ws.Owner.Email);
    }
}
