using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Features.Webhooks;
using Tracker.Api.Tests.Features.Projects;
using Tracker.Api.Tests.Features.Webhooks;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>The webhooks page (/app/webhooks): everything through the API with the person's rights; the worker is off.</summary>
public class WebhooksPageTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    /// <summary>The create form as a browser posts it: one <c>Create.Events</c> field per ticked checkbox.</summary>
    private static async Task<HttpResponseMessage> PostCreateAsync(HttpClient browser, List<KeyValuePair<string, string>> fields)
    {
        var html = await browser.GetStringAsync("/app/webhooks");
        Assert.Contains("name=\"_handler\" value=\"create\"", html);
        fields.Add(new("_handler", "create"));
        fields.Add(new("__RequestVerificationToken", Forms.Fields(html)["__RequestVerificationToken"]));
        return await browser.PostAsync("/app/webhooks", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task An_owner_adds_a_webhook_sees_its_secret_and_redelivers_from_its_log()
    {
        var ws = await factory.NewWorkspaceAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var page = await browser.GetStringAsync("/app/webhooks");
        Assert.Contains("href=\"/app/webhooks\"", page); // the navigation links here
        foreach (var e in DomainEvents.Names) Assert.Contains($"value=\"{e}\"", page); // one checkbox per event the API knows

        var created = await PostCreateAsync(browser,
        [
            new("Create.Url", receiver.Url), new("Create.Events", "project.created"), new("Create.Events", "tracker.started"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        var hook = Assert.Single(list.EnumerateArray());
        var id = hook.GetProperty("id").GetString()!;
        Assert.Equal(receiver.Url, hook.GetProperty("url").GetString());
        Assert.Equal(["project.created", "tracker.started"], hook.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.EndsWith($"/app/webhooks?webhook={id}", created.Headers.Location?.OriginalString); // to the new webhook's secret

        var detail = AppForms.Text(await browser.GetStringAsync($"/app/webhooks?webhook={id}"));
        Assert.Contains("Signing secret: " + hook.GetProperty("token").GetString(), detail); // in full: the session has the admin scope
        Assert.StartsWith("whsec_", hook.GetProperty("token").GetString());
        Assert.Contains("No deliveries yet.", detail);

        var first = hook.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync($"/app/webhooks?webhook={id}", "rotate", new Dictionary<string, string>())).StatusCode);
        var rotated = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetProperty("token").GetString()!;
        Assert.NotEqual(first, rotated);
        Assert.Contains("Signing secret: " + rotated, AppForms.Text(await browser.GetStringAsync($"/app/webhooks?webhook={id}")));

        await ws.CreateProjectAsync("Vega");
        await factory.Services.GetRequiredService<WebhookProcessor>().RunOnceAsync();
        Assert.Single(receiver.Received);
        var delivery = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}/deliveries?{ws.Q}")).Expect(HttpStatusCode.OK).Data[0];
        var deliveryId = delivery.GetProperty("id").GetString()!;
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());

        var log = AppForms.Text(await browser.GetStringAsync($"/app/webhooks?webhook={id}"));
        Assert.Contains("project.created", log);
        Assert.Contains("succeeded", log);
        Assert.Matches(@"\d{2}:\d{2}:\d{2}: 200, \d+ ms", log); // the attempt: when, the receiver's answer, how long

        var redelivered = await browser.PostAsync($"/app/webhooks?webhook={id}", $"redeliver-{deliveryId}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, redelivered.StatusCode);
        var queued = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}/deliveries?{ws.Q}")).Expect(HttpStatusCode.OK).Data[0];
        Assert.Equal("pending", queued.GetProperty("status").GetString());

        // Asking again while it waits: the API's business rule, in its own words, on the page.
        var refused = await browser.PostAsync($"/app/webhooks?webhook={id}", $"redeliver-{deliveryId}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The delivery is still pending; it will be retried automatically.", AppForms.Text(await refused.Content.ReadAsStringAsync()));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/app/webhooks", $"delete-{id}", new Dictionary<string, string>())).StatusCode);
        Assert.Equal(0, (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetArrayLength());
    }

    [Fact]
    public async Task A_webhook_disabled_by_failures_is_re_enabled_with_its_url_and_events()
    {
        var ws = await factory.NewWorkspaceAsync();
        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/webhooks",
            new { workspace_id = ws.Id, url = "https://example.com/hook", events = new[] { "project.created", "member.invited" } })).Expect(HttpStatusCode.OK);
        var id = created.Data.GetProperty("id").GetString()!;
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var webhook = await db.Webhooks.FindAsync(id);
            (webhook!.Status, webhook.DisabledReason) = (WebhookStatuses.Disabled, "Disabled after 3 failed attempts.");
            await db.SaveChangesAsync();
        }
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        Assert.Contains("disabled Disabled after 3 failed attempts.", AppForms.Text(await browser.GetStringAsync("/app/webhooks")));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/app/webhooks", $"enable-{id}", new Dictionary<string, string>())).StatusCode);
        var got = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("active", got.GetProperty("status").GetString());
        Assert.Equal("https://example.com/hook", got.GetProperty("url").GetString());
        Assert.Equal(["project.created", "member.invited"], got.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("Re-enable", await browser.GetStringAsync("/app/webhooks"));
    }

    [Fact]
    public async Task A_refused_create_shows_the_APIs_field_messages()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var refused = await PostCreateAsync(browser, [new("Create.Url", "http://10.1.2.3/x")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var text = AppForms.Text(await refused.Content.ReadAsStringAsync());
        Assert.Contains("The url must not point to a private, loopback, link-local or reserved address.", text);
        Assert.Contains("The events field is required.", text);
        Assert.Equal(0, (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetArrayLength());
    }

    [Fact]
    public async Task A_regular_user_sees_the_APIs_refusal_and_no_webhook()
    {
        var ws = await factory.NewWorkspaceAsync();
        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/webhooks",
            new { workspace_id = ws.Id, url = "https://example.com/secret-hook", events = new[] { "project.created" } })).Expect(HttpStatusCode.OK);
        var id = created.Data.GetProperty("id").GetString()!;
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var browser = await Browser.SignedInAsync(factory, member.Email);

        var api = (await member.Client.ApiGetAsync($"/api/v2/webhooks?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        var html = await browser.GetStringAsync($"/app/webhooks?webhook={id}");
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("Not allowed: " + api.Message, AppForms.Text(html));
        Assert.DoesNotContain("example.com/secret-hook", html);
        Assert.DoesNotContain(created.Data.GetProperty("token").GetString()!, html);
        Assert.DoesNotContain("name=\"_handler\" value=\"create\"", html);

    }
}
