using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Projects;

public class ProjectTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    [Fact]
    public async Task Create_answers_the_project_and_records_an_event()
    {
        var ws = await factory.NewWorkspaceAsync();
        var response = (await ws.Owner.Client.ApiPostAsync($"/api/v2/projects?{ws.Q}", new
        {
            name = "Marketing Campaign Q1", start_date = "2024-01-15", deadline = "2024-03-31", estimation = 120, budget = 5000,
            notes = "Focus on social media", icon = "project-icon-1", rate = 45.5m, screenshots = "blur",
            tags = new[] { new { name = "Marketing", color = "#ff5733" } },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("Project created successfully", response.Message);
        var p = response.Data;
        Assert.True(p.GetProperty("id").GetInt64() > 0);
        Assert.Equal("Marketing Campaign Q1", p.GetProperty("name").GetString());
        Assert.Equal(ws.Owner.Id, p.GetProperty("owner_id").GetInt64());
        Assert.Equal("2024-01-15", p.GetProperty("start_date").GetString());
        Assert.Equal("2024-03-31", p.GetProperty("deadline").GetString());
        Assert.Equal(120m, p.GetProperty("estimation").GetDecimal());
        Assert.Equal(5000m, p.GetProperty("budget_estimation").GetDecimal());
        Assert.Equal("Focus on social media", p.GetProperty("notes").GetString());
        Assert.Equal("project-icon-1", p.GetProperty("icon").GetString());
        Assert.True(p.GetProperty("is_billable").GetBoolean());
        Assert.Equal(45.5m, p.GetProperty("rate").GetDecimal());
        Assert.Equal(168, p.GetProperty("weekly_hours_limit").GetInt32());
        Assert.Equal("blurred", p.GetProperty("screenshots").GetString());
        var tag = Assert.Single(p.GetProperty("tags").EnumerateArray());
        Assert.Equal("Marketing", tag.GetProperty("name").GetString());
        Assert.Equal("#FF5733", tag.GetProperty("color").GetString());
        Assert.True(tag.GetProperty("id").GetInt64() > 0);
        Assert.Equal(0, p.GetProperty("contracts_count").GetInt32());
        Assert.Equal(1, p.GetProperty("status").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$", p.GetProperty("created_at").GetString());
        Assert.Equal(JsonValueKind.Null, p.GetProperty("deleted_at").ValueKind);

        await using var scope = factory.Scope();
        var events = await factory.Db(scope).OutboxEvents.Where(e => e.WorkspaceId == ws.Id).Select(e => e.EventType).ToListAsync();
        Assert.Contains("project.created", events);
    }

    [Fact]
    public async Task Create_validates_each_field()
    {
        var ws = await factory.NewWorkspaceAsync();
        var c = ws.Owner.Client;
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { })).ExpectInvalid("name");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = " " })).ExpectInvalid("name");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = new string('x', 256) })).ExpectInvalid("name");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "P", start_date = "15/01/2024" })).ExpectInvalid("start_date");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "P", deadline = "2024-02-30" })).ExpectInvalid("deadline");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "P", start_date = "2024-03-01", deadline = "2024-02-01" })).ExpectInvalid("deadline");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "P", estimation = -1 })).ExpectInvalid("estimation");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "P", budget = -5 })).ExpectInvalid("budget");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "P", weekly_hours_limit = 169 })).ExpectInvalid("weekly_hours_limit");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "P", screenshots = "sometimes" })).ExpectInvalid("screenshots");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "P", tags = new[] { new { name = "", color = "#FFFFFF" } } })).ExpectInvalid("tags.0.name");
        (await c.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "P", tags = new[] { new { name = "T", color = "red" } } })).ExpectInvalid("tags.0.color");
        (await c.ApiPostAsync("/api/v2/projects", new { name = "P" })).ExpectInvalid("workspace_id");
    }

    [Fact]
    public async Task Only_owners_and_executive_managers_write_projects()
    {
        var ws = await factory.NewWorkspaceAsync();
        var id = await ws.CreateProjectAsync();
        var em = await ws.AddMemberAsync(Roles.ExecutiveManager);
        (await em.Client.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "By EM" })).Expect(HttpStatusCode.Created);
        foreach (var role in new[] { Roles.ProjectManager, Roles.TeamManager, Roles.RegularUser, Roles.ProjectViewer })
        {
            var user = await ws.AddMemberAsync(role);
            (await user.Client.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "X" })).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiPutAsync($"/api/v2/projects/{id}?{ws.Q}", new { name = "X" })).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiDeleteAsync($"/api/v2/projects/{id}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Visibility_follows_the_role()
    {
        var ws = await factory.NewWorkspaceAsync();
        var a = await ws.CreateProjectAsync("Alpha");
        var b = await ws.CreateProjectAsync("Beta");
        var pm = await ws.AddMemberAsync(Roles.ProjectManager);
        var regular = await ws.AddMemberAsync(Roles.RegularUser);
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var em = await ws.AddMemberAsync(Roles.ExecutiveManager);
        await ws.CreateContractAsync(a, pm.Id);
        await ws.CreateContractAsync(b, regular.Id);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/assign-project", new { workspace_id = ws.Id, project_id = b }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal([a, b], (await em.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK).Ids());
        Assert.Equal([a], (await pm.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK).Ids());
        Assert.Equal([b], (await regular.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK).Ids());
        Assert.Equal([b], (await viewer.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK).Ids());
        (await pm.Client.ApiGetAsync($"/api/v2/projects/{b}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        var single = (await viewer.Client.ApiGetAsync($"/api/v2/projects/{b}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Project retrieved successfully", single.Message);
        Assert.Equal(1, single.Data.GetProperty("contracts_count").GetInt32());
        Assert.False(single.Data.TryGetProperty("rate", out _)); // conventions.md 2.2: omitted without rate visibility
    }

    [Fact]
    public async Task List_filters_by_name_and_paginates()
    {
        var ws = await factory.NewWorkspaceAsync();
        await ws.CreateProjectAsync("Marketing Q1");
        var second = await ws.CreateProjectAsync("Big MARKETING push");
        await ws.CreateProjectAsync("Engineering");
        var filtered = (await ws.Owner.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}&name=marketing")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, filtered.Data.GetArrayLength());
        Assert.Equal(2, filtered.Pagination.GetProperty("total").GetInt32());

        var page = (await ws.Owner.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}&page=2&per_page=1")).Expect(HttpStatusCode.OK);
        Assert.Equal([second], page.Ids());
        Assert.Equal(3, page.Pagination.GetProperty("total").GetInt32());
        Assert.Equal(3, page.Pagination.GetProperty("last_page").GetInt32());
        Assert.Equal(2, page.Pagination.GetProperty("from").GetInt32());
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}&per_page=500")).ExpectInvalid("per_page");
    }

    [Fact]
    public async Task Update_changes_only_the_fields_sent()
    {
        var ws = await factory.NewWorkspaceAsync();
        var id = await ws.CreateProjectAsync("Old", new { notes = "keep", start_date = "2024-01-10" });
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var response = (await ws.Owner.Client.ApiPutAsync($"/api/v2/projects/{id}", new
        {
            workspace_id = ws.Id, name = "New", deadline = "2024-02-01", is_billable = false, tags = new[] { new { name = "A", color = (string?)null } },
        })).Expect(HttpStatusCode.OK);
        Assert.Equal("Project updated successfully", response.Message);
        var p = response.Data;
        Assert.Equal("New", p.GetProperty("name").GetString());
        Assert.Equal("keep", p.GetProperty("notes").GetString());
        Assert.Equal("2024-02-01", p.GetProperty("deadline").GetString());
        Assert.False(p.GetProperty("is_billable").GetBoolean());
        Assert.Equal("A", Assert.Single(p.GetProperty("tags").EnumerateArray()).GetProperty("name").GetString());
        Assert.NotEqual(p.GetProperty("created_at").GetString(), p.GetProperty("updated_at").GetString());

        (await ws.Owner.Client.ApiPutAsync($"/api/v2/projects/{id}?{ws.Q}", new { deadline = "2024-01-01" })).ExpectInvalid("deadline");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/projects/{id}?{ws.Q}", new { name = "" })).ExpectInvalid("name");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/projects/999999?{ws.Q}", new { name = "X" })).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Archive_soft_deletes_the_project_its_tasks_and_contracts()
    {
        var ws = await factory.NewWorkspaceAsync();
        var id = await ws.CreateProjectAsync();
        var user = await ws.AddMemberAsync(Roles.RegularUser);
        var contract = await ws.CreateContractAsync(id, user.Id);
        var task = await ws.CreateTaskAsync(id);
        factory.Clock.Advance(TimeSpan.FromHours(1));

        var done = (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/projects/{id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Project deleted successfully", done.Message);
        Assert.Equal(JsonValueKind.Null, done.Data.ValueKind);
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/projects/{id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        Assert.Empty((await ws.Owner.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Data.EnumerateArray());
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/contracts/{contract}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/tasks/{task}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/projects/{id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);

        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var project = await db.Projects.SingleAsync(p => p.Id == id);
        Assert.Equal(0, project.Status);
        Assert.NotNull(project.DeletedAt);
        Assert.Equal(project.DeletedAt, (await db.Contracts.SingleAsync(c => c.Id == contract)).DeletedAt);
        Assert.Equal(project.DeletedAt, (await db.Tasks.SingleAsync(t => t.Id == task)).DeletedAt);
        Assert.Contains("project.deleted", await db.OutboxEvents.Where(e => e.WorkspaceId == ws.Id).Select(e => e.EventType).ToListAsync());
    }

    [Fact]
    public async Task Another_workspaces_project_is_not_found_and_unchanged()
    {
        var mine = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var theirs = await other.CreateProjectAsync("Theirs");
        var c = mine.Owner.Client;
        (await c.ApiGetAsync($"/api/v2/projects/{theirs}?{mine.Q}")).Expect(HttpStatusCode.NotFound);
        (await c.ApiPutAsync($"/api/v2/projects/{theirs}?{mine.Q}", new { name = "Hijacked" })).Expect(HttpStatusCode.NotFound);
        (await c.ApiDeleteAsync($"/api/v2/projects/{theirs}?{mine.Q}")).Expect(HttpStatusCode.NotFound);
        (await c.ApiGetAsync($"/api/v2/projects?{other.Q}")).Expect(HttpStatusCode.Forbidden);
        var still = (await other.Owner.Client.ApiGetAsync($"/api/v2/projects/{theirs}?{other.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Theirs", still.Data.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Rate_is_hidden_from_callers_who_may_not_see_rates()
    {
        var ws = await factory.NewWorkspaceAsync();
        var id = await ws.CreateProjectAsync("Paid", new { rate = 30 });
        var em = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var emWithRates = await ws.AddMemberAsync(Roles.ExecutiveManager, canSeeRates: true);
        Assert.False((await em.Client.ApiGetAsync($"/api/v2/projects/{id}?{ws.Q}")).Data.TryGetProperty("rate", out _));
        Assert.Equal(30m, (await emWithRates.Client.ApiGetAsync($"/api/v2/projects/{id}?{ws.Q}")).Data.GetProperty("rate").GetDecimal());
        // A caller without rate permission cannot set the rate either.
        (await em.Client.ApiPutAsync($"/api/v2/projects/{id}?{ws.Q}", new { rate = 99 })).Expect(HttpStatusCode.OK);
        Assert.Equal(30m, (await ws.Owner.Client.ApiGetAsync($"/api/v2/projects/{id}?{ws.Q}")).Data.GetProperty("rate").GetDecimal());
    }

    [Fact]
    public async Task OpenApi_lists_every_projects_tasks_viewers_and_contracts_operation()
    {
        var text = await factory.ClientWith(null).GetStringAsync("/openapi/v2.json");
        var paths = JsonDocument.Parse(text).RootElement.GetProperty("paths");
        (string Path, string Method)[] expected =
        [
            ("/api/v2/projects", "get"), ("/api/v2/projects", "post"), ("/api/v2/projects/{projectId}", "get"),
            ("/api/v2/projects/{projectId}", "put"), ("/api/v2/projects/{projectId}", "delete"),
            ("/api/v2/contracts", "get"), ("/api/v2/contracts", "post"), ("/api/v2/contracts/{contractId}", "get"),
            ("/api/v2/contracts/{contractId}", "put"), ("/api/v2/contracts/{contractId}", "delete"),
            ("/api/v2/tasks", "get"), ("/api/v2/tasks", "post"), ("/api/v2/tasks/{taskId}", "get"), ("/api/v2/tasks/{taskId}", "put"),
            ("/api/v2/tasks/{taskId}", "delete"), ("/api/v2/tasks/{taskId}/assign/{userId}", "post"),
            ("/api/v2/tasks/{taskId}/unassign/{userId}", "delete"), ("/api/v2/tasks/{taskId}/assignees", "get"),
            ("/api/v2/project-viewers", "get"), ("/api/v2/project-viewers", "post"), ("/api/v2/project-viewers/{viewerId}", "get"),
            ("/api/v2/project-viewers/{viewerId}", "delete"), ("/api/v2/project-viewers/{viewerId}/restore", "post"),
            ("/api/v2/project-viewers/{viewerId}/assign-project", "post"), ("/api/v2/project-viewers/{viewerId}/unassign-project", "delete"),
        ];
        foreach (var (path, method) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} missing");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} missing");
            Assert.True(operation.TryGetProperty("responses", out _), $"{method} {path} has no responses");
        }
        Assert.Contains("ProjectResponse", text);
        Assert.Contains("ContractResponse", text);
    }
}
