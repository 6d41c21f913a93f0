using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Workspaces;

[Collection(SharedHost.Api)]
public class WorkspaceTests(TrackerFactory factory)
{
    [Fact]
    public async Task Lists_only_the_callers_workspaces_with_their_role()
    {
        var mine = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var member = await other.AddMemberAsync(Roles.ProjectManager);

        var response = (await mine.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        var workspace = Assert.Single(response.Data.EnumerateArray());
        Assert.Equal(mine.Id, workspace.GetProperty("id").GetInt64());
        Assert.Equal(mine.Owner.Id, workspace.GetProperty("owner_id").GetInt64());
        Assert.Equal(mine.Owner.Id, workspace.GetProperty("user_id").GetInt64());
        Assert.Equal("Owner", workspace.GetProperty("role").GetString());
        Assert.Equal("active", workspace.GetProperty("status").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", workspace.GetProperty("activated_at").GetString());
        Assert.EndsWith("Z", workspace.GetProperty("created_at").GetString());
        Assert.Equal(1, response.Pagination.GetProperty("total").GetInt32());

        var theirs = (await member.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        var only = Assert.Single(theirs.Data.EnumerateArray());
        Assert.Equal(other.Id, only.GetProperty("id").GetInt64());
        Assert.Equal("Project manager", only.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Blocked_workspaces_are_not_listed_and_refuse_access()
    {
        var ws = await factory.NewWorkspaceAsync();
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var workspace = await db.Workspaces.FindAsync(ws.Id);
            workspace!.IsBlocked = true;
            await db.SaveChangesAsync();
        }
        var list = (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        Assert.Empty(list.Data.EnumerateArray());
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Pagination_meta_follows_page_and_per_page()
    {
        var first = await factory.NewWorkspaceAsync();
        var user = first.Owner;
        for (var i = 0; i < 2; i++)
        {
            var other = await factory.NewWorkspaceAsync();
            await AddExistingUserAsync(other.Id, user.Id);
        }
        var page2 = (await user.Client.ApiGetAsync("/api/v2/workspaces?page=2&per_page=2")).Expect(HttpStatusCode.OK);
        Assert.Single(page2.Data.EnumerateArray());
        var p = page2.Pagination;
        Assert.Equal(3, p.GetProperty("total").GetInt32());
        Assert.Equal(2, p.GetProperty("per_page").GetInt32());
        Assert.Equal(2, p.GetProperty("current_page").GetInt32());
        Assert.Equal(2, p.GetProperty("last_page").GetInt32());
        Assert.Equal(3, p.GetProperty("from").GetInt32());
        Assert.Equal(3, p.GetProperty("to").GetInt32());

        var empty = (await user.Client.ApiGetAsync("/api/v2/workspaces?page=9")).Expect(HttpStatusCode.OK);
        Assert.Empty(empty.Data.EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, empty.Pagination.GetProperty("from").ValueKind);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=101", "per_page")]
    [InlineData("per_page=-5", "per_page")]
    public async Task Out_of_range_paging_is_422(string query, string field)
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces?" + query)).ExpectInvalid(field);
    }

    private async Task AddExistingUserAsync(long workspaceId, long userId)
    {
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        db.Members.Add(new Member { WorkspaceId = workspaceId, UserId = userId, Role = Roles.RegularUser, Status = MemberStatuses.Active, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();
    }
}
