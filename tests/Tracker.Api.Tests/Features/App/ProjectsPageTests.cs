using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>/app/projects over HTTP: projects, tasks with status and priority, contracts; changes through the API.</summary>
[Collection(SharedHost.Account)]
public class ProjectsPageTests(TrackerFactory factory)
{
    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string page, string form, Dictionary<string, string> values)
    {
        values["_handler"] = form;
        return browser.SubmitAsync(page, page, values);
    }

    [Fact]
    public async Task An_owner_creates_a_project_and_a_task_and_sees_its_contracts()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var created = await PostAsync(browser, "/app/projects", "project", new() { ["Name"] = "Orion <launch>" });
        Assert.Equal("/app/projects", created.Headers.Location?.PathAndQuery);
        Assert.Contains("Orion &lt;launch&gt;", await browser.GetStringAsync("/app/projects"));

        var page = $"/app/projects?project={a.ProjectId}";
        var html = await browser.GetStringAsync(page);
        Assert.Contains("Tasks of Website Redesign", html);
        Assert.Contains("<th scope=\"row\">Update homepage design</th>", html);
        Assert.Contains(member.Email, html); // the contract's member

        var added = await PostAsync(browser, page, "task", new() { ["Title"] = "Write release notes", ["Priority"] = "20" });
        Assert.Equal(page, added.Headers.Location?.PathAndQuery);
        var task = await browser.GetStringAsync(page);
        Assert.Matches("<th scope=\"row\">Write release notes</th><td>[^<]+</td><td>High</td>", task);

        var viewer = $"viewer-{Guid.NewGuid():N}@example.com";
        var invited = await PostAsync(browser, page, "viewer", new() { ["Email"] = viewer, ["Firstname"] = "Vera", ["Lastname"] = "View" });
        Assert.Equal(page, invited.Headers.Location?.PathAndQuery);
        Assert.Contains($"Vera View <span class=\"muted\">{viewer}", await browser.GetStringAsync(page));
    }

    [Fact]
    public async Task A_regular_member_is_refused_changes_and_sees_no_rates()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var browser = await Browser.SignedInAsync(factory, member.Email);

        var refused = await (await PostAsync(browser, "/app/projects", "project", new() { ["Name"] = "Not mine" })).Content.ReadAsStringAsync();
        Assert.Contains("<p>Not allowed: ", refused);
        Assert.DoesNotContain("Not mine", refused);

        var html = await browser.GetStringAsync($"/app/projects?project={a.ProjectId}");
        Assert.DoesNotContain(">Rate</th>", html);
        Assert.DoesNotContain("Project viewers", html); // the API does not list them to this person
        var projects = (await ws.Owner.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Single(projects.Data.EnumerateArray());
    }
}
