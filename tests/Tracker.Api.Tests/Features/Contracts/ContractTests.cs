using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Projects;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Contracts;

[Collection(SharedHost.Api)]
public class ContractTests(TrackerFactory factory)
{
    [Fact]
    public async Task Create_answers_the_contract()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync("Marketing", new { icon = "icon-1" });
        var dev = await ws.AddMemberAsync(Roles.RegularUser);
        var response = (await ws.Owner.Client.ApiPostAsync($"/api/v2/contracts?{ws.Q}", new
        {
            project_id = project, user_id = dev.Id, weekly_hours_limit = 40, screenshots = "blurred", rate = 50.25m,
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("Contract created successfully", response.Message);
        var c = response.Data;
        Assert.True(c.GetProperty("id").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, c.GetProperty("contract_name").ValueKind);
        Assert.Equal(project, c.GetProperty("project_id").GetInt64());
        Assert.Equal("Marketing", c.GetProperty("project_name").GetString());
        Assert.Equal("icon-1", c.GetProperty("project_icon").GetString());
        Assert.Equal(dev.Id, c.GetProperty("user_id").GetInt64());
        Assert.Equal("Test", c.GetProperty("user_firstname").GetString());
        Assert.Equal("User", c.GetProperty("user_lastname").GetString());
        Assert.Equal(dev.Email, c.GetProperty("user_email").GetString());
        Assert.Equal("Regular User", c.GetProperty("user_role").GetString());
        Assert.Equal(40, c.GetProperty("weekly_hours_limit").GetInt32());
        Assert.Equal("blurred", c.GetProperty("screenshots").GetString());
        Assert.Equal("Blurred screenshots", c.GetProperty("screenshots_label").GetString());
        Assert.Equal(50.25m, c.GetProperty("rate").GetDecimal());
        Assert.Equal(1, c.GetProperty("rate_type").GetInt32());
        Assert.Equal("USD", c.GetProperty("currency").GetString());
        Assert.Equal("active", c.GetProperty("status").GetString());
        Assert.EndsWith("Z", c.GetProperty("created_at").GetString());
        Assert.EndsWith("Z", c.GetProperty("updated_at").GetString());

        // Defaults: 168 hours, full screenshots.
        var other = await ws.AddMemberAsync(Roles.ProjectManager);
        var defaults = (await ws.Owner.Client.ApiPostAsync("/api/v2/contracts", new { workspace_id = ws.Id, project_id = project, user_id = other.Id }))
            .Expect(HttpStatusCode.Created).Data;
        Assert.Equal(168, defaults.GetProperty("weekly_hours_limit").GetInt32());
        Assert.Equal("full", defaults.GetProperty("screenshots").GetString());
        Assert.Equal("Screenshot on", defaults.GetProperty("screenshots_label").GetString());
        Assert.Equal("Project manager", defaults.GetProperty("user_role").GetString());
    }

    [Fact]
    public async Task Create_validates_and_refuses_a_second_live_contract()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var dev = await ws.AddMemberAsync(Roles.RegularUser);
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var c = ws.Owner.Client;
        var url = $"/api/v2/contracts?{ws.Q}";
        (await c.ApiPostAsync(url, new { user_id = dev.Id })).ExpectInvalid("project_id");
        (await c.ApiPostAsync(url, new { project_id = project })).ExpectInvalid("user_id");
        (await c.ApiPostAsync(url, new { project_id = project, user_id = dev.Id, weekly_hours_limit = 169 })).ExpectInvalid("weekly_hours_limit");
        (await c.ApiPostAsync(url, new { project_id = project, user_id = dev.Id, weekly_hours_limit = -1 })).ExpectInvalid("weekly_hours_limit");
        (await c.ApiPostAsync(url, new { project_id = project, user_id = dev.Id, screenshots = "blur" })).ExpectInvalid("screenshots");
        (await c.ApiPostAsync(url, new { project_id = project, user_id = dev.Id, rate = -3 })).ExpectInvalid("rate");
        (await c.ApiPostAsync(url, new { project_id = 999999, user_id = dev.Id })).Expect(HttpStatusCode.NotFound);
        (await c.ApiPostAsync(url, new { project_id = project, user_id = 999999 })).Expect(HttpStatusCode.NotFound);
        (await c.ApiPostAsync(url, new { project_id = project, user_id = viewer.Id })).Expect(HttpStatusCode.BadRequest);

        var first = await ws.CreateContractAsync(project, dev.Id);
        (await c.ApiPostAsync(url, new { project_id = project, user_id = dev.Id })).Expect(HttpStatusCode.BadRequest);
        // After deleting, the member may be given a new contract.
        (await c.ApiDeleteAsync($"/api/v2/contracts/{first}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        (await c.ApiPostAsync(url, new { project_id = project, user_id = dev.Id })).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_database_allows_one_live_contract_per_member_and_project()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var dev = await ws.AddMemberAsync(Roles.RegularUser);
        await ws.CreateContractAsync(project, dev.Id);
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        db.Contracts.Add(new Contract { WorkspaceId = ws.Id, ProjectId = project, UserId = dev.Id, Status = "active", CreatedAt = now, UpdatedAt = now });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task List_filters_paginates_and_puts_pagination_at_the_top_level_too()
    {
        var ws = await factory.NewWorkspaceAsync();
        var p1 = await ws.CreateProjectAsync("One");
        var p2 = await ws.CreateProjectAsync("Two");
        var a = await ws.AddMemberAsync(Roles.RegularUser);
        var b = await ws.AddMemberAsync(Roles.RegularUser);
        var c1 = await ws.CreateContractAsync(p1, a.Id);
        var c2 = await ws.CreateContractAsync(p1, b.Id);
        var c3 = await ws.CreateContractAsync(p2, a.Id);
        var c = ws.Owner.Client;
        (await c.ApiPutAsync($"/api/v2/contracts/{c2}?{ws.Q}", new { status = "paused" })).Expect(HttpStatusCode.OK);

        var all = (await c.ApiGetAsync($"/api/v2/contracts?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Contracts retrieved successfully", all.Message);
        Assert.Equal([c1, c2, c3], all.Ids());
        var top = all.Json.GetProperty("pagination");
        Assert.Equal(3, top.GetProperty("total").GetInt32());
        Assert.Equal(1, top.GetProperty("current_page").GetInt32());
        Assert.Equal(20, top.GetProperty("per_page").GetInt32());
        Assert.Equal(1, top.GetProperty("last_page").GetInt32());
        Assert.Equal(3, all.Pagination.GetProperty("total").GetInt32());

        Assert.Equal([c1, c2], (await c.ApiGetAsync($"/api/v2/contracts?{ws.Q}&project_id={p1}")).Ids());
        Assert.Equal([c1, c3], (await c.ApiGetAsync($"/api/v2/contracts?{ws.Q}&user_id={a.Id}")).Ids());
        Assert.Equal([c2], (await c.ApiGetAsync($"/api/v2/contracts?{ws.Q}&status=paused")).Ids());
        Assert.Equal([c1, c3], (await c.ApiGetAsync($"/api/v2/contracts?{ws.Q}&status=active")).Ids());
        var page = (await c.ApiGetAsync($"/api/v2/contracts?{ws.Q}&per_page=2&page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal([c3], page.Ids());
        Assert.Equal(2, page.Json.GetProperty("pagination").GetProperty("last_page").GetInt32());
        (await c.ApiGetAsync($"/api/v2/contracts?{ws.Q}&status=closed")).ExpectInvalid("status");
    }

    [Fact]
    public async Task Visibility_follows_the_role()
    {
        var ws = await factory.NewWorkspaceAsync();
        var p1 = await ws.CreateProjectAsync("One");
        var p2 = await ws.CreateProjectAsync("Two");
        var pm = await ws.AddMemberAsync(Roles.ProjectManager);
        var dev = await ws.AddMemberAsync(Roles.RegularUser);
        var other = await ws.AddMemberAsync(Roles.RegularUser);
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var pmContract = await ws.CreateContractAsync(p1, pm.Id);
        var devContract = await ws.CreateContractAsync(p1, dev.Id);
        var otherContract = await ws.CreateContractAsync(p2, other.Id);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/project-viewers/{viewer.Id}/assign-project", new { workspace_id = ws.Id, project_id = p2 }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal([pmContract, devContract], (await pm.Client.ApiGetAsync($"/api/v2/contracts?{ws.Q}")).Expect(HttpStatusCode.OK).Ids());
        Assert.Equal([devContract], (await dev.Client.ApiGetAsync($"/api/v2/contracts?{ws.Q}")).Expect(HttpStatusCode.OK).Ids());
        Assert.Equal([otherContract], (await viewer.Client.ApiGetAsync($"/api/v2/contracts?{ws.Q}")).Expect(HttpStatusCode.OK).Ids());
        (await dev.Client.ApiGetAsync($"/api/v2/contracts/{pmContract}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        var own = (await dev.Client.ApiGetAsync($"/api/v2/contracts/{devContract}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Contract retrieved successfully", own.Message);

        foreach (var user in new[] { pm, dev, viewer, await ws.AddMemberAsync(Roles.TeamManager) })
        {
            (await user.Client.ApiPostAsync($"/api/v2/contracts?{ws.Q}", new { project_id = p2, user_id = user.Id })).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiPutAsync($"/api/v2/contracts/{devContract}?{ws.Q}", new { weekly_hours_limit = 10 })).Expect(HttpStatusCode.Forbidden);
            (await user.Client.ApiDeleteAsync($"/api/v2/contracts/{devContract}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Rates_show_only_to_callers_who_may_see_them_on_billable_projects()
    {
        var ws = await factory.NewWorkspaceAsync();
        var billable = await ws.CreateProjectAsync("Billable");
        var internalProject = await ws.CreateProjectAsync("Internal", new { is_billable = false });
        var dev = await ws.AddMemberAsync(Roles.RegularUser);
        var paid = await ws.CreateContractAsync(billable, dev.Id, rate: 40);
        var unpaid = await ws.CreateContractAsync(internalProject, dev.Id, rate: 40);
        var em = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var emRates = await ws.AddMemberAsync(Roles.ExecutiveManager, canSeeRates: true);

        var seen = (await emRates.Client.ApiGetAsync($"/api/v2/contracts/{paid}?{ws.Q}")).Data;
        Assert.Equal(40m, seen.GetProperty("rate").GetDecimal());
        foreach (var field in new[] { "rate", "rate_type", "currency" })
        {
            Assert.False((await em.Client.ApiGetAsync($"/api/v2/contracts/{paid}?{ws.Q}")).Data.TryGetProperty(field, out _));
            // Visible but not billable: the keys are there, null (docs/decisions.md, issue 16).
            Assert.Equal(JsonValueKind.Null, (await emRates.Client.ApiGetAsync($"/api/v2/contracts/{unpaid}?{ws.Q}")).Data.GetProperty(field).ValueKind);
            Assert.False((await dev.Client.ApiGetAsync($"/api/v2/contracts/{paid}?{ws.Q}")).Data.TryGetProperty(field, out _));
        }
        // A caller without rate permission cannot change the rate.
        (await em.Client.ApiPutAsync($"/api/v2/contracts/{paid}?{ws.Q}", new { rate = 99 })).Expect(HttpStatusCode.OK);
        Assert.Equal(40m, (await ws.Owner.Client.ApiGetAsync($"/api/v2/contracts/{paid}?{ws.Q}")).Data.GetProperty("rate").GetDecimal());
    }

    [Fact]
    public async Task Update_and_delete()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var dev = await ws.AddMemberAsync(Roles.RegularUser);
        var id = await ws.CreateContractAsync(project, dev.Id);
        var task = await ws.CreateTaskAsync(project, "T", new { assignees = new[] { dev.Id } });
        var c = ws.Owner.Client;

        var updated = (await c.ApiPutAsync($"/api/v2/contracts/{id}", new { workspace_id = ws.Id, weekly_hours_limit = 20, screenshots = "no_screenshot", rate = 55, status = "paused" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Contract updated successfully", updated.Message);
        Assert.Equal(20, updated.Data.GetProperty("weekly_hours_limit").GetInt32());
        Assert.Equal("no_screenshot", updated.Data.GetProperty("screenshots").GetString());
        Assert.Equal("Screenshot off", updated.Data.GetProperty("screenshots_label").GetString());
        Assert.Equal(55m, updated.Data.GetProperty("rate").GetDecimal());
        Assert.Equal("paused", updated.Data.GetProperty("status").GetString());
        (await c.ApiPutAsync($"/api/v2/contracts/{id}?{ws.Q}", new { status = "closed" })).ExpectInvalid("status");
        (await c.ApiPutAsync($"/api/v2/contracts/{id}?{ws.Q}", new { weekly_hours_limit = 200 })).ExpectInvalid("weekly_hours_limit");
        (await c.ApiPutAsync($"/api/v2/contracts/{id}?{ws.Q}", new { screenshots = "always" })).ExpectInvalid("screenshots");
        (await c.ApiPutAsync($"/api/v2/contracts/{id}?{ws.Q}", new { rate = -1 })).ExpectInvalid("rate");

        var deleted = (await c.ApiDeleteAsync($"/api/v2/contracts/{id}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal("Contract deleted successfully", deleted.Message);
        Assert.Equal(JsonValueKind.Null, deleted.Data.ValueKind);
        (await c.ApiGetAsync($"/api/v2/contracts/{id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        (await c.ApiDeleteAsync($"/api/v2/contracts/{id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        // The member no longer works on the project: they leave its tasks' assignees.
        Assert.Empty((await c.ApiGetAsync($"/api/v2/tasks/{task}/assignees?{ws.Q}")).Data.EnumerateArray());
        await using var scope = factory.Scope();
        Assert.NotNull((await factory.Db(scope).Contracts.SingleAsync(x => x.Id == id)).DeletedAt);
    }

    [Fact]
    public async Task Another_workspaces_ids_are_not_found_and_unchanged()
    {
        var mine = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var theirProject = await other.CreateProjectAsync();
        var theirUser = await other.AddMemberAsync(Roles.RegularUser);
        var theirContract = await other.CreateContractAsync(theirProject, theirUser.Id);
        var myProject = await mine.CreateProjectAsync();
        var c = mine.Owner.Client;
        (await c.ApiPostAsync($"/api/v2/contracts?{mine.Q}", new { project_id = theirProject, user_id = mine.Owner.Id })).Expect(HttpStatusCode.NotFound);
        (await c.ApiPostAsync($"/api/v2/contracts?{mine.Q}", new { project_id = myProject, user_id = theirUser.Id })).Expect(HttpStatusCode.NotFound);
        (await c.ApiGetAsync($"/api/v2/contracts/{theirContract}?{mine.Q}")).Expect(HttpStatusCode.NotFound);
        (await c.ApiPutAsync($"/api/v2/contracts/{theirContract}?{mine.Q}", new { weekly_hours_limit = 1 })).Expect(HttpStatusCode.NotFound);
        (await c.ApiDeleteAsync($"/api/v2/contracts/{theirContract}?{mine.Q}")).Expect(HttpStatusCode.NotFound);
        Assert.Empty((await c.ApiGetAsync($"/api/v2/contracts?{mine.Q}&project_id={theirProject}")).Data.EnumerateArray());
        var still = (await other.Owner.Client.ApiGetAsync($"/api/v2/contracts/{theirContract}?{other.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(168, still.Data.GetProperty("weekly_hours_limit").GetInt32());
    }
}
