using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>An invitation as POST /members answered it.</summary>
public sealed record SentInvitation(long UserId, string Link)
{
    /// <summary>The link's path, which a test browser opens on the test server.</summary>
    public string Path => new Uri(Link).AbsolutePath;
    public string Token => Path["/invitations/".Length..];
}

/// <summary>Invites, browses and accepts the way an inviter and a browser do, over HTTP.</summary>
public static class InvitationFlow
{
    private const string AntiforgeryField = "__RequestVerificationToken";

    /// <summary>What <see cref="InviteAsync"/> sends by default: all an inviting workspace may know of the person's names.</summary>
    public const string SentName = "Sent Name";

    /// <summary>The profile <see cref="PersonWithProfileAsync"/> gives an account, which no merely inviting workspace may see.</summary>
    public const string PrivateFirstName = "Victoria", PrivateLastName = "Private", PrivateAvatar = "https://avatar.example/victoria.png";
    public const string PrivateName = PrivateFirstName + " " + PrivateLastName;

    public static async Task<SentInvitation> InviteAsync(this TestWorkspace ws, string email, string role = Roles.RegularUser,
        string firstname = "Sent", string lastname = "Name")
    {
        var invited = (await ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email, firstname, lastname, role }))
            .Expect(HttpStatusCode.Created);
        return new SentInvitation(invited.Data.GetProperty("user_id").GetInt64(), invited.Data.GetProperty("invitation_link").GetString()!);
    }

    /// <summary>
    /// A member of a workspace of their own whose account has a profile (<see cref="PrivateName"/>, <paramref name="timezone"/>,
    /// an avatar) that another workspace inviting them must not see.
    /// </summary>
    public static async Task<(TestWorkspace Home, TestUser Person)> PersonWithProfileAsync(this TrackerFactory factory, string timezone)
    {
        var home = await factory.NewWorkspaceAsync();
        var person = await home.AddMemberAsync(Roles.RegularUser, timezone: timezone);
        await using var scope = factory.Scope();
        await factory.Db(scope).Users.Where(u => u.Id == person.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.FirstName, PrivateFirstName).SetProperty(u => u.LastName, PrivateLastName)
            .SetProperty(u => u.Avatar, PrivateAvatar));
        return (home, person);
    }

    /// <summary>The person accepts as themselves: signs in with their password, then opens and accepts the link.</summary>
    public static async Task AcceptAsync(this TrackerFactory factory, TestUser person, SentInvitation invitation)
    {
        var browser = factory.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(person.Email, TestData.Password)).StatusCode);
        var (_, accepted) = await browser.OpenAndAcceptAsync(invitation);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    /// <summary>A browser: cookies kept, redirects not followed.</summary>
    public static HttpClient Browser(this TrackerFactory factory) => factory.ClientWith(null);

    /// <summary>Signs the browser in through the sign-in form; answers where it was sent next.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient browser, string email, string password, string? returnUrl = null)
    {
        var form = Forms.Fields(await browser.GetStringAsync("/account/login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl))));
        form["email"] = email;
        form["password"] = password;
        return await browser.PostAsync("/account/login", new FormUrlEncodedContent(form));
    }

    /// <summary>
    /// Opens the invitation page, then submits its form as a browser would. When the page offers no form, it posts
    /// anyway, as an attacker would, with an antiforgery field taken from the sign-in page.
    /// </summary>
    public static async Task<(HttpResponseMessage Page, HttpResponseMessage Posted)> OpenAndAcceptAsync(
        this HttpClient browser, SentInvitation invitation, string? password = null)
    {
        var page = await browser.GetAsync(invitation.Path);
        var form = Forms.Fields(await page.Content.ReadAsStringAsync());
        if (!form.ContainsKey(AntiforgeryField))
            form[AntiforgeryField] = Forms.Fields(await browser.GetStringAsync("/account/login"))[AntiforgeryField];
        if (password is not null) form["password"] = password;
        return (page, await browser.PostAsync(invitation.Path, new FormUrlEncodedContent(form)));
    }

    /// <summary>True when the browser holds a session: the settings page answers instead of sending it to sign in.</summary>
    public static async Task<bool> IsSignedInAsync(this HttpClient browser) =>
        (await browser.GetAsync("/app/settings")).StatusCode == HttpStatusCode.OK;

    public static async Task<string> StatusInAsync(this TestWorkspace ws, long userId) =>
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{userId}?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetProperty("status").GetString()!;

    public static async Task<User> AccountAsync(this TrackerFactory factory, long userId)
    {
        await using var scope = factory.Scope();
        return await factory.Db(scope).Users.AsNoTracking().SingleAsync(u => u.Id == userId);
    }

    public static bool HasPassword(this User user, string password) =>
        user.PasswordHash is not null
        && new PasswordHasher<User>().VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>Makes an account token-only: it keeps its memberships and tokens but has no password.</summary>
    public static async Task RemovePasswordAsync(this TrackerFactory factory, long userId)
    {
        await using var scope = factory.Scope();
        await factory.Db(scope).Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, (string?)null));
    }
}
