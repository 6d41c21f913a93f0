using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Projects;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Tasks;

[Collection(SharedHost.Api)]
public class TaskTests(TrackerFactory factory)
{
    /// <summary>core.md 8 names status_color without values; docs/decisions.md (issue 16) fixes one per status.</summary>
    [Theory]
    [InlineData(0, "Open", "#9E9E9E")]
    [InlineData(10, "In Progress", "#2196F3")]
    [InlineData(20, "Done", "#4CAF50")]
    [InlineData(30, "Closed", "#607D8B")]
    public async Task Every_status_has_a_name_and_a_colour(int status, string name, string color)
    {
        var ws = await factory.NewWorkspaceAsync();
        var task = await ws.CreateTaskAsync(await ws.CreateProjectAsync(), extra: new { status });
        var t = (await ws.Owner.Client.ApiGetAsync($"/api/v2/tasks/{task}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal((status, name, color), (t.GetProperty("status").GetInt32(), t.GetProperty("status_name").GetString(), t.GetProperty("status_color").GetString()));
    }

    [Fact]
    public async Task Create_answers_the_task_with_assignees()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var dev = await ws.AddMemberAsync(Roles.RegularUser);
        await ws.CreateContractAsync(project, dev.Id);

        var response = (await ws.Owner.Client.ApiPostAsync("/api/v2/tasks", new
        {
            workspace_id = ws.Id, project_id = project, title = "Implement auth", description = "OAuth2", priority = 30,
            start_date = "2024-01-15", end_date = "2024-01-30", assignees = new[] { dev.Id, dev.Id },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("Task created successfully", response.Message);
        var t = response.Data;
        Assert.True(t.GetProperty("id").GetInt64() > 0);
        Assert.Equal("Implement auth", t.GetProperty("title").GetString());
        Assert.Equal("OAuth2", t.GetProperty("description").GetString());
        Assert.Equal(project, t.GetProperty("project_id").GetInt64());
        Assert.Equal(ws.Owner.Id, t.GetProperty("owner_id").GetInt64());
        Assert.Equal(ws.Owner.Id, t.GetProperty("creator_id").GetInt64());
        Assert.Equal(JsonValueKind.Null, t.GetProperty("parent_id").ValueKind);
        Assert.Equal(0, t.GetProperty("status").GetInt32());
        Assert.Equal("Open", t.GetProperty("status_name").GetString());
        Assert.Equal(30, t.GetProperty("priority").GetInt32());
        Assert.Equal("Normal", t.GetProperty("priority_name").GetString());
        Assert.Equal("2024-01-15", t.GetProperty("start_date").GetString());
        Assert.Equal("2024-01-30", t.GetProperty("end_date").GetString());
        Assert.Equal(JsonValueKind.Null, t.GetProperty("completed_at").ValueKind);
        Assert.True(t.GetProperty("has_details").GetBoolean());
        var assignee = Assert.Single(t.GetProperty("assignees").EnumerateArray());
        Assert.Equal(dev.Id, assignee.GetProperty("id").GetInt64());
        Assert.Equal("Test", assignee.GetProperty("firstname").GetString());
        Assert.Equal("User", assignee.GetProperty("lastname").GetString());
        Assert.Equal(dev.Email, assignee.GetProperty("email").GetString());

        // Priority stays null when omitted (generation A); a finished status stamps completed_at.
        var minimal = (await ws.Owner.Client.ApiPostAsync("/api/v2/tasks", new { workspace_id = ws.Id, project_id = project, title = "Min", status = 20 }))
            .Expect(HttpStatusCode.Created).Data;
        Assert.Equal(JsonValueKind.Null, minimal.GetProperty("priority").ValueKind);
        Assert.Equal(JsonValueKind.String, minimal.GetProperty("completed_at").ValueKind);
        Assert.False(minimal.GetProperty("has_details").GetBoolean());

        await using var scope = factory.Scope();
        Assert.Contains("task.created", await factory.Db(scope).OutboxEvents.Where(e => e.WorkspaceId == ws.Id).Select(e => e.EventType).ToListAsync());
    }

    [Fact]
    public async Task Create_validates_each_field()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var outsider = await ws.AddMemberAsync(Roles.RegularUser);
        var c = ws.Owner.Client;
        object Body(object extra)
        {
            var d = new Dictionary<string, object?> { ["workspace_id"] = ws.Id, ["project_id"] = project, ["title"] = "T" };
            foreach (var p in extra.GetType().GetProperties()) d[p.Name] = p.GetValue(extra);
            return d;
        }
        (await c.ApiPostAsync("/api/v2/tasks", new { workspace_id = ws.Id, title = "T" })).ExpectInvalid("project_id");
        (await c.ApiPostAsync("/api/v2/tasks", new { workspace_id = ws.Id, project_id = project })).ExpectInvalid("title");
        (await c.ApiPostAsync("/api/v2/tasks", Body(new { title = new string('x', 256) }))).ExpectInvalid("title");
        (await c.ApiPostAsync("/api/v2/tasks", Body(new { status = 5 }))).ExpectInvalid("status");
        (await c.ApiPostAsync("/api/v2/tasks", Body(new { priority = 50 }))).ExpectInvalid("priority");
        (await c.ApiPostAsync("/api/v2/tasks", Body(new { start_date = "2024-13-01" }))).ExpectInvalid("start_date");
        (await c.ApiPostAsync("/api/v2/tasks", Body(new { start_date = "2024-02-01", end_date = "2024-01-01" }))).ExpectInvalid("end_date");
        (await c.ApiPostAsync("/api/v2/tasks", Body(new { assignees = new[] { outsider.Id } }))).ExpectInvalid("assignees");
        (await c.ApiPostAsync("/api/v2/tasks", Body(new { parent_id = 999999 }))).ExpectInvalid("parent_id");
        (await c.ApiPostAsync("/api/v2/tasks", Body(new { project_id = 999999 }))).Expect(HttpStatusCode.NotFound);
        foreach (var status in new[] { 0, 10, 20, 30 })
            (await c.ApiPostAsync("/api/v2/tasks", Body(new { status }))).Expect(HttpStatusCode.Created);
        foreach (var priority in new[] { 10, 20, 30, 40 })
            (await c.ApiPostAsync("/api/v2/tasks", Body(new { priority }))).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task List_needs_a_project_and_filters_by_status_priority_and_parent()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var other = await ws.CreateProjectAsync("Other");
        var open = await ws.CreateTaskAsync(project, "Open", new { priority = 10 });
        var doing = await ws.CreateTaskAsync(project, "Doing", new { status = 10, priority = 40 });
        var sub = await ws.CreateTaskAsync(project, "Sub", new { parent_id = open, priority = 10 });
        await ws.CreateTaskAsync(other, "Elsewhere");
        var c = ws.Owner.Client;

        var all = (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}")).Expect(HttpStatusCode.OK);
        Assert.Equal([open, doing, sub], all.Ids());
        Assert.Equal(3, all.Pagination.GetProperty("total").GetInt32());
        Assert.Equal([doing], (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}&status=10")).Ids());
        Assert.Equal([open, sub], (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}&priority=10")).Ids());
        Assert.Equal([sub], (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}&parent_id={open}")).Ids());
        Assert.Equal([sub, doing, open], (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}&order_by=desc")).Ids());
        Assert.Empty((await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}&status=21")).Expect(HttpStatusCode.OK).Ids());
        var page = (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}&per_page=2&page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal([sub], page.Ids());
        Assert.Equal(2, page.Pagination.GetProperty("last_page").GetInt32());

        (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}")).ExpectInvalid("project_id");
        (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}&priority=15")).ExpectInvalid("priority");
        (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}&order_by=up")).ExpectInvalid("order_by");
        (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id=999999")).Expect(HttpStatusCode.NotFound);
        // A visible project without tasks is an empty page, not a 404 (the project is checked only when no task answered).
        var empty = await ws.CreateProjectAsync("Empty");
        Assert.Empty((await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={empty}")).Expect(HttpStatusCode.OK).Ids());

        // Generation A: the project may be named through a contract.
        var dev = await ws.AddMemberAsync(Roles.RegularUser);
        var contract = await ws.CreateContractAsync(project, dev.Id);
        Assert.Equal([open, doing, sub], (await dev.Client.ApiGetAsync($"/api/v2/tasks?{ws.Q}&contract_id={contract}")).Expect(HttpStatusCode.OK).Ids());
        (await dev.Client.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={other}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_and_update_a_task()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var other = await ws.CreateProjectAsync("Other");
        var id = await ws.CreateTaskAsync(project, "Write docs", new { description = "keep", priority = 20 });
        var c = ws.Owner.Client;
        var got = (await c.ApiGetAsync($"/api/v2/tasks/{id}?{ws.Q}&project_id={project}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Task retrieved successfully", got.Message);
        Assert.Equal("Write docs", got.Data.GetProperty("title").GetString());
        (await c.ApiGetAsync($"/api/v2/tasks/{id}?{ws.Q}&project_id={other}")).Expect(HttpStatusCode.NotFound);

        var updated = (await c.ApiPutAsync($"/api/v2/tasks/{id}", new { workspace_id = ws.Id, project_id = project, title = "Docs", status = 30 }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Task updated successfully", updated.Message);
        Assert.Equal("Docs", updated.Data.GetProperty("title").GetString());
        Assert.Equal("keep", updated.Data.GetProperty("description").GetString());
        Assert.Equal(20, updated.Data.GetProperty("priority").GetInt32());
        Assert.Equal("Closed", updated.Data.GetProperty("status_name").GetString());
        Assert.Equal(JsonValueKind.String, updated.Data.GetProperty("completed_at").ValueKind);
        var reopened = (await c.ApiPutAsync($"/api/v2/tasks/{id}", new { workspace_id = ws.Id, project_id = project, status = 10 })).Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, reopened.Data.GetProperty("completed_at").ValueKind);

        (await c.ApiPutAsync($"/api/v2/tasks/{id}?{ws.Q}", new { status = 11 })).ExpectInvalid("status");
        (await c.ApiPutAsync($"/api/v2/tasks/{id}?{ws.Q}", new { priority = 0 })).ExpectInvalid("priority");
        (await c.ApiPutAsync($"/api/v2/tasks/{id}?{ws.Q}", new { title = "" })).ExpectInvalid("title");
        (await c.ApiPutAsync($"/api/v2/tasks/{id}?{ws.Q}", new { start_date = "2024-05-01", end_date = "2024-04-01" })).ExpectInvalid("end_date");
        (await c.ApiPutAsync($"/api/v2/tasks/{id}?{ws.Q}", new { parent_id = id })).ExpectInvalid("parent_id");
        (await c.ApiPutAsync($"/api/v2/tasks/{id}?{ws.Q}", new { project_id = other, title = "Moved" })).Expect(HttpStatusCode.NotFound);

        await using var scope = factory.Scope();
        Assert.Contains("task.updated", await factory.Db(scope).OutboxEvents.Where(e => e.WorkspaceId == ws.Id).Select(e => e.EventType).ToListAsync());
    }

    [Fact]
    public async Task Delete_soft_deletes_the_task_and_its_subtasks()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var parent = await ws.CreateTaskAsync(project, "Parent");
        var child = await ws.CreateTaskAsync(project, "Child", new { parent_id = parent });
        var keep = await ws.CreateTaskAsync(project, "Keep");
        var c = ws.Owner.Client;
        var done = (await c.ApiDeleteAsync($"/api/v2/tasks/{parent}", new { workspace_id = ws.Id, project_id = project })).Expect(HttpStatusCode.OK);
        Assert.Equal("Task deleted successfully", done.Message);
        Assert.Equal([keep], (await c.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}")).Ids());
        (await c.ApiGetAsync($"/api/v2/tasks/{child}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        (await c.ApiDeleteAsync($"/api/v2/tasks/{parent}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        await using var scope = factory.Scope();
        Assert.NotNull((await factory.Db(scope).Tasks.SingleAsync(t => t.Id == child)).DeletedAt);
    }

    [Fact]
    public async Task Assign_unassign_and_list_assignees()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var task = await ws.CreateTaskAsync(project);
        var dev = await ws.AddMemberAsync(Roles.RegularUser);
        var noContract = await ws.AddMemberAsync(Roles.RegularUser);
        await ws.CreateContractAsync(project, dev.Id);
        var c = ws.Owner.Client;
        var body = new { workspace_id = ws.Id, project_id = project };

        var first = (await c.ApiPostAsync($"/api/v2/tasks/{task}/assign/{dev.Id}", body)).Expect(HttpStatusCode.OK);
        Assert.Equal(task, first.Data.GetProperty("task_id").GetInt64());
        Assert.Equal(dev.Id, first.Data.GetProperty("user_id").GetInt64());
        var again = (await c.ApiPostAsync($"/api/v2/tasks/{task}/assign/{dev.Id}", body)).Expect(HttpStatusCode.OK);
        Assert.Equal(first.Data.GetProperty("id").GetInt64(), again.Data.GetProperty("id").GetInt64());

        var assignees = (await c.ApiGetAsync($"/api/v2/tasks/{task}/assignees?{ws.Q}&project_id={project}")).Expect(HttpStatusCode.OK);
        var only = Assert.Single(assignees.Data.EnumerateArray());
        Assert.Equal(dev.Id, only.GetProperty("id").GetInt64());
        Assert.Equal(dev.Email, only.GetProperty("email").GetString());

        (await c.ApiPostAsync($"/api/v2/tasks/{task}/assign/{noContract.Id}", body)).Expect(HttpStatusCode.BadRequest);
        (await c.ApiPostAsync($"/api/v2/tasks/{task}/assign/999999", body)).Expect(HttpStatusCode.NotFound);
        (await c.ApiPostAsync($"/api/v2/tasks/999999/assign/{dev.Id}", body)).Expect(HttpStatusCode.NotFound);

        var removed = (await c.ApiDeleteAsync($"/api/v2/tasks/{task}/unassign/{dev.Id}", body)).Expect(HttpStatusCode.OK);
        Assert.Equal("Task unassigned successfully", removed.Message);
        Assert.Empty((await c.ApiGetAsync($"/api/v2/tasks/{task}/assignees?{ws.Q}")).Data.EnumerateArray());
        (await c.ApiDeleteAsync($"/api/v2/tasks/{task}/unassign/{dev.Id}?{ws.Q}&project_id={project}")).Expect(HttpStatusCode.NotFound);
    }

    /// <summary>One project's list (compiled, with the project rule inlined) answers whoever sees the project, totals included.</summary>
    [Fact]
    public async Task List_answers_whoever_sees_the_project()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var other = await ws.CreateProjectAsync("Other");
        var first = await ws.CreateTaskAsync(project, "First");
        var second = await ws.CreateTaskAsync(project, "Second");
        await ws.CreateTaskAsync(other, "Elsewhere");
        var pm = await ws.AddMemberAsync(Roles.ProjectManager);
        var regular = await ws.AddMemberAsync(Roles.RegularUser);
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var em = await ws.AddMemberAsync(Roles.ExecutiveManager);
        await ws.CreateContractAsync(project, pm.Id);
        await ws.CreateContractAsync(other, regular.Id);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/assign-project", new { workspace_id = ws.Id, project_id = project }))
            .Expect(HttpStatusCode.OK);

        foreach (var reader in new[] { em, pm, viewer })
        {
            var list = (await reader.Client.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}&order_by=desc")).Expect(HttpStatusCode.OK);
            Assert.Equal([second, first], list.Ids());
            Assert.Equal(2, list.Pagination.GetProperty("total").GetInt32());
        }
        // Neither holds a contract on the project nor has it assigned: it is not found, not an empty page.
        (await regular.Client.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}")).Expect(HttpStatusCode.NotFound);
        (await viewer.Client.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={other}")).Expect(HttpStatusCode.NotFound);
        (await pm.Client.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={other}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Task_writes_follow_the_role_rules()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var unmanaged = await ws.CreateProjectAsync("Not mine");
        var task = await ws.CreateTaskAsync(project);
        var pm = await ws.AddMemberAsync(Roles.ProjectManager);
        var tm = await ws.AddMemberAsync(Roles.TeamManager);
        await ws.CreateContractAsync(project, pm.Id);
        await ws.CreateContractAsync(project, tm.Id);
        (await pm.Client.ApiPostAsync("/api/v2/tasks", new { workspace_id = ws.Id, project_id = project, title = "PM" })).Expect(HttpStatusCode.Created);
        (await tm.Client.ApiPutAsync($"/api/v2/tasks/{task}?{ws.Q}", new { title = "TM" })).Expect(HttpStatusCode.OK);
        (await pm.Client.ApiPostAsync("/api/v2/tasks", new { workspace_id = ws.Id, project_id = unmanaged, title = "X" })).Expect(HttpStatusCode.NotFound);

        var regular = await ws.AddMemberAsync(Roles.RegularUser);
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        await ws.CreateContractAsync(project, regular.Id);
        foreach (var user in new[] { regular, viewer })
        {
            (await user.Client.ApiPostAsync("/api/v2/tasks", new { workspace_id = ws.Id, project_id = project, title = "X" })).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiPutAsync($"/api/v2/tasks/{task}?{ws.Q}", new { title = "X" })).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiDeleteAsync($"/api/v2/tasks/{task}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiPostAsync($"/api/v2/tasks/{task}/assign/{regular.Id}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiDeleteAsync($"/api/v2/tasks/{task}/unassign/{regular.Id}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        }
        // The regular user reads the tasks of their project.
        (await regular.Client.ApiGetAsync($"/api/v2/tasks/{task}?{ws.Q}")).Expect(HttpStatusCode.OK);
        (await viewer.Client.ApiGetAsync($"/api/v2/tasks/{task}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_workspaces_task_is_not_found_and_unchanged()
    {
        var mine = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var theirProject = await other.CreateProjectAsync();
        var theirTask = await other.CreateTaskAsync(theirProject, "Theirs");
        var c = mine.Owner.Client;
        (await c.ApiGetAsync($"/api/v2/tasks?{mine.Q}&project_id={theirProject}")).Expect(HttpStatusCode.NotFound);
        (await c.ApiPostAsync("/api/v2/tasks", new { workspace_id = mine.Id, project_id = theirProject, title = "X" })).Expect(HttpStatusCode.NotFound);
        (await c.ApiGetAsync($"/api/v2/tasks/{theirTask}?{mine.Q}")).Expect(HttpStatusCode.NotFound);
        (await c.ApiPutAsync($"/api/v2/tasks/{theirTask}?{mine.Q}", new { title = "Hijacked" })).Expect(HttpStatusCode.NotFound);
        (await c.ApiDeleteAsync($"/api/v2/tasks/{theirTask}?{mine.Q}")).Expect(HttpStatusCode.NotFound);
        (await c.ApiPostAsync($"/api/v2/tasks/{theirTask}/assign/{mine.Owner.Id}", new { workspace_id = mine.Id })).Expect(HttpStatusCode.NotFound);
        (await c.ApiGetAsync($"/api/v2/tasks/{theirTask}/assignees?{mine.Q}")).Expect(HttpStatusCode.NotFound);
        var still = (await other.Owner.Client.ApiGetAsync($"/api/v2/tasks/{theirTask}?{other.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Theirs", still.Data.GetProperty("title").GetString());
    }
}
