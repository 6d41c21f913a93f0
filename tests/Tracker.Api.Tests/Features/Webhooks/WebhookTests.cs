using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Domain;
using Tracker.Api.Features.Webhooks;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Webhooks;

public class WebhookTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private Task<int> RunWorkerAsync(TrackerFactory f) => f.Services.GetRequiredService<WebhookProcessor>().RunOnceAsync();

    private static async Task<(string Id, string Secret)> CreateAsync(TestWorkspace ws, string url, params string[] events)
    {
        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/webhooks", new { workspace_id = ws.Id, url, events })).Expect(HttpStatusCode.OK);
        return (created.Data.GetProperty("id").GetString()!, created.Data.GetProperty("token").GetString()!);
    }

    private static async Task RecordAsync(TrackerFactory f, long workspaceId, string type, object payload)
    {
        await using var scope = f.Scope();
        scope.ServiceProvider.GetRequiredService<Outbox>().Record(workspaceId, type, payload);
        await f.Db(scope).SaveChangesAsync();
    }

    private static async Task<JsonElement> DeliveriesAsync(TestWorkspace ws, string webhookId) =>
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{webhookId}/deliveries?{ws.Q}")).Expect(HttpStatusCode.OK).Data;

    [Fact]
    public async Task Crud_follows_the_contract_and_returns_the_token_on_create_get_and_list()
    {
        var ws = await factory.NewWorkspaceAsync();
        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/webhooks",
            new { workspace_id = ws.Id, url = "https://example.com/hook", events = new[] { "tracker.started", "member.invited" } })).Expect(HttpStatusCode.OK);
        Assert.Equal("Webhook created successfully", created.Message);
        var id = created.Data.GetProperty("id").GetString()!;
        var secret = created.Data.GetProperty("token").GetString()!;
        Assert.Matches("^[a-z0-9]{16}$", id);
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret[6..]).Length);
        Assert.Equal(["tracker.started", "member.invited"], created.Data.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("active", created.Data.GetProperty("status").GetString());

        var got = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("https://example.com/hook", got.GetProperty("url").GetString());
        Assert.Equal(secret, got.GetProperty("token").GetString()); // the contract returns it on get and list

        factory.Clock.Advance(TimeSpan.FromSeconds(1)); // list order is creation order
        await CreateAsync(ws, "http://example.org/second", "project.created");
        var list = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, list.Data.GetArrayLength());
        Assert.Equal(id, list.Data[0].GetProperty("id").GetString());
        Assert.Equal(secret, list.Data[0].GetProperty("token").GetString());
        Assert.Equal(50, list.Pagination.GetProperty("per_page").GetInt32());
        Assert.Equal(2, list.Pagination.GetProperty("total").GetInt32());
        var paged = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks?{ws.Q}&per_page=1&page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, paged.Pagination.GetProperty("last_page").GetInt32());
        Assert.NotEqual(id, paged.Data[0].GetProperty("id").GetString());

        // PUT: url required, events replaced; leaving events out keeps them.
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/webhooks/{id}", new { workspace_id = ws.Id })).ExpectInvalid("url");
        var updated = (await ws.Owner.Client.ApiPutAsync($"/api/v2/webhooks/{id}",
            new { workspace_id = ws.Id, url = "https://example.com/v2", events = new[] { "tracker.stopped" } })).Expect(HttpStatusCode.OK);
        Assert.Equal("Webhook updated successfully", updated.Message);
        Assert.Equal(["tracker.stopped"], updated.Data.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/webhooks/{id}", new { workspace_id = ws.Id, url = "https://example.com/v3" })).Expect(HttpStatusCode.OK);
        got = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("https://example.com/v3", got.GetProperty("url").GetString());
        Assert.Equal("tracker.stopped", got.GetProperty("events")[0].GetString());

        var rotated = (await ws.Owner.Client.ApiPostAsync($"/api/v2/webhooks/{id}/rotate-secret", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        var newSecret = rotated.Data.GetProperty("token").GetString()!;
        Assert.StartsWith("whsec_", newSecret);
        Assert.NotEqual(secret, newSecret);

        var deleted = (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Webhook deleted successfully", deleted.Message);
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
    }

    /// <summary>The signing secret goes to callers who could manage webhooks in full (admin scope); a read-only app sees it masked.</summary>
    [Fact]
    public async Task A_token_without_the_admin_scope_sees_the_secret_masked()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (id, secret) = await CreateAsync(ws, "https://example.com/hook", "tracker.started");
        var reader = await new OAuthDriver(factory).ClientCredentialsApiAsync(ws.Owner, "read");

        var masked = "whsec_…" + secret[^4..];
        Assert.Equal(masked, (await reader.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetProperty("token").GetString());
        Assert.Equal(masked, (await reader.ApiGetAsync($"/api/v2/webhooks?{ws.Q}")).Expect(HttpStatusCode.OK).Data[0].GetProperty("token").GetString());
        Assert.Equal(secret, (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetProperty("token").GetString());
    }

    [Theory]
    [InlineData("{\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"ftp://example.com/x\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"not a url\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"http://10.1.2.3/x\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"http://169.254.169.254/latest\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"http://[fd00:ec2::254]/\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"http://[2002:a00:5::1]/\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"http://[2001:0:a9fe:a9fe::1]/\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"http://[64:ff9b::a9fe:a9fe]/latest\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"http://[::a00:5]/\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"http://[::ffff:a9fe:a9fe]/\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"http://[2002:7f00:1::]/\",\"events\":[\"tracker.started\"]}", "url")]
    [InlineData("{\"url\":\"https://example.com/x\"}", "events")]
    [InlineData("{\"url\":\"https://example.com/x\",\"events\":[]}", "events")]
    [InlineData("{\"url\":\"https://example.com/x\",\"events\":[\"tracker.exploded\"]}", "events")]
    public async Task Create_validates_url_and_events(string fields, string invalidField)
    {
        var ws = await factory.NewWorkspaceAsync();
        var body = fields.Insert(1, $"\"workspace_id\":{ws.Id},");
        (await ws.Owner.Client.SendRawAsync(HttpMethod.Post, "/api/v2/webhooks", body)).ExpectInvalid(invalidField);
        var list = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, list.Data.GetArrayLength());
    }

    [Fact]
    public async Task Only_owners_and_executive_managers_manage_webhooks_and_foreign_ids_are_404()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (id, _) = await CreateAsync(ws, "https://example.com/a", "tracker.started");
        var executive = await ws.AddMemberAsync(Roles.ExecutiveManager);
        (await executive.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        foreach (var role in new[] { Roles.TeamManager, Roles.ProjectManager, Roles.RegularUser })
        {
            var member = await ws.AddMemberAsync(role);
            (await member.Client.ApiGetAsync($"/api/v2/webhooks?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
            (await member.Client.ApiPostAsync("/api/v2/webhooks", new { workspace_id = ws.Id, url = "https://e.com", events = new[] { "tracker.started" } }))
                .Expect(HttpStatusCode.Forbidden);
            (await member.Client.ApiDeleteAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        }

        var other = await factory.NewWorkspaceAsync();
        (await other.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{other.Q}")).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiPutAsync($"/api/v2/webhooks/{id}", new { workspace_id = other.Id, url = "https://evil.example" })).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiPostAsync($"/api/v2/webhooks/{id}/rotate-secret", new { workspace_id = other.Id })).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}/deliveries?{other.Q}")).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiDeleteAsync($"/api/v2/webhooks/{id}?{other.Q}")).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        var still = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("https://example.com/a", still.GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_backlog_larger_than_a_batch_drains_and_only_subscribed_events_are_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await factory.NewWorkspaceAsync();
        var (id, _) = await CreateAsync(ws, receiver.Url, "member.invited");
        var batch = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.BatchSize;
        for (var i = 0; i < batch + 10; i++) await RecordAsync(factory, ws.Id, "project.created", new { project_id = i });
        await RecordAsync(factory, ws.Id, "member.invited", new { email = "late@example.com" });

        var rounds = 0;
        while (await RunWorkerAsync(factory) >= batch) rounds++;

        Assert.True(rounds >= 1, "a full batch must report that more work may be waiting");
        await using (var scope = factory.Scope())
            Assert.False(factory.Db(scope).OutboxEvents.Any(e => e.WorkspaceId == ws.Id && e.DispatchedAt == null));
        var hook = Assert.Single(receiver.Received);
        Assert.Contains("late@example.com", hook.Body);
        Assert.Single((await DeliveriesAsync(ws, id)).EnumerateArray());
    }

    [Fact]
    public async Task A_real_change_is_delivered_signed_to_subscribers_only()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await factory.NewWorkspaceAsync();
        var (id, secret) = await CreateAsync(ws, receiver.Url, "member.invited");
        await CreateAsync(ws, receiver.Url + "?other", "project.created");

        (await ws.Owner.Client.ApiPostAsync("/api/v2/members",
            new { workspace_id = ws.Id, email = "new.person@example.com", firstname = "New", lastname = "Person", role = "Regular User" }))
            .Expect(HttpStatusCode.Created);
        await RunWorkerAsync(factory);

        var hook = Assert.Single(receiver.Received);
        Assert.True(WebhookReceiver.Verifies(hook, secret), "Standard Webhooks signature must verify with the secret");
        Assert.False(WebhookReceiver.Verifies(hook, WebhookSigner.NewSecret()));
        Assert.True(WebhookReceiver.HexSignatureVerifies(hook, secret), "X-Webhook-Signature must verify with the token");
        Assert.StartsWith("msg_", hook.Id);
        Assert.Equal(factory.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(), hook.Timestamp);
        using var body = JsonDocument.Parse(hook.Body);
        Assert.Equal("member.invited", body.RootElement.GetProperty("event").GetString());
        Assert.Equal(id, body.RootElement.GetProperty("webhook_id").GetString());
        Assert.Equal(ws.Id, body.RootElement.GetProperty("workspace_id").GetInt64());
        Assert.Equal("new.person@example.com", body.RootElement.GetProperty("data").GetProperty("email").GetString());

        var log = await DeliveriesAsync(ws, id);
        var delivery = Assert.Single(log.EnumerateArray());
        Assert.Equal(hook.Id, delivery.GetProperty("id").GetString());
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.Equal(200, delivery.GetProperty("last_status_code").GetInt32());
        var attempt = Assert.Single(delivery.GetProperty("attempt_log").EnumerateArray());
        Assert.Equal(1, attempt.GetProperty("attempt").GetInt32());
        Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
        Assert.True(attempt.GetProperty("duration_ms").GetInt32() >= 0);

        await RunWorkerAsync(factory);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Both_signatures_bind_the_message_id_and_timestamp_so_a_capture_cannot_be_replayed_as_another()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await factory.NewWorkspaceAsync();
        var (_, secret) = await CreateAsync(ws, receiver.Url, "project.created");
        await RecordAsync(factory, ws.Id, "project.created", new { id = 11, name = "Vega" });
        await RunWorkerAsync(factory);

        var hook = Assert.Single(receiver.Received);
        Assert.True(WebhookReceiver.Verifies(hook, secret));
        Assert.True(WebhookReceiver.HexSignatureVerifies(hook, secret));
        var later = hook with { Timestamp = (long.Parse(hook.Timestamp) + 3600).ToString() };
        var renamed = hook with { Id = "msg_" + Guid.NewGuid().ToString("N") };
        var altered = hook with { Body = hook.Body.Replace("Vega", "Rigel") };
        foreach (var forged in new[] { later, renamed, altered })
        {
            Assert.False(WebhookReceiver.Verifies(forged, secret));
            Assert.False(WebhookReceiver.HexSignatureVerifies(forged, secret));
        }
        // The old body-only form of the header (the spec's first proposal) is no longer what is sent.
        var bodyOnly = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(hook.Body)));
        Assert.NotEqual(bodyOnly, hook.BodySignature);
    }

    [Fact]
    public async Task Failures_are_retried_with_backoff_then_the_webhook_is_disabled_and_can_be_revived()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await factory.NewWorkspaceAsync();
        var (id, secret) = await CreateAsync(ws, receiver.Url, "project.created");
        receiver.Script(500, 302);
        await RecordAsync(factory, ws.Id, "project.created", new { id = 7, name = "Apollo" });

        await RunWorkerAsync(factory);
        Assert.Single(receiver.Received);
        var pending = (await DeliveriesAsync(ws, id))[0];
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(500, pending.GetProperty("last_status_code").GetInt32());
        Assert.StartsWith("HTTP 500", pending.GetProperty("last_error").GetString());
        var next = pending.GetProperty("next_attempt_at").GetDateTime();
        var delay = next - factory.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(delay.TotalSeconds, 24, 36); // 30 s ± 20 % jitter

        await RunWorkerAsync(factory);
        Assert.Single(receiver.Received); // not due yet

        factory.Clock.Advance(TimeSpan.FromSeconds(37));
        await RunWorkerAsync(factory);
        Assert.Equal(2, receiver.Received.Count); // the redirect is a failure, not followed
        var afterRedirect = (await DeliveriesAsync(ws, id))[0];
        Assert.Equal(302, afterRedirect.GetProperty("last_status_code").GetInt32());
        delay = afterRedirect.GetProperty("next_attempt_at").GetDateTime() - factory.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(delay.TotalSeconds, 48, 72);

        receiver.DefaultStatus = 503;
        factory.Clock.Advance(TimeSpan.FromSeconds(73));
        await RunWorkerAsync(factory);
        Assert.Equal(3, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct()); // one message id across retries
        Assert.All(receiver.Received, r => Assert.True(WebhookReceiver.Verifies(r, secret)));

        var webhook = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("disabled", webhook.GetProperty("status").GetString());
        Assert.Contains("failed 3 times", webhook.GetProperty("disabled_reason").GetString());
        var failed = (await DeliveriesAsync(ws, id))[0];
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal([1, 2, 3], failed.GetProperty("attempt_log").EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("next_attempt_at").ValueKind);

        // Disabled: new events are not queued for it and redelivery is refused until it is updated.
        await RecordAsync(factory, ws.Id, "project.created", new { id = 8, name = "Gemini" });
        await RunWorkerAsync(factory);
        Assert.Single((await DeliveriesAsync(ws, id)).EnumerateArray());
        var deliveryId = failed.GetProperty("id").GetString();
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/webhooks/{id}/deliveries/{deliveryId}/redeliver", new { workspace_id = ws.Id }))
            .Expect(HttpStatusCode.BadRequest);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/webhooks/{id}", new { workspace_id = ws.Id, url = receiver.Url })).Expect(HttpStatusCode.OK);
        receiver.DefaultStatus = 200;
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/webhooks/{id}/deliveries/nope/redeliver", new { workspace_id = ws.Id })).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/webhooks/{id}/deliveries/{deliveryId}/redeliver", new { workspace_id = ws.Id }))
            .Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/webhooks/{id}/deliveries/{deliveryId}/redeliver", new { workspace_id = ws.Id }))
            .Expect(HttpStatusCode.BadRequest); // already pending
        await RunWorkerAsync(factory);
        Assert.Equal(4, receiver.Received.Count);
        Assert.Equal(deliveryId, receiver.Received.Last().Id);
        var revived = (await DeliveriesAsync(ws, id))[0];
        Assert.Equal("succeeded", revived.GetProperty("status").GetString());
        Assert.Equal(4, revived.GetProperty("attempt_log").GetArrayLength());
    }

    [Fact]
    public async Task An_event_survives_a_server_restart_between_the_change_and_the_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await factory.NewWorkspaceAsync();
        var (id, secret) = await CreateAsync(ws, receiver.Url, "member.updated");
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/members/{member.Id}", new { workspace_id = ws.Id, role = "Team manager" })).Expect(HttpStatusCode.OK);
        Assert.Empty(receiver.Received); // the first server never delivered

        using var restarted = new SameDatabaseFactory(factory);
        await RunWorkerAsync(restarted);
        var hook = Assert.Single(receiver.Received);
        Assert.True(WebhookReceiver.Verifies(hook, secret));
        Assert.Contains("Team manager", hook.Body);
        await RunWorkerAsync(factory); // the first server coming back does not send it again
        Assert.Single(receiver.Received);
        Assert.Equal("succeeded", (await DeliveriesAsync(ws, id))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Two_workers_on_one_database_never_send_an_event_twice()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await factory.NewWorkspaceAsync();
        await CreateAsync(ws, receiver.Url, "tracker.started");
        await CreateAsync(ws, receiver.Url + "?second", "tracker.started");
        for (var i = 0; i < 15; i++) await RecordAsync(factory, ws.Id, "tracker.started", new { user_id = i });

        using var second = new SameDatabaseFactory(factory);
        var workers = new[]
        {
            ActivatorUtilities.CreateInstance<WebhookProcessor>(factory.Services),
            ActivatorUtilities.CreateInstance<WebhookProcessor>(factory.Services),
            second.Services.GetRequiredService<WebhookProcessor>(),
        };
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunOnceAsync())));
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunOnceAsync())));

        Assert.Equal(30, receiver.Received.Count);
        Assert.Equal(30, receiver.Received.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Targets_resolving_to_loopback_are_refused_when_loopback_is_not_allowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await factory.NewWorkspaceAsync();
        var (id, _) = await CreateAsync(ws, receiver.Url.Replace("127.0.0.1", "localhost"), "member.archived");
        await RecordAsync(factory, ws.Id, "member.archived", new { user_id = 1 });

        using var strict = new SameDatabaseFactory(factory, allowLoopback: false);
        await RunWorkerAsync(strict);
        Assert.Empty(receiver.Received);
        var delivery = (await DeliveriesAsync(ws, id))[0];
        Assert.Equal("pending", delivery.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("last_status_code").ValueKind);
        // Generic: the admin reading the log learns nothing of what the name resolved to.
        Assert.Equal("destination address not allowed", delivery.GetProperty("last_error").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempt_log").EnumerateArray());
        Assert.Equal("destination address not allowed", attempt.GetProperty("error").GetString());
        foreach (var revealing in new[] { "127.0.0.1", "::1", "127.", "resolves" })
            Assert.DoesNotContain(revealing, delivery.ToString());
    }

    [Fact]
    public async Task The_background_worker_delivers_on_its_poll_interval()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var live = new TrackerFactory(); // worker enabled, as in production
        var ws = await live.NewWorkspaceAsync();
        var (_, secret) = await CreateAsync(ws, receiver.Url, "project.updated");
        await RecordAsync(live, ws.Id, "project.updated", new { id = 3, name = "Atlas" });
        // The worker waits on the fake clock: each advance past the 5 s interval lets it run once more.
        for (var i = 0; i < 100 && receiver.Received.IsEmpty; i++)
        {
            live.Clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(50);
        }
        var hook = Assert.Single(receiver.Received);
        Assert.True(WebhookReceiver.Verifies(hook, secret));
        var openApi = await live.CreateClient().GetStringAsync("/openapi/v2.json");
        Assert.Contains("/api/v2/webhooks/{webhookId}", openApi);
        Assert.Contains("/api/v2/reports/tracked-hours", openApi);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("172.20.1.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.100.1.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00:ec2::254", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::", false)]
    [InlineData("100::1", false)]
    public void Address_policy_allows_only_public_unicast(string address, bool allowed) =>
        Assert.Equal(allowed, new WebhookAddressPolicy(allowLoopback: false).IsAllowed(IPAddress.Parse(address)));

    /// <summary>
    /// IPv6 forms that carry an IPv4 address are judged by it: a private or loopback one is refused (loopback even
    /// where loopback itself is allowed, as in tests), a public one passes (an IPv6-only host reaches IPv4 through NAT64).
    /// </summary>
    [Theory]
    [InlineData("2002:7f00:1::", false)]               // 6to4 of 127.0.0.1
    [InlineData("2002:a00:5::1", false)]               // 6to4 of 10.0.0.5
    [InlineData("2002:c0a8:101::", false)]             // 6to4 of 192.168.1.1
    [InlineData("2002:a9fe:a9fe::", false)]            // 6to4 of 169.254.169.254
    [InlineData("2002:808:808::1", true)]              // 6to4 of 8.8.8.8
    [InlineData("2001:0:a00:5::1", false)]             // Teredo, server 10.0.0.5
    [InlineData("2001:0:808:808::80ff:fefe", false)]   // Teredo, client 127.0.1.1 (stored inverted)
    [InlineData("2001:0:808:808::f5ff:fffa", false)]   // Teredo, client 10.0.0.5
    [InlineData("2001:0:808:808::f7f7:f7f7", true)]    // Teredo, server and client 8.8.8.8
    [InlineData("64:ff9b::7f00:1", false)]             // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a00:5", false)]              // NAT64 of 10.0.0.5
    [InlineData("64:ff9b::a9fe:a9fe", false)]          // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::808:808", true)]             // NAT64 of 8.8.8.8
    [InlineData("64:ff9b:1::808:808", false)]          // NAT64 local-use: where the IPv4 part sits is not knowable
    [InlineData("::7f00:1", false)]                    // IPv4-compatible 127.0.0.1
    [InlineData("::a00:5", false)]                     // IPv4-compatible 10.0.0.5
    [InlineData("::c0a8:101", false)]                  // IPv4-compatible 192.168.1.1
    [InlineData("::808:808", true)]                    // IPv4-compatible 8.8.8.8
    [InlineData("::ffff:7f00:1", false)]               // IPv4-mapped 127.0.0.1
    [InlineData("::ffff:a00:5", false)]                // IPv4-mapped 10.0.0.5
    [InlineData("::ffff:a9fe:a9fe", false)]            // IPv4-mapped 169.254.169.254
    [InlineData("::ffff:808:808", true)]               // IPv4-mapped 8.8.8.8
    [InlineData("::ffff:0:a00:5", false)]              // SIIT IPv4-translated 10.0.0.5
    [InlineData("::ffff:0:7f00:1", false)]             // SIIT IPv4-translated 127.0.0.1
    public void Address_policy_judges_IPv6_forms_by_the_IPv4_address_they_carry(string address, bool allowed)
    {
        Assert.Equal(allowed, new WebhookAddressPolicy(allowLoopback: false).IsAllowed(IPAddress.Parse(address)));
        if (!address.StartsWith("::ffff:7f00", StringComparison.Ordinal)) // IPv4-mapped loopback is loopback itself
            Assert.Equal(allowed, new WebhookAddressPolicy(allowLoopback: true).IsAllowed(IPAddress.Parse(address)));
    }
}
