using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Members;

[Collection(SharedHost.Api)]
public class MemberTests(TrackerFactory factory)
{
    [Fact]
    public async Task List_returns_member_shape_with_filters_and_pagination()
    {
        var ws = await factory.NewWorkspaceAsync();
        var pm = await ws.AddMemberAsync(Roles.ProjectManager);
        await ws.AddMemberAsync(Roles.RegularUser);

        var all = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, all.Data.GetArrayLength());
        Assert.Equal(3, all.Pagination.GetProperty("total").GetInt32());
        var first = all.Data[0];
        foreach (var field in new[] { "id", "email", "firstname", "lastname", "avatar", "current_role", "timezone", "status", "team_name", "title", "rate_status", "weekly_hours_limit", "is_blocked", "created_at", "updated_at", "deleted_at" })
            Assert.True(first.TryGetProperty(field, out _), $"missing {field}");

        var byEmail = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}&email={Uri.EscapeDataString(pm.Email.ToUpperInvariant())}")).Expect(HttpStatusCode.OK);
        Assert.Equal(pm.Id, Assert.Single(byEmail.Data.EnumerateArray()).GetProperty("id").GetInt64());

        var byRole = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}&role=regular%20user")).Expect(HttpStatusCode.OK);
        Assert.Equal("Regular User", Assert.Single(byRole.Data.EnumerateArray()).GetProperty("current_role").GetString());

        var paged = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}&per_page=2&page=2")).Expect(HttpStatusCode.OK);
        Assert.Single(paged.Data.EnumerateArray());
        Assert.Equal(2, paged.Pagination.GetProperty("last_page").GetInt32());

        // Filters combine; a page past the end is empty and still carries the filtered total.
        var past = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}&status=active&role=Owner&per_page=1&page=9")).Expect(HttpStatusCode.OK);
        Assert.Empty(past.Data.EnumerateArray());
        Assert.Equal(1, past.Pagination.GetProperty("total").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, past.Pagination.GetProperty("from").ValueKind);
    }

    [Fact]
    public async Task List_requires_a_valid_token_and_membership_of_the_workspace()
    {
        var ws = await factory.NewWorkspaceAsync();
        var outsider = (await factory.NewWorkspaceAsync()).Owner;
        (await outsider.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task List_rejects_bad_filters_and_missing_workspace()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}&status=sleeping")).ExpectInvalid("status");
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}&role=King")).ExpectInvalid("role");
        var missing = (await ws.Owner.Client.ApiGetAsync("/api/v2/members")).ExpectInvalid("workspace_id");
        Assert.Equal("The workspace id field is required.", missing.Message);
        (await ws.Owner.Client.ApiGetAsync("/api/v2/members?workspace_id=abc")).ExpectInvalid("workspace_id");
    }

    [Fact]
    public async Task Rates_are_shown_only_to_callers_allowed_to_see_them()
    {
        var ws = await factory.NewWorkspaceAsync();
        var em = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var emWithRates = await ws.AddMemberAsync(Roles.ExecutiveManager, canSeeRates: true);
        await SetRateAsync(ws.Id, em.Id, 42.5m);

        var owner = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{em.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(42.5m, owner.Data.GetProperty("rate").GetDecimal());
        var allowed = (await emWithRates.Client.ApiGetAsync($"/api/v2/members/{em.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(42.5m, allowed.Data.GetProperty("rate").GetDecimal());
        var hidden = (await em.Client.ApiGetAsync($"/api/v2/members/{em.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.False(hidden.Data.TryGetProperty("rate", out _));
    }

    [Fact]
    public async Task Regular_users_and_viewers_see_only_themselves()
    {
        var ws = await factory.NewWorkspaceAsync();
        var user = await ws.AddMemberAsync(Roles.RegularUser);
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var list = (await user.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(user.Id, Assert.Single(list.Data.EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(1, list.Pagination.GetProperty("total").GetInt32());
        (await user.Client.ApiGetAsync($"/api/v2/members/{ws.Owner.Id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        (await viewer.Client.ApiGetAsync($"/api/v2/members/{viewer.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_single_member_and_foreign_ids()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.TeamManager);

        var got = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{member.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Member retrieved successfully", got.Message);
        Assert.Equal(member.Email, got.Data.GetProperty("email").GetString());
        Assert.Equal("Team manager", got.Data.GetProperty("current_role").GetString());

        // Another workspace's member through my workspace: not found. My member through a workspace I am not in: 403.
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{other.Owner.Id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{member.Id}?{other.Q}")).Expect(HttpStatusCode.Forbidden);
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/999999?{ws.Q}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invite_creates_an_inactive_member_with_a_working_link()
    {
        var ws = await factory.NewWorkspaceAsync();
        var email = $"new-{Guid.NewGuid():N}@example.com";
        var invited = (await ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}",
            new { email, firstname = "New", lastname = "Person", role = "regular user" })).Expect(HttpStatusCode.Created);
        Assert.Equal("Member invited successfully", invited.Message);
        var userId = invited.Data.GetProperty("user_id").GetInt64();
        var link = invited.Data.GetProperty("invitation_link").GetString()!;
        Assert.Matches("/invitations/[0-9a-f]{40}$", link);

        var member = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{userId}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("inactive", member.Data.GetProperty("status").GetString());
        Assert.Equal("Regular User", member.Data.GetProperty("current_role").GetString());

        await using (var scope = factory.Scope())
        {
            var evt = await factory.Db(scope).OutboxEvents.SingleAsync(e => e.WorkspaceId == ws.Id && e.EventType == "member.invited");
            Assert.Contains(email, evt.PayloadJson);
        }

        // Accepting through the link activates the membership.
        var browser = factory.ClientWith(null);
        var path = new Uri(link).AbsolutePath;
        var page = await browser.GetStringAsync(path);
        var form = Forms.Fields(page);
        form["password"] = "a-long-enough-password";
        var accepted = await browser.PostAsync(path, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var active = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{userId}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("active", active.Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Invite_accepts_workspace_id_in_the_body_too()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiPostAsync("/api/v2/members",
            new { workspace_id = ws.Id, email = $"b-{Guid.NewGuid():N}@example.com", firstname = "B", lastname = "Body", role = "Project manager" }))
            .Expect(HttpStatusCode.Created);
        (await ws.Owner.Client.ApiPostAsync("/api/v2/members",
            new { workspace_id = ws.Id.ToString(), email = $"c-{Guid.NewGuid():N}@example.com", firstname = "C", lastname = "Str", role = "Project manager" }))
            .Expect(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("firstname")]
    [InlineData("lastname")]
    [InlineData("role")]
    public async Task Invite_requires_each_field(string field)
    {
        var ws = await factory.NewWorkspaceAsync();
        var body = new Dictionary<string, object?>
        {
            ["email"] = $"x-{Guid.NewGuid():N}@example.com", ["firstname"] = "X", ["lastname"] = "Y", ["role"] = "Regular User",
        };
        body.Remove(field);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", body)).ExpectInvalid(field);
    }

    [Fact]
    public async Task Invite_validates_values_and_duplicates()
    {
        var ws = await factory.NewWorkspaceAsync();
        var client = ws.Owner.Client;
        var url = $"/api/v2/members?{ws.Q}";
        (await client.ApiPostAsync(url, new { email = "not-an-email", firstname = "A", lastname = "B", role = "Regular User" })).ExpectInvalid("email");
        (await client.ApiPostAsync(url, new { email = "a@example.com", firstname = "A", lastname = "B", role = "Owner" })).ExpectInvalid("role");
        (await client.ApiPostAsync(url, new { email = "a@example.com", firstname = new string('x', 101), lastname = "B", role = "Regular User" })).ExpectInvalid("firstname");
        (await client.ApiPostAsync(url, new { email = ws.Owner.Email, firstname = "A", lastname = "B", role = "Regular User" })).ExpectInvalid("email");
        (await client.SendRawAsync(HttpMethod.Post, url, "{\"email\": ")).Expect(HttpStatusCode.BadRequest);
        (await client.SendRawAsync(HttpMethod.Post, url, "{\"email\": 5, \"firstname\": [1]}")).Expect(HttpStatusCode.UnprocessableEntity);
        (await client.SendRawAsync(HttpMethod.Post, url, "")).Expect(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Only_owners_and_executive_managers_manage_members()
    {
        var ws = await factory.NewWorkspaceAsync();
        var target = await ws.AddMemberAsync(Roles.RegularUser);
        var em = await ws.AddMemberAsync(Roles.ExecutiveManager);
        foreach (var role in new[] { Roles.TeamManager, Roles.ProjectManager, Roles.RegularUser, Roles.ProjectViewer })
        {
            var caller = await ws.AddMemberAsync(role);
            (await caller.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email = $"z-{Guid.NewGuid():N}@example.com", firstname = "Z", lastname = "Z", role = "Regular User" }))
                .Expect(HttpStatusCode.Forbidden);
            (await caller.Client.ApiPutAsync($"/api/v2/members/{target.Id}?{ws.Q}", new { firstname = "Hacked" })).Expect(HttpStatusCode.Forbidden);
            (await caller.Client.ApiDeleteAsync($"/api/v2/members/{target.Id}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        }
        (await em.Client.ApiPutAsync($"/api/v2/members/{target.Id}?{ws.Q}", new { title = "ignored", firstname = "Changed" })).Expect(HttpStatusCode.OK);
        // Executive managers cannot mint other executive managers; only the owner can.
        (await em.Client.ApiPutAsync($"/api/v2/members/{target.Id}?{ws.Q}", new { role = "Executive manager" })).Expect(HttpStatusCode.Forbidden);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{target.Id}?{ws.Q}", new { role = "Executive manager" })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Update_changes_only_supplied_fields()
    {
        var ws = await factory.NewWorkspaceAsync();
        var target = await ws.AddMemberAsync(Roles.RegularUser);
        var url = $"/api/v2/members/{target.Id}?{ws.Q}";
        var updated = (await ws.Owner.Client.ApiPutAsync(url, new
        {
            firstname = "Ada", timezone = "Europe/Paris", role = "project MANAGER", rate_status = 1, weekly_hours_limit = 30,
        })).Expect(HttpStatusCode.OK);
        Assert.Equal("Member updated successfully", updated.Message);
        var d = updated.Data;
        Assert.Equal("Ada", d.GetProperty("firstname").GetString());
        Assert.Equal("User", d.GetProperty("lastname").GetString());
        Assert.Equal("Europe/Paris", d.GetProperty("timezone").GetString());
        Assert.Equal("Project manager", d.GetProperty("current_role").GetString());
        Assert.Equal(1, d.GetProperty("rate_status").GetInt32());
        Assert.Equal(30, d.GetProperty("weekly_hours_limit").GetInt32());
        await using var scope = factory.Scope();
        Assert.True(await factory.Db(scope).OutboxEvents.AnyAsync(e => e.WorkspaceId == ws.Id && e.EventType == "member.updated"));
    }

    [Fact]
    public async Task Update_validates_each_field()
    {
        var ws = await factory.NewWorkspaceAsync();
        var target = await ws.AddMemberAsync(Roles.RegularUser);
        var url = $"/api/v2/members/{target.Id}?{ws.Q}";
        var client = ws.Owner.Client;
        (await client.ApiPutAsync(url, new { email = "nope" })).ExpectInvalid("email");
        (await client.ApiPutAsync(url, new { email = ws.Owner.Email })).ExpectInvalid("email");
        (await client.ApiPutAsync(url, new { timezone = "Mars/Olympus" })).ExpectInvalid("timezone");
        (await client.ApiPutAsync(url, new { role = "Owner" })).ExpectInvalid("role");
        (await client.ApiPutAsync(url, new { rate_status = 2 })).ExpectInvalid("rate_status");
        (await client.ApiPutAsync(url, new { weekly_hours_limit = 169 })).ExpectInvalid("weekly_hours_limit");
        (await client.ApiPutAsync(url, new { weekly_hours_limit = -1 })).ExpectInvalid("weekly_hours_limit");
        (await client.ApiPutAsync(url, new { remove_avatar = 3 })).ExpectInvalid("remove_avatar");
        (await client.ApiPutAsync(url, new { firstname = " " })).ExpectInvalid("firstname");
        (await client.ApiPutAsync($"/api/v2/members/{ws.Owner.Id}?{ws.Q}", new { role = "Regular User" })).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Update_and_archive_of_another_workspaces_member_answer_404_and_change_nothing()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var victim = await other.AddMemberAsync(Roles.RegularUser);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{victim.Id}?{ws.Q}", new { firstname = "Hacked" })).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/members/{victim.Id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{victim.Id}", new { workspace_id = other.Id, firstname = "Hacked" })).Expect(HttpStatusCode.Forbidden);
        var still = (await other.Owner.Client.ApiGetAsync($"/api/v2/members/{victim.Id}?{other.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Test", still.Data.GetProperty("firstname").GetString());
        Assert.Equal("active", still.Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Archive_removes_access_and_hides_the_member()
    {
        var ws = await factory.NewWorkspaceAsync();
        var target = await ws.AddMemberAsync(Roles.RegularUser);
        var done = (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/members/{target.Id}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal("Member archived successfully", done.Message);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, done.Data.ValueKind);

        (await target.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        var list = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(list.Data.EnumerateArray(), m => m.GetProperty("id").GetInt64() == target.Id);
        var left = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}&status=left")).Expect(HttpStatusCode.OK);
        var archived = Assert.Single(left.Data.EnumerateArray());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, archived.GetProperty("deleted_at").ValueKind);

        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/members/{target.Id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/members/{ws.Owner.Id}?{ws.Q}")).Expect(HttpStatusCode.BadRequest);

        // Re-inviting an archived member brings them back as invited.
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email = target.Email, firstname = "Re", lastname = "Turn", role = "Regular User" }))
            .Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Parallel_invites_of_one_email_create_one_membership()
    {
        var ws = await factory.NewWorkspaceAsync();
        var email = $"race-{Guid.NewGuid():N}@example.com";
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email, firstname = "R", lastname = "C", role = "Regular User" })));
        Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r =>
            Assert.Contains(r.Status, new[] { HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity }));
        await using var scope = factory.Scope();
        Assert.Equal(1, await factory.Db(scope).Members.CountAsync(m => m.WorkspaceId == ws.Id && m.User.NormalizedEmail == email));
    }

    private async Task SetRateAsync(long workspaceId, long userId, decimal rate)
    {
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var member = await db.Members.SingleAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId);
        member.Rate = rate;
        await db.SaveChangesAsync();
    }
}
