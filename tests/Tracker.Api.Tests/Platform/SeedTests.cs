using System.Net;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

public sealed class SeededFactory : TrackerFactory
{
    public const string OwnerToken = "trk_pat_seeded_for_tests";
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Seed:Enabled"] = "true", ["Seed:OwnerToken"] = OwnerToken,
    };
}

public class SeedTests(SeededFactory factory) : IClassFixture<SeededFactory>
{
    [Fact]
    public async Task First_start_seeds_a_demo_workspace_reachable_with_the_configured_token()
    {
        var client = factory.ClientWith(SeededFactory.OwnerToken);
        var workspaces = (await client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        var demo = Assert.Single(workspaces.Data.EnumerateArray());
        Assert.Equal("Demo Workspace", demo.GetProperty("workspace_name").GetString());
        Assert.Equal("Owner", demo.GetProperty("role").GetString());
        var members = (await client.ApiGetAsync($"/api/v2/members?workspace_id={demo.GetProperty("id").GetInt64()}")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, members.Pagination.GetProperty("total").GetInt32());
        // The owner can track at once (the web app's timer offers the owner's contracts).
        var owner = demo.GetProperty("user_id").GetInt64();
        var contracts = (await client.ApiGetAsync($"/api/v2/contracts?workspace_id={demo.GetProperty("id").GetInt64()}&user_id={owner}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Website Redesign", Assert.Single(contracts.Data.EnumerateArray()).GetProperty("project_name").GetString());
    }
}
