using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Members;

/// <summary>
/// The Owner stands above the Executive managers (issue 14): only the Owner changes rate visibility, makes, unmakes
/// or invites Executive managers, and edits an Executive manager's or the Owner's account. Each refusal changes nothing.
/// </summary>
[Collection(SharedHost.Api)]
public class OwnerRuleTests(TrackerFactory factory)
{
    [Fact]
    public async Task Only_the_owner_changes_rate_status()
    {
        var ws = await factory.NewWorkspaceAsync();
        var exec = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var user = await ws.AddMemberAsync(Roles.RegularUser);

        var self = (await exec.Client.ApiPutAsync($"/api/v2/members/{exec.Id}?{ws.Q}", new { rate_status = 1 })).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("Only the workspace owner can change who sees rates.", self.Message);
        (await exec.Client.ApiPutAsync($"/api/v2/members/{user.Id}?{ws.Q}", new { rate_status = 1 })).Expect(HttpStatusCode.Forbidden);
        Assert.Equal(0, await RateStatusAsync(ws, exec.Id));
        Assert.Equal(0, await RateStatusAsync(ws, user.Id));
        // Sending the value it already has changes nothing and is not refused.
        (await exec.Client.ApiPutAsync($"/api/v2/members/{user.Id}?{ws.Q}", new { rate_status = 0, weekly_hours_limit = 30 })).Expect(HttpStatusCode.OK);

        (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{exec.Id}?{ws.Q}", new { rate_status = 1 })).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{user.Id}?{ws.Q}", new { rate_status = 1 })).Expect(HttpStatusCode.OK);
        Assert.Equal(1, await RateStatusAsync(ws, exec.Id));
        Assert.Equal(1, await RateStatusAsync(ws, user.Id));
        // An executive who sees rates still cannot take them away from anyone.
        (await exec.Client.ApiPutAsync($"/api/v2/members/{user.Id}?{ws.Q}", new { rate_status = 0 })).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Only_the_owner_invites_an_executive_manager()
    {
        var ws = await factory.NewWorkspaceAsync();
        var exec = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var email = $"exec-{Guid.NewGuid():N}@example.com";

        var refused = (await exec.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email, firstname = "E", lastname = "M", role = "executive MANAGER" }))
            .Expect(HttpStatusCode.Forbidden);
        Assert.Equal("Only the workspace owner can make someone an Executive manager.", refused.Message);
        await using (var scope = factory.Scope())
            Assert.False(await factory.Db(scope).Users.AnyAsync(u => u.NormalizedEmail == email));

        (await exec.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email, firstname = "E", lastname = "M", role = "Team manager" }))
            .Expect(HttpStatusCode.Created);
        var owners = await ws.InviteAsync($"exec2-{Guid.NewGuid():N}@example.com", Roles.ExecutiveManager);
        Assert.Equal("Executive manager", (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{owners.UserId}?{ws.Q}")).Data.GetProperty("current_role").GetString());
    }

    [Fact]
    public async Task Only_the_owner_changes_an_executive_managers_role()
    {
        var ws = await factory.NewWorkspaceAsync();
        var exec = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var peer = await ws.AddMemberAsync(Roles.ExecutiveManager);
        (await exec.Client.ApiPutAsync($"/api/v2/members/{peer.Id}?{ws.Q}", new { role = "Regular User" })).Expect(HttpStatusCode.Forbidden);
        (await exec.Client.ApiPutAsync($"/api/v2/members/{peer.Id}?{ws.Q}", new { role = "Executive manager" })).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{peer.Id}?{ws.Q}", new { role = "Regular User" })).Expect(HttpStatusCode.OK);
        // Stepping down oneself is allowed.
        (await exec.Client.ApiPutAsync($"/api/v2/members/{exec.Id}?{ws.Q}", new { role = "Team manager" })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_the_owner_archives_an_executive_manager()
    {
        var ws = await factory.NewWorkspaceAsync();
        var exec = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var peer = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var user = await ws.AddMemberAsync(Roles.RegularUser);
        (await exec.Client.ApiDeleteAsync($"/api/v2/members/{peer.Id}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("active", await ws.StatusInAsync(peer.Id));
        (await exec.Client.ApiDeleteAsync($"/api/v2/members/{user.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/members/{peer.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("firstname")]
    [InlineData("lastname")]
    [InlineData("timezone")]
    [InlineData("remove_avatar")]
    public async Task Only_the_owner_edits_the_owners_and_executive_managers_accounts(string field)
    {
        var ws = await factory.NewWorkspaceAsync();
        var exec = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var peer = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var user = await ws.AddMemberAsync(Roles.RegularUser);

        foreach (var target in new[] { ws.Owner, peer })
        {
            var before = await factory.AccountAsync(target.Id);
            var refused = (await exec.Client.ApiPutAsync($"/api/v2/members/{target.Id}?{ws.Q}", Body(field))).Expect(HttpStatusCode.Forbidden);
            Assert.Contains("Only the workspace owner", refused.Message);
            var after = await factory.AccountAsync(target.Id);
            Assert.Equal((before.Email, before.FirstName, before.LastName, before.Timezone, before.UpdatedAt),
                (after.Email, after.FirstName, after.LastName, after.Timezone, after.UpdatedAt));
        }
        // The owner may; an executive still edits a regular member's account and their own.
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{peer.Id}?{ws.Q}", Body(field))).Expect(HttpStatusCode.OK);
        (await exec.Client.ApiPutAsync($"/api/v2/members/{user.Id}?{ws.Q}", Body(field))).Expect(HttpStatusCode.OK);
        (await exec.Client.ApiPutAsync($"/api/v2/members/{exec.Id}?{ws.Q}", Body(field))).Expect(HttpStatusCode.OK);
    }

    private static object Body(string field) => field switch
    {
        "email" => new { email = $"changed-{Guid.NewGuid():N}@example.com" },
        "firstname" => new { firstname = "Changed" },
        "lastname" => new { lastname = "Changed" },
        "timezone" => new { timezone = "America/Denver" },
        _ => (object)new { remove_avatar = 1 },
    };

    private async Task<int> RateStatusAsync(TestWorkspace ws, long userId)
    {
        await using var scope = factory.Scope();
        return await factory.Db(scope).Members.Where(m => m.WorkspaceId == ws.Id && m.UserId == userId).Select(m => m.RateStatus).SingleAsync();
    }
}
