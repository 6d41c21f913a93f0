using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

[Collection(SharedHost.Account)]
public class IdempotencyTests(TrackerFactory factory)
{
    private static HttpRequestMessage Invite(long workspaceId, string key, string email) =>
        new(HttpMethod.Post, $"/api/v2/members?workspace_id={workspaceId}")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new { email, firstname = "I", lastname = "D", role = "Regular User" }),
        };

    [Fact]
    public async Task A_retry_with_the_same_key_replays_the_first_response_and_creates_nothing()
    {
        var ws = await factory.NewWorkspaceAsync();
        var email = $"idem-{Guid.NewGuid():N}@example.com";
        var first = (await Http.SendAsync(ws.Owner.Client, Invite(ws.Id, "key-1", email))).Expect(HttpStatusCode.Created);
        var retry = (await Http.SendAsync(ws.Owner.Client, Invite(ws.Id, "key-1", email))).Expect(HttpStatusCode.Created);
        Assert.Equal(first.Data.GetProperty("user_id").GetInt64(), retry.Data.GetProperty("user_id").GetInt64());
        Assert.Equal("true", retry.Raw.Headers.GetValues("Idempotent-Replayed").Single());
        await using (var scope = factory.Scope())
            Assert.Equal(1, await factory.Db(scope).Members.CountAsync(m => m.WorkspaceId == ws.Id && m.User.NormalizedEmail == email));

        // Same key, different body: refused. Another user's identical key is independent.
        (await Http.SendAsync(ws.Owner.Client, Invite(ws.Id, "key-1", "other-" + email))).ExpectInvalid("Idempotency-Key");
        var em = await ws.AddMemberAsync(Tracker.Api.Domain.Roles.ExecutiveManager);
        (await Http.SendAsync(em.Client, Invite(ws.Id, "key-1", "em-" + email))).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Failed_requests_are_not_kept_so_a_corrected_retry_runs()
    {
        var ws = await factory.NewWorkspaceAsync();
        var bad = new HttpRequestMessage(HttpMethod.Post, $"/api/v2/members?{ws.Q}")
        {
            Headers = { { "Idempotency-Key", "key-2" } },
            Content = JsonContent.Create(new { email = "broken" }),
        };
        (await Http.SendAsync(ws.Owner.Client, bad)).Expect(HttpStatusCode.UnprocessableEntity);
        (await Http.SendAsync(ws.Owner.Client, Invite(ws.Id, "key-2", $"ok-{Guid.NewGuid():N}@example.com"))).Expect(HttpStatusCode.Created);
    }
}
