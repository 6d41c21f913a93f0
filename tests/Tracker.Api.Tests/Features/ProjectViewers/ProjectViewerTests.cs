using System.Net;
using System.Text.Json;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Projects;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.ProjectViewers;

[Collection(SharedHost.Api)]
public class ProjectViewerTests(TrackerFactory factory)
{
    [Fact]
    public async Task Create_invites_a_viewer_who_appears_among_members()
    {
        var ws = await factory.NewWorkspaceAsync();
        var response = (await ws.Owner.Client.ApiPostAsync("/api/v2/project-viewers", new
        {
            workspace_id = ws.Id, email = "Client@Example.com", firstname = "John", lastname = "Doe",
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("Project viewer created successfully", response.Message);
        var v = response.Data;
        var id = v.GetProperty("id").GetInt64();
        Assert.Equal("Client@Example.com", v.GetProperty("email").GetString());
        Assert.Equal("John", v.GetProperty("firstname").GetString());
        Assert.Equal("Doe", v.GetProperty("lastname").GetString());
        Assert.Equal("inactive", v.GetProperty("status").GetString());
        Assert.EndsWith("Z", v.GetProperty("member_since").GetString());
        Assert.Empty(v.GetProperty("projects").EnumerateArray());
        Assert.Contains("/invitations/", v.GetProperty("invitation_link").GetString());

        var member = (await ws.Owner.Client.ApiGetAsync($"/api/v2/members/{id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Project viewer", member.Data.GetProperty("current_role").GetString());

        var got = (await ws.Owner.Client.ApiGetAsync($"/api/v2/project-viewers/{id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Project viewer retrieved successfully", got.Message);
        Assert.False(got.Data.TryGetProperty("invitation_link", out _));

        (await ws.Owner.Client.ApiPostAsync("/api/v2/project-viewers", new { workspace_id = ws.Id, email = "client@example.com", firstname = "J", lastname = "D" }))
            .ExpectInvalid("email");
    }

    [Fact]
    public async Task Create_validates_each_field_and_role()
    {
        var ws = await factory.NewWorkspaceAsync();
        var c = ws.Owner.Client;
        (await c.ApiPostAsync("/api/v2/project-viewers", new { workspace_id = ws.Id, firstname = "J", lastname = "D" })).ExpectInvalid("email");
        (await c.ApiPostAsync("/api/v2/project-viewers", new { workspace_id = ws.Id, email = "not-an-email", firstname = "J", lastname = "D" })).ExpectInvalid("email");
        (await c.ApiPostAsync("/api/v2/project-viewers", new { workspace_id = ws.Id, email = "a@b.co", lastname = "D" })).ExpectInvalid("firstname");
        (await c.ApiPostAsync("/api/v2/project-viewers", new { workspace_id = ws.Id, email = "a@b.co", firstname = "J" })).ExpectInvalid("lastname");
        (await c.ApiPostAsync("/api/v2/project-viewers", new { email = "a@b.co", firstname = "J", lastname = "D" })).ExpectInvalid("workspace_id");

        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var project = await ws.CreateProjectAsync();
        foreach (var role in new[] { Roles.ProjectManager, Roles.TeamManager, Roles.RegularUser, Roles.ProjectViewer })
        {
            var user = await ws.AddMemberAsync(role);
            (await user.Client.ApiGetAsync($"/api/v2/project-viewers?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiGetAsync($"/api/v2/project-viewers/{viewer.Id}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiPostAsync("/api/v2/project-viewers", new { workspace_id = ws.Id, email = "x@y.co", firstname = "J", lastname = "D" }))
                .Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/assign-project", new { workspace_id = ws.Id, project_id = project }))
                .Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiDeleteAsync($"/api/v2/project-viewers/{viewer.Id}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        }
        var em = await ws.AddMemberAsync(Roles.ExecutiveManager);
        (await em.Client.ApiGetAsync($"/api/v2/project-viewers/{viewer.Id}?{ws.Q}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Assigned_projects_give_read_only_access()
    {
        var ws = await factory.NewWorkspaceAsync();
        var shown = await ws.CreateProjectAsync("Shown");
        var hidden = await ws.CreateProjectAsync("Hidden");
        var task = await ws.CreateTaskAsync(shown);
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var c = ws.Owner.Client;

        var assigned = (await c.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/assign-project", new { workspace_id = ws.Id, project_id = shown }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Project assigned to viewer successfully", assigned.Message);
        var project = Assert.Single(assigned.Data.GetProperty("projects").EnumerateArray());
        Assert.Equal(shown, project.GetProperty("project_id").GetInt64());
        Assert.Equal("Shown", project.GetProperty("project_name").GetString());
        // Assigning again changes nothing.
        var again = (await c.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/assign-project", new { workspace_id = ws.Id, project_id = shown }))
            .Expect(HttpStatusCode.OK);
        Assert.Single(again.Data.GetProperty("projects").EnumerateArray());

        Assert.Equal([shown], (await viewer.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Ids());
        (await viewer.Client.ApiGetAsync($"/api/v2/projects/{hidden}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        Assert.Equal([task], (await viewer.Client.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={shown}")).Expect(HttpStatusCode.OK).Ids());
        (await viewer.Client.ApiPutAsync($"/api/v2/projects/{shown}?{ws.Q}", new { name = "X" })).Expect(HttpStatusCode.Forbidden);
        (await viewer.Client.ApiPutAsync($"/api/v2/tasks/{task}?{ws.Q}", new { title = "X" })).Expect(HttpStatusCode.Forbidden);

        (await c.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/assign-project", new { workspace_id = ws.Id })).ExpectInvalid("project_id");
        (await c.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/assign-project", new { workspace_id = ws.Id, project_id = 999999 })).Expect(HttpStatusCode.NotFound);
        (await c.ApiPostAsync($"/api/v2/project-viewers/{ws.Owner.Id}/assign-project", new { workspace_id = ws.Id, project_id = shown })).Expect(HttpStatusCode.NotFound);

        var unassigned = (await c.ApiDeleteAsync($"/api/v2/project-viewers/{viewer.Id}/unassign-project", new { workspace_id = ws.Id, project_id = shown }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Project unassigned from viewer successfully", unassigned.Message);
        Assert.Empty(unassigned.Data.GetProperty("projects").EnumerateArray());
        Assert.Empty((await viewer.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Data.EnumerateArray());
        (await c.ApiDeleteAsync($"/api/v2/project-viewers/{viewer.Id}/unassign-project", new { workspace_id = ws.Id, project_id = shown })).Expect(HttpStatusCode.NotFound);
        (await c.ApiDeleteAsync($"/api/v2/project-viewers/{viewer.Id}/unassign-project", new { workspace_id = ws.Id })).ExpectInvalid("project_id");
    }

    [Fact]
    public async Task List_filters_by_email_and_paginates()
    {
        var ws = await factory.NewWorkspaceAsync();
        var first = await ws.AddMemberAsync(Roles.ProjectViewer);
        var second = await ws.AddMemberAsync(Roles.ProjectViewer);
        await ws.AddMemberAsync(Roles.RegularUser);
        var c = ws.Owner.Client;
        var all = (await c.ApiGetAsync($"/api/v2/project-viewers?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Project viewers retrieved successfully", all.Message);
        Assert.Equal([first.Id, second.Id], all.Ids());
        Assert.Equal(2, all.Pagination.GetProperty("total").GetInt32());
        Assert.Equal([second.Id], (await c.ApiGetAsync($"/api/v2/project-viewers?{ws.Q}&email={second.Email.ToUpperInvariant()}")).Ids());
        var page = (await c.ApiGetAsync($"/api/v2/project-viewers?{ws.Q}&per_page=1&page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal([second.Id], page.Ids());
        Assert.Equal(2, page.Pagination.GetProperty("last_page").GetInt32());
        (await c.ApiGetAsync($"/api/v2/project-viewers?{ws.Q}&status=gone")).ExpectInvalid("status");
    }

    [Fact]
    public async Task Archive_and_restore()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var c = ws.Owner.Client;
        (await c.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/assign-project", new { workspace_id = ws.Id, project_id = project })).Expect(HttpStatusCode.OK);
        (await c.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/restore", new { workspace_id = ws.Id })).Expect(HttpStatusCode.NotFound);

        var deleted = (await c.ApiDeleteAsync($"/api/v2/project-viewers/{viewer.Id}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal("Project viewer deleted successfully", deleted.Message);
        (await viewer.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        Assert.Empty((await c.ApiGetAsync($"/api/v2/project-viewers?{ws.Q}")).Data.EnumerateArray());
        Assert.Equal([viewer.Id], (await c.ApiGetAsync($"/api/v2/project-viewers?{ws.Q}&status=left")).Ids());
        Assert.Equal("left", (await c.ApiGetAsync($"/api/v2/project-viewers/{viewer.Id}?{ws.Q}")).Data.GetProperty("status").GetString());
        (await c.ApiDeleteAsync($"/api/v2/project-viewers/{viewer.Id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);

        var restored = (await c.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/restore", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal("Project viewer restored successfully", restored.Message);
        Assert.Equal("active", restored.Data.GetProperty("status").GetString());
        Assert.Single(restored.Data.GetProperty("projects").EnumerateArray());
        Assert.Single((await viewer.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
    }

    [Fact]
    public async Task Another_workspaces_viewer_and_project_are_not_found()
    {
        var mine = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var theirViewer = await other.AddMemberAsync(Roles.ProjectViewer);
        var theirProject = await other.CreateProjectAsync();
        var myViewer = await mine.AddMemberAsync(Roles.ProjectViewer);
        var c = mine.Owner.Client;
        (await c.ApiGetAsync($"/api/v2/project-viewers/{theirViewer.Id}?{mine.Q}")).Expect(HttpStatusCode.NotFound);
        (await c.ApiDeleteAsync($"/api/v2/project-viewers/{theirViewer.Id}?{mine.Q}")).Expect(HttpStatusCode.NotFound);
        (await c.ApiPostAsync($"/api/v2/project-viewers/{theirViewer.Id}/restore", new { workspace_id = mine.Id })).Expect(HttpStatusCode.NotFound);
        (await c.ApiPostAsync($"/api/v2/project-viewers/{myViewer.Id}/assign-project", new { workspace_id = mine.Id, project_id = theirProject })).Expect(HttpStatusCode.NotFound);
        (await c.ApiDeleteAsync($"/api/v2/project-viewers/{theirViewer.Id}/unassign-project", new { workspace_id = mine.Id, project_id = theirProject })).Expect(HttpStatusCode.NotFound);
        Assert.Equal("active", (await other.Owner.Client.ApiGetAsync($"/api/v2/project-viewers/{theirViewer.Id}?{other.Q}")).Data.GetProperty("status").GetString());
    }
}
