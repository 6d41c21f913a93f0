using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>
/// Taking over an account through an invitation link (issue 14): an admin of any workspace can invite any email and
/// holds the link it answers. The link must never sign in to, or set the password of, an account someone holds.
/// </summary>
public class InvitationTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string AttackerPassword = "attacker-chosen-password";

    [Fact]
    public async Task An_account_with_a_password_accepts_only_while_signed_in_as_itself()
    {
        var home = await factory.NewWorkspaceAsync();
        var victim = await home.AddMemberAsync(Roles.RegularUser);
        var attacker = await factory.NewWorkspaceAsync();
        var invitation = await attacker.InviteAsync(victim.Email);

        // Opening the link gives no session, and says whom to sign in as.
        var anonymous = factory.Browser();
        var page = await anonymous.GetAsync(invitation.Path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"Sign in as {victim.Email} to accept", html);
        Assert.Contains($"/account/login?returnUrl=%2Finvitations%2F{invitation.Token}", html);
        Assert.Contains("/account/forgot-password", html);
        Assert.DoesNotContain("name=\"password\"", html);
        Assert.False(await anonymous.IsSignedInAsync());

        // Accepting without a session fails, and a password sent along is ignored.
        var (_, posted) = await anonymous.OpenAndAcceptAsync(invitation, AttackerPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);
        Assert.Contains("Sign in as", await posted.Content.ReadAsStringAsync());
        Assert.False(await anonymous.IsSignedInAsync());

        // Signed in as someone else (the inviter): refused, with a way to sign out.
        var wrong = factory.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await wrong.SignInAsync(attacker.Owner.Email, TestData.Password)).StatusCode);
        var (wrongPage, wrongPost) = await wrong.OpenAndAcceptAsync(invitation);
        var wrongHtml = await wrongPage.Content.ReadAsStringAsync();
        Assert.Contains($"You are signed in as {attacker.Owner.Email}", wrongHtml);
        Assert.Contains("action=\"/account/logout\"", wrongHtml);
        Assert.Equal(HttpStatusCode.Forbidden, wrongPost.StatusCode);

        Assert.Equal("inactive", await attacker.StatusInAsync(victim.Id));
        var account = await factory.AccountAsync(victim.Id);
        Assert.True(account.HasPassword(TestData.Password));
        Assert.False(account.HasPassword(AttackerPassword));

        // The person signs in through the page's link, comes back, and accepts.
        var owner = factory.Browser();
        var signedIn = await owner.SignInAsync(victim.Email, TestData.Password, invitation.Path);
        Assert.Equal(invitation.Path, signedIn.Headers.Location?.OriginalString);
        var (ownPage, accepted) = await owner.OpenAndAcceptAsync(invitation);
        Assert.Contains($"You are signed in as {victim.Email}", await ownPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/app", accepted.Headers.Location?.OriginalString);
        Assert.Equal("active", await attacker.StatusInAsync(victim.Id));
        Assert.Equal("active", await home.StatusInAsync(victim.Id));
    }

    [Fact]
    public async Task A_token_only_account_active_elsewhere_cannot_get_a_password_through_a_link()
    {
        var home = await factory.NewWorkspaceAsync();
        var victim = await home.AddMemberAsync(Roles.RegularUser);
        await factory.RemovePasswordAsync(victim.Id);
        var attacker = await factory.NewWorkspaceAsync();
        var invitation = await attacker.InviteAsync(victim.Email);

        var browser = factory.Browser();
        var (page, posted) = await browser.OpenAndAcceptAsync(invitation, AttackerPassword);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("name=\"password\"", html);
        Assert.Contains("/account/forgot-password", html);
        Assert.Contains($"Sign in as {victim.Email}", html);
        Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);

        Assert.Null((await factory.AccountAsync(victim.Id)).PasswordHash);
        Assert.False(await browser.IsSignedInAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Browser().SignInAsync(victim.Email, AttackerPassword)).StatusCode);
        Assert.Equal("inactive", await attacker.StatusInAsync(victim.Id));
        // The token still works where it did.
        (await victim.Client.ApiGetAsync($"/api/v2/members?{home.Q}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_account_made_by_another_workspaces_invitation_joins_each_workspace_only_through_its_own_link()
    {
        var first = await factory.NewWorkspaceAsync();
        var second = await factory.NewWorkspaceAsync();
        var email = $"new-{Guid.NewGuid():N}@example.com";
        var firstLink = await first.InviteAsync(email);
        var secondLink = await second.InviteAsync(email);
        Assert.Equal(firstLink.UserId, secondLink.UserId);

        // The second workspace's link sets the password of the brand-new account and joins only that workspace.
        var person = factory.Browser();
        var (newPage, accepted) = await person.OpenAndAcceptAsync(secondLink, "the-persons-own-password");
        Assert.Contains("name=\"password\"", await newPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.True(await person.IsSignedInAsync());
        Assert.Equal("active", await second.StatusInAsync(secondLink.UserId));
        Assert.Equal("inactive", await first.StatusInAsync(firstLink.UserId));

        // The first link can no longer choose a password: the account has one now.
        var other = factory.Browser();
        var (page, posted) = await other.OpenAndAcceptAsync(firstLink, AttackerPassword);
        Assert.DoesNotContain("name=\"password\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);
        var account = await factory.AccountAsync(firstLink.UserId);
        Assert.True(account.HasPassword("the-persons-own-password"));
        Assert.False(account.HasPassword(AttackerPassword));
        Assert.Equal("inactive", await first.StatusInAsync(firstLink.UserId));

        // Signed in as the account, the first link joins the first workspace too.
        var (_, joined) = await person.OpenAndAcceptAsync(firstLink);
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.Equal("active", await first.StatusInAsync(firstLink.UserId));
    }

    [Fact]
    public async Task Restoring_a_viewer_who_never_accepted_invites_again_even_if_the_account_joined_elsewhere()
    {
        var viewers = await factory.NewWorkspaceAsync();
        var email = $"viewer-{Guid.NewGuid():N}@example.com";
        var created = (await viewers.Owner.Client.ApiPostAsync("/api/v2/project-viewers",
            new { workspace_id = viewers.Id, email, firstname = "Vi", lastname = "Ewer" })).Expect(HttpStatusCode.Created);
        var viewerId = created.Data.GetProperty("id").GetInt64();
        (await viewers.Owner.Client.ApiDeleteAsync($"/api/v2/project-viewers/{viewerId}?{viewers.Q}")).Expect(HttpStatusCode.OK);

        var elsewhere = await factory.NewWorkspaceAsync();
        var (_, accepted) = await factory.Browser().OpenAndAcceptAsync(await elsewhere.InviteAsync(email), "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var restored = (await viewers.Owner.Client.ApiPostAsync($"/api/v2/project-viewers/{viewerId}/restore", new { workspace_id = viewers.Id }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("inactive", restored.Data.GetProperty("status").GetString());
        Assert.Contains("/invitations/", restored.Data.GetProperty("invitation_link").GetString());
    }

    [Fact]
    public async Task A_link_works_once()
    {
        var ws = await factory.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync($"once-{Guid.NewGuid():N}@example.com");
        var (_, accepted) = await factory.Browser().OpenAndAcceptAsync(invitation, "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var again = factory.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync(invitation.Path)).StatusCode);
        var (_, reposted) = await again.OpenAndAcceptAsync(invitation, "another-long-password");
        Assert.Equal(HttpStatusCode.NotFound, reposted.StatusCode);
        Assert.True((await factory.AccountAsync(invitation.UserId)).HasPassword("a-long-enough-password"));
    }

    [Fact]
    public async Task Two_browsers_racing_with_one_link_cannot_both_use_it()
    {
        var ws = await factory.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync($"race-{Guid.NewGuid():N}@example.com");
        var browsers = Enumerable.Range(0, 4).Select(_ => factory.Browser()).ToList();
        var forms = new List<Dictionary<string, string>>();
        foreach (var browser in browsers)
        {
            var form = Forms.Fields(await browser.GetStringAsync(invitation.Path));
            form["password"] = "racing-password-" + forms.Count;
            forms.Add(form);
        }
        var results = await Task.WhenAll(browsers.Select((b, i) => b.PostAsync(invitation.Path, new FormUrlEncodedContent(forms[i]))));

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Redirect);
        // A loser is refused whichever moment it read: the link already used (404), the race lost at commit (409), or,
        // on PostgreSQL's read committed, the link still open but the account already holding the winner's password,
        // which its own password does not match (401). None signs in or changes the password.
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.Redirect),
            r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.Unauthorized }));
        var winner = Array.FindIndex(results, r => r.StatusCode == HttpStatusCode.Redirect);
        foreach (var loser in browsers.Where((_, i) => i != winner)) Assert.False(await loser.IsSignedInAsync());
        Assert.True((await factory.AccountAsync(invitation.UserId)).HasPassword("racing-password-" + winner));
    }

    [Fact]
    public async Task Links_expire_after_seven_days_and_can_then_be_sent_again()
    {
        var ws = await factory.NewWorkspaceAsync();
        var email = $"late-{Guid.NewGuid():N}@example.com";
        var invitation = await ws.InviteAsync(email);
        // While it works, the email cannot be invited again.
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email, firstname = "A", lastname = "B", role = "Regular User" }))
            .ExpectInvalid("email");

        var browser = factory.Browser();
        var form = Forms.Fields(await browser.GetStringAsync(invitation.Path));
        form["password"] = "a-long-enough-password";
        factory.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync(invitation.Path, new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(invitation.Path)).StatusCode);
        Assert.Null((await factory.AccountAsync(invitation.UserId)).PasswordHash);
        Assert.Equal("inactive", await ws.StatusInAsync(invitation.UserId));

        var fresh = await ws.InviteAsync(email);
        Assert.NotEqual(invitation.Token, fresh.Token);
        var (_, accepted) = await factory.Browser().OpenAndAcceptAsync(fresh, "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("active", await ws.StatusInAsync(invitation.UserId));
    }

    [Fact]
    public async Task Expired_used_and_unknown_links_get_the_same_page()
    {
        var ws = await factory.NewWorkspaceAsync();
        var used = await ws.InviteAsync($"used-{Guid.NewGuid():N}@example.com");
        await factory.Browser().OpenAndAcceptAsync(used, "a-long-enough-password");
        var expired = await ws.InviteAsync($"expired-{Guid.NewGuid():N}@example.com");
        factory.Clock.Advance(TimeSpan.FromDays(8));

        var bodies = new List<string>();
        foreach (var path in new[] { used.Path, expired.Path, "/invitations/" + new string('a', 40), "/invitations/x" })
        {
            var response = await factory.Browser().GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }
        Assert.Contains("no longer valid", bodies[0]);
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
    }
}
