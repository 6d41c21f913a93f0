using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Tests.Features.Projects;
using Tracker.Api.Tests.Clients;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Client;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Tests.Features.Sync;

/// <summary>A host whose settle window is short, so a test moves the clock past it in small steps.</summary>
public sealed class SyncFactory : TrackerFactory
{
    public const double SettleSeconds = 5;
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Sync:SettleSeconds"] = "5" };
}

/// <summary>Issue 19: updated_since and include_deleted on the lists, and the guarantee that a syncing client misses nothing.</summary>
public class SyncTests(SyncFactory factory) : IClassFixture<SyncFactory>
{
    private static readonly TimeSpan PastSettle = TimeSpan.FromSeconds(SyncFactory.SettleSeconds + 1);
    private const string Epoch = "1970-01-01T00:00:00Z";

    [Fact]
    public async Task A_sync_answers_changes_in_updated_at_order_and_deletions_only_with_include_deleted()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var first = await ws.CreateTaskAsync(project, "First");
        var second = await ws.CreateTaskAsync(project, "Second");
        factory.Clock.Advance(PastSettle);
        var all = await TasksAsync(ws, Epoch, includeDeleted: true);
        Assert.Equal([first, second], all.Select(t => t.GetProperty("id").GetInt64()));
        var cursor = all.Max(t => t.GetProperty("updated_at").GetDateTime());

        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/tasks/{first}?{ws.Q}")).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/tasks/{second}?{ws.Q}", new { title = "Second, renamed" })).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(await TasksAsync(ws, Iso(cursor), includeDeleted: true), t => t.GetProperty("updated_at").GetDateTime() > cursor);
        factory.Clock.Advance(PastSettle);

        var changed = (await TasksAsync(ws, Iso(cursor), includeDeleted: true)).Where(t => t.GetProperty("updated_at").GetDateTime() > cursor).ToList();
        Assert.Equal([first, second], changed.Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal(JsonValueKind.String, changed[0].GetProperty("deleted_at").ValueKind);
        Assert.Equal("Second, renamed", changed[1].GetProperty("title").GetString());
        var live = await TasksAsync(ws, Iso(cursor), includeDeleted: false);
        Assert.DoesNotContain(live, t => t.GetProperty("id").GetInt64() == first);
    }

    [Fact]
    public async Task A_deleted_time_entry_stays_as_a_tombstone_only_a_sync_with_include_deleted_returns()
    {
        var ws = await factory.NewWorkspaceAsync();
        var created = (await ws.Owner.Client.ApiPostAsync($"/api/v2/time-entries?{ws.Q}",
            new { user_id = ws.Owner.Id, date = "2026-01-05", start_time = "07:00", end_time = "08:00" })).Expect(HttpStatusCode.Created);
        var id = created.Data.GetProperty("id").GetString();
        Assert.Equal(JsonValueKind.Null, created.Data.GetProperty("deleted_at").ValueKind);
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/time-entries/{id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(PastSettle);

        var day = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-entries?{ws.Q}&user_id={ws.Owner.Id}&date=2026-01-05")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, day.Data.GetArrayLength());
        var synced = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-entries?{ws.Q}&updated_since={Epoch}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, synced.Data.GetArrayLength());
        var tombstones = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-entries?{ws.Q}&updated_since={Epoch}&include_deleted=true"))
            .Expect(HttpStatusCode.OK).Data.EnumerateArray().ToList();
        Assert.Equal(id, Assert.Single(tombstones).GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.String, tombstones[0].GetProperty("deleted_at").ValueKind);
    }

    [Theory]
    [InlineData("updated_since", "yesterday")]
    [InlineData("updated_since", "2026-01-05T09:00:00")]
    [InlineData("updated_since", "2026-13-05T09:00:00Z")]
    [InlineData("include_deleted", "maybe")]
    public async Task A_malformed_sync_filter_is_a_422_naming_it(string field, string value)
    {
        var ws = await factory.NewWorkspaceAsync();
        foreach (var list in new[] { "members", "projects", "tasks", "contracts", "time-entries", "expenses", "leaves", "webhooks" })
            (await ws.Owner.Client.ApiGetAsync($"/api/v2/{list}?{ws.Q}&{field}={Uri.EscapeDataString(value)}")).ExpectInvalid(field);
    }

    [Fact]
    public async Task A_regular_member_syncs_only_what_their_list_shows_them_deleted_rows_included()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var mine = await ws.CreateProjectAsync("Mine");
        await ws.CreateContractAsync(mine, member.Id);
        var other = await ws.CreateProjectAsync("Other");
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/projects/{other}?{ws.Q}")).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/projects/{mine}?{ws.Q}")).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(PastSettle);

        var seen = (await member.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}&updated_since={Epoch}&include_deleted=true"))
            .Expect(HttpStatusCode.OK).Data.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
        Assert.Equal([mine], seen);
        var owners = (await ws.Owner.Client.ApiGetAsync($"/api/v2/projects?{ws.Q}&updated_since={Epoch}&include_deleted=true"))
            .Expect(HttpStatusCode.OK).Data.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
        Assert.Equal([other, mine], owners);
    }

    /// <summary>
    /// The classic hole: writer A stamps first but commits after writer B. A client that read B and stored its
    /// updated_at would pass A over; the settle window keeps B out of the answer until A must have committed.
    /// </summary>
    [Fact]
    public async Task A_write_stamped_earlier_but_committed_later_is_not_passed_over()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var (a, b) = (await ws.CreateTaskAsync(project, "A"), await ws.CreateTaskAsync(project, "B"));
        factory.Clock.Advance(PastSettle);
        var cursor = (await TasksAsync(ws, Epoch, includeDeleted: true)).Max(t => t.GetProperty("updated_at").GetDateTime());

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrackerDbContext>();
        await using var slow = await db.Database.BeginTransactionAsync();
        (await db.Tasks.SingleAsync(t => t.Id == a)).Title = "A, slow";
        await db.SaveChangesAsync();
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        // On PostgreSQL B commits at once; on SQLite it waits for A's write lock. Either way its stamp is the later one.
        var fast = ws.Owner.Client.ApiPutAsync($"/api/v2/tasks/{b}?{ws.Q}", new { title = "B, fast" });
        await Task.WhenAny(fast, Task.Delay(500));
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await TasksAsync(ws, Iso(cursor), includeDeleted: true), t => t.GetProperty("updated_at").GetDateTime() > cursor);

        await slow.CommitAsync();
        (await fast).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(PastSettle);
        var later = (await TasksAsync(ws, Iso(cursor), includeDeleted: true)).Where(t => t.GetProperty("updated_at").GetDateTime() > cursor);
        Assert.Equal(["A, slow", "B, fast"], later.Select(t => t.GetProperty("title").GetString()));
    }

    /// <summary>
    /// Several writers create, rename and delete tasks while a client syncs page by page (5 at a time, paging on the
    /// last updated_at). Its copy, built only from what the sync answered, ends equal to the database.
    /// </summary>
    [Fact]
    public async Task A_client_syncing_during_concurrent_writes_misses_nothing()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var copy = new Dictionary<long, (string Title, bool Deleted)>();
        var cursor = Epoch;
        var writing = true;

        async Task Writer(int n)
        {
            var random = new Random(n);
            var mine = new List<long>();
            for (var i = 0; i < 15; i++)
            {
                var op = mine.Count == 0 ? 0 : random.Next(3);
                if (op == 0) mine.Add(await ws.CreateTaskAsync(project, $"w{n} t{i}"));
                else if (op == 1)
                    (await ws.Owner.Client.ApiPutAsync($"/api/v2/tasks/{mine[random.Next(mine.Count)]}?{ws.Q}", new { title = $"w{n} r{i}" })).Expect(HttpStatusCode.OK);
                else
                {
                    var gone = mine[random.Next(mine.Count)];
                    mine.Remove(gone);
                    (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/tasks/{gone}?{ws.Q}")).Expect(HttpStatusCode.OK);
                }
                factory.Clock.Advance(TimeSpan.FromMilliseconds(300));
            }
        }

        async Task SyncPass()
        {
            while (true)
            {
                var page = await TasksAsync(ws, cursor, includeDeleted: true, perPage: 5);
                foreach (var t in page)
                    copy[t.GetProperty("id").GetInt64()] = (t.GetProperty("title").GetString()!, t.GetProperty("deleted_at").ValueKind != JsonValueKind.Null);
                var next = page.Count == 0 ? cursor : page[^1].GetProperty("updated_at").GetString()!;
                if (page.Count < 5 || next == cursor) return;
                cursor = next;
            }
        }

        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(() => Writer(n))));
        var reader = Task.Run(async () => { while (Volatile.Read(ref writing)) await SyncPass(); });
        await writers;
        Volatile.Write(ref writing, false);
        await reader;
        factory.Clock.Advance(PastSettle);
        await SyncPass();

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrackerDbContext>();
        var truth = await db.Tasks.AsNoTracking().Where(t => t.WorkspaceId == ws.Id)
            .ToDictionaryAsync(t => t.Id, t => (t.Title, Deleted: t.DeletedAt != null));
        Assert.Equal(truth.OrderBy(t => t.Key), copy.OrderBy(t => t.Key));
    }

    [Fact]
    public async Task The_typed_client_syncs_a_list_over_pages_and_hands_back_the_cursor()
    {
        var ws = await factory.NewWorkspaceAsync();
        var project = await ws.CreateProjectAsync();
        var ids = new[] { await ws.CreateTaskAsync(project, "One"), await ws.CreateTaskAsync(project, "Two"), await ws.CreateTaskAsync(project, "Three") };
        factory.Clock.Advance(PastSettle);
        using var tracker = factory.ClientFor(ws.Owner);
        SyncFeed<TaskResponse> Feed(DateTimeOffset? cursor) => TrackerClient.SyncAsync(async (p, ct) => (IEnumerable<TaskResponse>?)(await tracker.V2.Tasks.GetAsync(q =>
        {
            (q.QueryParameters.WorkspaceId, q.QueryParameters.UpdatedSince, q.QueryParameters.IncludeDeleted, q.QueryParameters.PerPage) =
                (ws.Id, p.UpdatedSince, true, p.PerPage);
        }, ct))?.Data, t => t.UpdatedAt, t => t.Id, cursor, perPage: 2);

        var first = Feed(null);
        Assert.Equal(ids, (await first.ToListAsync()).Select(t => t.Id!.Value));
        Assert.NotNull(first.Cursor);

        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/tasks/{ids[0]}?{ws.Q}")).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/tasks/{ids[2]}?{ws.Q}", new { title = "Three, renamed" })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(PastSettle);
        var second = Feed(first.Cursor);
        var changed = await second.ToListAsync();
        Assert.Equal([ids[0], ids[2]], changed.Select(t => t.Id!.Value));
        Assert.NotNull(changed[0].DeletedAt);
        Assert.Equal("Three, renamed", changed[1].Title);

        var third = Feed(second.Cursor);
        Assert.Empty(await third.ToListAsync());
        Assert.Equal(second.Cursor, third.Cursor);
    }

    private static string Iso(DateTime instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");

    private static async Task<List<JsonElement>> TasksAsync(TestWorkspace ws, string since, bool includeDeleted, int perPage = 100) =>
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/tasks?{ws.Q}&updated_since={Uri.EscapeDataString(since)}&include_deleted={includeDeleted}&per_page={perPage}"))
        .Expect(HttpStatusCode.OK).Data.EnumerateArray().ToList();
}
