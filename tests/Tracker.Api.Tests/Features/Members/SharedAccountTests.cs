using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Members;

/// <summary>
/// The account behind a membership (email, names, time zone, avatar) is shared by every workspace its person belongs
/// to. Another workspace can neither rewrite it (PUT /members/{id}) nor read it by inviting its email (issue 14).
/// </summary>
[Collection(SharedHost.Api)]
public class SharedAccountTests(TrackerFactory factory)
{
    public static TheoryData<string, object> AccountFields => new()
    {
        { "email", new { email = $"hijacked-{Guid.NewGuid():N}@example.com" } },
        { "firstname", new { firstname = "Hacked" } },
        { "lastname", new { lastname = "Hacked" } },
        { "timezone", new { timezone = "Pacific/Kiritimati" } },
        { "remove_avatar", new { remove_avatar = 1 } },
    };

    [Theory]
    [MemberData(nameof(AccountFields))]
    public async Task Another_workspace_cannot_rewrite_the_account_of_someone_it_invited(string field, object body)
    {
        var (home, victim) = await VictimAsync();
        var attacker = await factory.NewWorkspaceAsync();
        await attacker.InviteAsync(victim.Email);
        var before = await factory.AccountAsync(victim.Id);

        var refused = (await attacker.Owner.Client.ApiPutAsync($"/api/v2/members/{victim.Id}?{attacker.Q}", body)).Expect(HttpStatusCode.Forbidden);
        Assert.Contains("also belongs to another workspace", refused.Message);
        AssertUnchanged(before, await factory.AccountAsync(victim.Id), field);
        // Signing in with the account's own email still works.
        Assert.Equal(HttpStatusCode.Redirect, (await factory.Browser().SignInAsync(victim.Email, TestData.Password)).StatusCode);
        Assert.Equal("Victoria", (await home.Owner.Client.ApiGetAsync($"/api/v2/members/{victim.Id}?{home.Q}")).Data.GetProperty("firstname").GetString());
    }

    [Fact]
    public async Task A_member_of_two_workspaces_is_rewritten_by_neither_admin_but_keeps_its_workspace_fields()
    {
        var (home, victim) = await VictimAsync();
        var second = await factory.NewWorkspaceAsync();
        await second.AddExistingUserAsync(victim, Roles.RegularUser);
        var before = await factory.AccountAsync(victim.Id);

        foreach (var ws in new[] { home, second })
        {
            (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{victim.Id}?{ws.Q}", new { firstname = "Hacked", role = "Team manager" }))
                .Expect(HttpStatusCode.Forbidden);
            var updated = (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{victim.Id}?{ws.Q}",
                new { role = "Team manager", weekly_hours_limit = 20, rate_status = 1 })).Expect(HttpStatusCode.OK);
            Assert.Equal("Team manager", updated.Data.GetProperty("current_role").GetString());
        }
        AssertUnchanged(before, await factory.AccountAsync(victim.Id), "all");
    }

    [Fact]
    public async Task An_archived_membership_elsewhere_still_shares_the_account()
    {
        var (home, victim) = await VictimAsync();
        (await home.Owner.Client.ApiDeleteAsync($"/api/v2/members/{victim.Id}?{home.Q}")).Expect(HttpStatusCode.OK);
        var second = await factory.NewWorkspaceAsync();
        await second.AddExistingUserAsync(victim, Roles.RegularUser);
        (await second.Owner.Client.ApiPutAsync($"/api/v2/members/{victim.Id}?{second.Q}", new { email = "new-owner@example.com" }))
            .Expect(HttpStatusCode.Forbidden);
        Assert.Equal(victim.Email, (await factory.AccountAsync(victim.Id)).Email);
    }

    [Fact]
    public async Task People_change_their_own_account_even_when_it_is_shared()
    {
        var home = await factory.NewWorkspaceAsync();
        var second = await factory.NewWorkspaceAsync();
        var exec = await home.AddMemberAsync(Roles.ExecutiveManager);
        await second.AddExistingUserAsync(exec, Roles.RegularUser);
        await second.AddExistingUserAsync(home.Owner, Roles.RegularUser);

        var renamed = (await exec.Client.ApiPutAsync($"/api/v2/members/{exec.Id}?{home.Q}", new { firstname = "Own", timezone = "Europe/Oslo" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Own", renamed.Data.GetProperty("firstname").GetString());
        var newEmail = $"owner-{Guid.NewGuid():N}@example.com";
        (await home.Owner.Client.ApiPutAsync($"/api/v2/members/{home.Owner.Id}?{home.Q}", new { email = newEmail })).Expect(HttpStatusCode.OK);
        Assert.Equal(newEmail, (await factory.AccountAsync(home.Owner.Id)).Email);
    }

    [Fact]
    public async Task Another_workspaces_ids_answer_404_before_the_body_is_validated()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var theirs = await other.AddMemberAsync(Roles.RegularUser);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{theirs.Id}?{ws.Q}", new { email = "not-an-email", rate_status = 7 }))
            .Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_pending_invitation_shows_what_the_inviter_sent_not_the_accounts_profile()
    {
        var (_, victim) = await VictimAsync();
        var attacker = await factory.NewWorkspaceAsync();
        await attacker.InviteAsync(victim.Email, firstname: "Guess", lastname: "Who");
        var viewers = await factory.NewWorkspaceAsync();
        var viewer = (await viewers.Owner.Client.ApiPostAsync("/api/v2/project-viewers",
            new { workspace_id = viewers.Id, email = victim.Email.ToUpperInvariant(), firstname = "Guess", lastname = "Who" })).Expect(HttpStatusCode.Created);

        var one = (await attacker.Owner.Client.ApiGetAsync($"/api/v2/members/{victim.Id}?{attacker.Q}")).Expect(HttpStatusCode.OK).Data;
        var listed = (await attacker.Owner.Client.ApiGetAsync($"/api/v2/members?{attacker.Q}")).Expect(HttpStatusCode.OK)
            .Data.EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == victim.Id);
        var viewerOne = (await viewers.Owner.Client.ApiGetAsync($"/api/v2/project-viewers/{victim.Id}?{viewers.Q}")).Expect(HttpStatusCode.OK).Data;
        foreach (var shown in new[] { one, listed, viewer.Data, viewerOne })
        {
            Assert.Equal("Guess", shown.GetProperty("firstname").GetString());
            Assert.Equal("Who", shown.GetProperty("lastname").GetString());
            Assert.DoesNotContain("Victoria", shown.GetRawText());
            Assert.DoesNotContain("Asia/Tokyo", shown.GetRawText());
            Assert.DoesNotContain("avatar.example", shown.GetRawText());
        }
        foreach (var member in new[] { one, listed })
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, member.GetProperty("timezone").ValueKind);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, member.GetProperty("avatar").ValueKind);
        }
    }

    [Fact]
    public async Task Once_accepted_the_member_shows_the_accounts_own_profile()
    {
        var (_, victim) = await VictimAsync();
        var second = await factory.NewWorkspaceAsync();
        await factory.AcceptAsync(victim, await second.InviteAsync(victim.Email, firstname: "Guess", lastname: "Who"));

        var shown = (await second.Owner.Client.ApiGetAsync($"/api/v2/members/{victim.Id}?{second.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("Victoria", shown.GetProperty("firstname").GetString());
        Assert.Equal("Asia/Tokyo", shown.GetProperty("timezone").GetString());
    }

    [Fact]
    public async Task An_invited_account_of_this_workspace_alone_is_corrected_by_its_admins()
    {
        var ws = await factory.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync($"typo-{Guid.NewGuid():N}@example.com", firstname: "Jhon", lastname: "Doe");
        var corrected = (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{invitation.UserId}?{ws.Q}", new { firstname = "John" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("John", corrected.Data.GetProperty("firstname").GetString());
        Assert.Equal("Doe", corrected.Data.GetProperty("lastname").GetString());
        Assert.Equal("John", (await factory.AccountAsync(invitation.UserId)).FirstName);
    }

    /// <summary>A member of their own workspace, with a profile another workspace must neither see nor change.</summary>
    private Task<(TestWorkspace Home, TestUser Victim)> VictimAsync() => factory.PersonWithProfileAsync("Asia/Tokyo");

    private static void AssertUnchanged(User before, User after, string field)
    {
        Assert.True(before.Email == after.Email && before.NormalizedEmail == after.NormalizedEmail, $"{field}: email changed");
        Assert.True(before.FirstName == after.FirstName && before.LastName == after.LastName, $"{field}: names changed");
        Assert.True(before.Timezone == after.Timezone && before.Avatar == after.Avatar, $"{field}: time zone or avatar changed");
        Assert.True(before.UpdatedAt == after.UpdatedAt, $"{field}: account row touched");
    }
}
