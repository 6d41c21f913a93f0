using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Api.Tests.Platform;
using Tracker.Client;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Tests.Clients;

/// <summary>The generated client and its hand-written layer against the real server.</summary>
[Collection(SharedHost.Api)]
public class ClientTests(TrackerFactory factory)
{
    [Fact]
    public async Task The_README_walk_through_runs()
    {
        var ws = await factory.NewWorkspaceAsync();
        var recorder = new RecordingHandler(factory.Server.CreateHandler());
        using var tracker = factory.ClientFor(ws.Owner, recorder);

        var workspaces = await tracker.V2.Workspaces.GetAsync();
        var workspace = workspaces!.Data!.Single(w => w.Id == ws.Id);
        var (workspaceId, me) = (workspace.Id, workspace.UserId);
        Assert.Equal(ws.Owner.Id, me);

        var emails = new List<string?>();
        await foreach (var member in TrackerClient.AllAsync(async (page, ct) =>
        {
            var r = await tracker.V2.Members.GetAsync(q =>
            {
                q.QueryParameters.WorkspaceId = workspaceId;
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, 100);
            }, ct);
            return new PageOf<MemberResponse>(r?.Data, r?.Meta?.Pagination?.LastPage);
        }))
            emails.Add(member.Email);
        Assert.Equal([ws.Owner.Email], emails);

        await tracker.V2.TimeTracking.Start.PostAsync(new() { UserId = me, ActivityDescription = "Writing the spec" },
            q => q.QueryParameters.WorkspaceId = workspaceId);
        var current = await tracker.V2.TimeTracking.CurrentData.GetAsync(q =>
            (q.QueryParameters.WorkspaceId, q.QueryParameters.UserId) = (workspaceId, me));
        Assert.Equal("Writing the spec", current!.Data!.ActivityDescription);
        await tracker.V2.TimeTracking.Stop.PostAsync(new() { UserId = me }, q => q.QueryParameters.WorkspaceId = workspaceId);

        var e = await Assert.ThrowsAsync<TrackerApiException>(() =>
            tracker.V2.TimeTracking.Stop.PostAsync(new() { UserId = me }, q => q.QueryParameters.WorkspaceId = workspaceId));
        Assert.Equal(400, e.Status);
        Assert.Equal("This user has no active time tracker.", e.Message);

        // Every POST carried its own Idempotency-Key; no other method did.
        var posts = recorder.Requests.Where(r => r.Method == HttpMethod.Post).ToList();
        Assert.Equal(3, posts.Count);
        Assert.All(posts, p => Assert.True(Guid.TryParse(p.Key, out _)));
        Assert.Equal(3, posts.Select(p => p.Key).Distinct().Count());
        Assert.All(recorder.Requests.Where(r => r.Method != HttpMethod.Post), r => Assert.Null(r.Key));
    }

    [Fact]
    public async Task Await_foreach_reads_every_page_of_250_members()
    {
        var ws = await factory.NewWorkspaceAsync();
        await AddMembersAsync(ws, 250);
        using var tracker = factory.ClientFor(ws.Owner);
        var pages = new List<int>();

        var ids = new List<long>();
        await foreach (var member in TrackerClient.AllAsync(async (page, ct) =>
        {
            pages.Add(page);
            var r = await tracker.V2.Members.GetAsync(q =>
            {
                q.QueryParameters.WorkspaceId = ws.Id;
                (q.QueryParameters.Page, q.QueryParameters.PerPage) = (page, 100);
            }, ct);
            return new PageOf<MemberResponse>(r?.Data, r?.Meta?.Pagination?.LastPage);
        }))
            ids.Add(member.Id!.Value);

        Assert.Equal([1, 2, 3], pages);
        Assert.Equal(251, ids.Count);
        Assert.Equal(251, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_validation_error_surfaces_with_its_fields()
    {
        var ws = await factory.NewWorkspaceAsync();
        using var tracker = factory.ClientFor(ws.Owner);

        var e = await Assert.ThrowsAsync<TrackerApiException>(() =>
            tracker.V2.TimeTracking.Start.PostAsync(new() { ActivityDescription = new string('x', 1001) }, q => q.QueryParameters.WorkspaceId = ws.Id));

        Assert.Equal(422, e.Status);
        Assert.Contains("user_id", e.Errors.Keys);
        Assert.Contains("activity_description", e.Errors.Keys);
        Assert.NotEmpty(e.Errors["user_id"][0]);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public async Task A_foreign_workspace_is_403_and_a_missing_project_404()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        using var tracker = factory.ClientFor(ws.Owner);

        var forbidden = await Assert.ThrowsAsync<TrackerApiException>(() => tracker.V2.Projects.GetAsync(q => q.QueryParameters.WorkspaceId = other.Id));
        Assert.Equal(403, forbidden.Status);
        var missing = await Assert.ThrowsAsync<TrackerApiException>(() => tracker.V2.Projects[long.MaxValue / 2].GetAsync(q => q.QueryParameters.WorkspaceId = ws.Id));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public void The_generated_client_is_from_the_committed_document()
    {
        var root = ClientHosts.RepositoryRoot();
        var document = Path.Combine(root, "openapi", "v2.json");
        var recorded = File.ReadAllText(Path.Combine(root, "src", "Tracker.Client", "Generated", "openapi.sha256")).Trim();

        var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(document)));

        Assert.True(recorded == actual, "src/Tracker.Client is stale: openapi/v2.json changed since it was generated. Run scripts/client.sh.");
    }

    /// <summary>Members straight in the database, in one save: 250 users through the API would be 500 requests.</summary>
    private static async Task AddMembersAsync(TestWorkspace ws, int count)
    {
        await using var scope = ws.Factory.Scope();
        var db = ws.Factory.Db(scope);
        var now = ws.Factory.Now();
        var users = Enumerable.Range(0, count).Select(i =>
        {
            var email = $"paged-{i}-{Guid.NewGuid():N}@example.com";
            return new User { Email = email, NormalizedEmail = email, FirstName = "Paged", LastName = $"{i}", Timezone = "UTC", CreatedAt = now, UpdatedAt = now };
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        db.Members.AddRange(users.Select(u => new Member
        {
            WorkspaceId = ws.Id, UserId = u.Id, Role = Roles.RegularUser, Status = MemberStatuses.Active, CreatedAt = now, UpdatedAt = now,
        }));
        await db.SaveChangesAsync();
        Assert.Equal(count + 1, await db.Members.CountAsync(m => m.WorkspaceId == ws.Id));
    }
}

/// <summary>429s, on a host with a limit of 5 requests a minute whose clock the client's wait moves.</summary>
public class ClientRetryTests(LowLimitFactory factory) : IClassFixture<LowLimitFactory>
{
    [Fact]
    public async Task A_429_is_retried_after_Retry_After_with_the_same_idempotency_key()
    {
        var ws = await factory.NewWorkspaceAsync();
        var waits = new List<TimeSpan>();
        var recorder = new RecordingHandler(factory.Server.CreateHandler());
        using var tracker = factory.ClientFor(ws.Owner, recorder, (wait, _) =>
        {
            waits.Add(wait);
            factory.Clock.Advance(wait); // the server's window ends when the client has waited what it was told
            return Task.CompletedTask;
        });
        for (var i = 0; i < 5; i++) await tracker.V2.Workspaces.GetAsync();

        var started = await tracker.V2.TimeTracking.Start.PostAsync(new() { UserId = ws.Owner.Id }, q => q.QueryParameters.WorkspaceId = ws.Id);

        Assert.Equal(ws.Owner.Id, started!.Data!.UserId);
        var wait = Assert.Single(waits);
        Assert.InRange(wait.TotalSeconds, 1, 60);
        var posts = recorder.Requests.Where(r => r.Method == HttpMethod.Post).ToList();
        Assert.Equal(2, posts.Count); // the 429, then the retry
        Assert.Equal(posts[0].Key, posts[1].Key);
        Assert.NotNull(posts[0].Key);
    }

    [Fact]
    public async Task After_the_last_retry_the_429_surfaces()
    {
        var ws = await factory.NewWorkspaceAsync();
        using var tracker = TrackerClient.WithToken(ClientHosts.BaseUrl, ws.Owner.Token, new TrackerClientOptions
        {
            InnerHandler = factory.Server.CreateHandler(), MaxRetries = 2, Delay = (_, _) => Task.CompletedTask, // waits, but the window never ends
        });
        for (var i = 0; i < 5; i++) await tracker.V2.Workspaces.GetAsync();

        var e = await Assert.ThrowsAsync<TrackerApiException>(() => tracker.V2.Workspaces.GetAsync());

        Assert.Equal(429, e.Status);
        Assert.Equal("Too Many Attempts.", e.Message);
    }
}
