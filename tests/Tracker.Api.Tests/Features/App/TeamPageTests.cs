using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>/app/team over HTTP: invite, change role and archive through the API; a Regular User sees only what the API shows.</summary>
[Collection(SharedHost.Account)]
public class TeamPageTests(TrackerFactory factory)
{
    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string form, Dictionary<string, string> values)
    {
        values["_handler"] = form;
        return browser.SubmitAsync("/app/team", "/app/team", values);
    }

    [Fact]
    public async Task An_owner_invites_changes_a_role_and_archives()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var html = await browser.GetStringAsync("/app/team");
        Assert.Contains("<h1>Team</h1>", html);
        Assert.Contains($"<td>{member.Email}</td>", html);
        Assert.Contains($"value=\"role-{member.Id}\"", html);

        var email = $"new-{Guid.NewGuid():N}@example.com";
        var invited = await PostAsync(browser, "invite", new() { ["Email"] = email, ["Firstname"] = "Nia", ["Lastname"] = "New", ["Role"] = Roles.ProjectManager });
        Assert.Equal("/app/team", invited.Headers.Location?.PathAndQuery);
        Assert.Contains($"<td>{email}</td>", await browser.GetStringAsync("/app/team"));

        var bad = await (await PostAsync(browser, "invite", new() { ["Email"] = "not-an-email", ["Role"] = Roles.RegularUser })).Content.ReadAsStringAsync();
        Assert.Contains("<div class=\"error\" role=\"alert\">", bad); // the API's 422, shown

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(browser, $"role-{member.Id}", new() { ["Role"] = Roles.TeamManager })).StatusCode);
        var stored = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{member.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(Roles.TeamManager, stored.Data.GetProperty("current_role").GetString());

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(browser, $"archive-{member.Id}", [])).StatusCode);
        Assert.DoesNotContain($"<td>{member.Email}</td>", await browser.GetStringAsync("/app/team"));
    }

    [Fact]
    public async Task A_regular_member_sees_only_what_the_API_shows_and_is_refused_changes()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var other = await ws.AddMemberAsync(Roles.RegularUser);
        var browser = await Browser.SignedInAsync(factory, member.Email);

        var html = await browser.GetStringAsync("/app/team");
        Assert.DoesNotContain(other.Email, html);
        Assert.DoesNotContain(ws.Owner.Email, html);
        Assert.DoesNotContain(">Rate</th>", html);

        var refused = await (await PostAsync(browser, $"archive-{member.Id}", [])).Content.ReadAsStringAsync();
        Assert.Contains("<p>Not allowed: ", refused);
        var still = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{member.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, still.Data.GetProperty("deleted_at").ValueKind);
    }
}
