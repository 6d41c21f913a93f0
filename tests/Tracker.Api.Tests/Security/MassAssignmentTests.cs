using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// Fields a caller may not set through a request (ids, workspace, status, decision fields, rates without
/// permission, roles above the caller's) are ignored or refused, never applied.
/// </summary>
[Collection(SharedHost.Walkers)]
public class MassAssignmentTests(TrackerFactory factory)
{
    [Fact]
    public async Task Member_update_ignores_identity_status_and_flags()
    {
        var ws = await factory.NewWorkspaceAsync();
        var target = await ws.AddMemberAsync(Roles.RegularUser);
        var updated = (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{target.Id}?{ws.Q}", new
        {
            id = 424242, user_id = 424242, status = "left", current_role = "Owner", is_blocked = true, deleted_at = "2026-01-01T00:00:00Z",
            rate = 999, created_at = "2000-01-01T00:00:00Z", firstname = "Kept",
        })).Expect(HttpStatusCode.OK);
        Assert.Equal(target.Id, updated.Data.GetProperty("id").GetInt64());
        Assert.Equal("active", updated.Data.GetProperty("status").GetString());
        Assert.Equal("Regular User", updated.Data.GetProperty("current_role").GetString());
        Assert.False(updated.Data.GetProperty("is_blocked").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, updated.Data.GetProperty("deleted_at").ValueKind);
        Assert.Equal("Kept", updated.Data.GetProperty("firstname").GetString());
        await using var scope = factory.Scope();
        Assert.Null((await factory.Db(scope).Members.SingleAsync(m => m.WorkspaceId == ws.Id && m.UserId == target.Id)).Rate);
    }

    [Fact]
    public async Task Creates_start_in_their_initial_state_whatever_the_body_says()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var policies = (await member.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.OK);
        var leave = (await member.Client.ApiPostAsync($"/api/v2/leaves?{ws.Q}", new
        {
            policy_id = policies.Data[0].GetProperty("id").GetInt64(), user_id = member.Id, start = "2026-01-14", end = "2026-01-14",
            status = "approved", approved_by = member.Id, id = "chosen-id",
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("pending", leave.Data.GetProperty("status").GetString());
        Assert.NotEqual("chosen-id", leave.Data.GetProperty("id").GetString());

        var request = (await member.Client.ApiPostAsync($"/api/v2/time-requests?{ws.Q}", new
        {
            user_id = member.Id, start = "2026-01-02T09:00:00Z", end = "2026-01-02T10:00:00Z", status = "approved", updated_by = member.Id,
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("pending", request.Data.GetProperty("status").GetString());

        var project = (await ws.Owner.Client.ApiPostAsync($"/api/v2/projects?{ws.Q}", new
        {
            name = "Fresh", status = 0, deleted_at = "2026-01-01T00:00:00Z", id = 1, owner_id = member.Id,
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(1, project.Data.GetProperty("status").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, project.Data.GetProperty("deleted_at").ValueKind);
        Assert.Equal(ws.Owner.Id, project.Data.GetProperty("owner_id").GetInt64());
    }

    [Fact]
    public async Task Query_workspace_wins_over_a_foreign_body_workspace()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var created = (await ws.Owner.Client.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { workspace_id = other.Id, name = "Mine" }))
            .Expect(HttpStatusCode.Created);
        await using var scope = factory.Scope();
        var project = await factory.Db(scope).Projects.SingleAsync(p => p.Id == created.Data.GetProperty("id").GetInt64());
        Assert.Equal(ws.Id, project.WorkspaceId);
    }

    [Fact]
    public async Task Rates_are_not_stored_for_callers_who_may_not_see_them()
    {
        var ws = await factory.NewWorkspaceAsync();
        var em = await ws.AddMemberAsync(Roles.ExecutiveManager); // rate_status 0
        var worker = await ws.AddMemberAsync(Roles.RegularUser);
        var project = (await ws.Owner.Client.ApiPostAsync($"/api/v2/projects?{ws.Q}", new { name = "Billable" })).Expect(HttpStatusCode.Created);
        var contract = (await em.Client.ApiPostAsync($"/api/v2/contracts?{ws.Q}", new
        {
            project_id = project.Data.GetProperty("id").GetInt64(), user_id = worker.Id, rate = 250m,
        })).Expect(HttpStatusCode.Created);
        Assert.False(contract.Data.TryGetProperty("rate", out _));
        await using var scope = factory.Scope();
        Assert.Null((await factory.Db(scope).Contracts.SingleAsync(c => c.Id == contract.Data.GetProperty("id").GetInt64())).Rate);
    }
}
