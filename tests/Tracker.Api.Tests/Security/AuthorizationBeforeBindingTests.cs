using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// Scopes and roles are authorization, decided before the body is read: a caller who may not write is told so (403)
/// whatever the body holds, instead of learning how the body would have been validated (422/400).
/// </summary>
public class AuthorizationBeforeBindingTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string WrongTypes = """{"name":{"x":1},"is_billable":"maybe","color":[1],"tags":"none"}""";

    private Task<HttpClient> ReadOnlyTokenAsync(TestWorkspace ws) => new OAuthDriver(factory).ClientCredentialsApiAsync(ws.Owner, "read");

    [Theory]
    [InlineData(WrongTypes)]
    [InlineData("{\"name\": ")]
    public async Task Read_only_token_posting_a_bad_body_gets_403_naming_the_scope(string body)
    {
        var ws = await factory.NewWorkspaceAsync();
        var api = await ReadOnlyTokenAsync(ws);
        var denied = (await api.SendRawAsync(HttpMethod.Post, $"/api/v2/projects?{ws.Q}", body)).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("This token lacks the 'write' scope", denied.Message);
        Assert.False(denied.Json.GetProperty("success").GetBoolean());
        (await api.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Admin_scope_is_checked_before_the_body_too()
    {
        var ws = await factory.NewWorkspaceAsync();
        var api = await new OAuthDriver(factory).ClientCredentialsApiAsync(ws.Owner, "write");
        var denied = (await api.SendRawAsync(HttpMethod.Post, $"/api/v2/members?{ws.Q}", """{"email":42,"role":[]}"""))
            .Expect(HttpStatusCode.Forbidden);
        Assert.Equal("This token lacks the 'admin' scope", denied.Message);
    }

    [Fact]
    public async Task A_role_without_the_right_gets_403_whatever_the_body_holds()
    {
        var ws = await factory.NewWorkspaceAsync();
        var user = await ws.AddMemberAsync(Roles.RegularUser);
        var denied = (await user.Client.SendRawAsync(HttpMethod.Post, $"/api/v2/projects?{ws.Q}", WrongTypes)).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("You do not have permission to perform this action", denied.Message);
        (await user.Client.SendRawAsync(HttpMethod.Post, $"/api/v2/tasks?{ws.Q}", "{\"title\": ")).Expect(HttpStatusCode.Forbidden);
        // The owner sending the same body is told what is wrong with it.
        (await ws.Owner.Client.SendRawAsync(HttpMethod.Post, $"/api/v2/projects?{ws.Q}", WrongTypes)).Expect(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_workspace_the_caller_is_not_in_is_403_before_the_body_and_its_ids()
    {
        var mine = await factory.NewWorkspaceAsync();
        var theirs = await factory.NewWorkspaceAsync();
        var denied = (await mine.Owner.Client.SendRawAsync(HttpMethod.Put, $"/api/v2/projects/1?{theirs.Q}", WrongTypes))
            .Expect(HttpStatusCode.Forbidden);
        Assert.Equal("You do not have permission to access this workspace", denied.Message);
    }
}
