using System.Net;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>Generation B sends form-encoded bodies (documented for webhook create); they work like JSON.</summary>
[Collection(SharedHost.Account)]
public class FormBodyTests(TrackerFactory factory)
{
    private static HttpRequestMessage Form(string url, params (string Key, string Value)[] fields) =>
        new(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))) };

    [Fact]
    public async Task Webhook_create_accepts_a_form_body_with_workspace_id_and_event_arrays()
    {
        var ws = await factory.NewWorkspaceAsync();
        var created = (await Http.SendAsync(ws.Owner.Client, Form("/api/v2/webhooks",
            ("workspace_id", ws.Id.ToString()), ("url", "http://127.0.0.1:9/form-hook"),
            ("events[]", "tracker.started"), ("events[]", "tracker.stopped")))).Expect(HttpStatusCode.OK);
        Assert.Equal("http://127.0.0.1:9/form-hook", created.Data.GetProperty("url").GetString());
        Assert.Equal(["tracker.started", "tracker.stopped"], created.Data.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        (await Http.SendAsync(ws.Owner.Client, Form("/api/v2/webhooks", ("workspace_id", ws.Id.ToString()), ("events[]", "tracker.started"))))
            .ExpectInvalid("url");
        (await Http.SendAsync(ws.Owner.Client, Form("/api/v2/webhooks", ("url", "http://127.0.0.1:9/x"), ("events[]", "tracker.started"))))
            .ExpectInvalid("workspace_id");
    }

    [Fact]
    public async Task Form_bodies_work_on_other_writes_too()
    {
        var ws = await factory.NewWorkspaceAsync();
        var invited = (await Http.SendAsync(ws.Owner.Client, Form($"/api/v2/members?{ws.Q}",
            ("email", $"form-{Guid.NewGuid():N}@example.com"), ("firstname", "Form"), ("lastname", "Body"), ("role", "Regular User"))))
            .Expect(HttpStatusCode.Created);
        Assert.True(invited.Data.GetProperty("user_id").GetInt64() > 0);
    }
}
