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

    [Fact]
    public async Task Form_values_bind_by_type_booleans_numbers_and_nested_tags()
    {
        var ws = await factory.NewWorkspaceAsync();
        var created = (await Http.SendAsync(ws.Owner.Client, Form($"/api/v2/projects?{ws.Q}",
            ("name", "Form project"), ("is_billable", "true"), ("rate", "12.5"), ("weekly_hours_limit", "30"),
            ("tags[0][name]", "Red tag"), ("tags[0][color]", "#ff0000"), ("tags[1][name]", "Blue tag")))).Expect(HttpStatusCode.Created);
        Assert.True(created.Data.GetProperty("is_billable").GetBoolean());
        Assert.Equal(30, created.Data.GetProperty("weekly_hours_limit").GetInt32());
        Assert.Equal(["Red tag", "Blue tag"], created.Data.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("#ff0000", created.Data.GetProperty("tags")[0].GetProperty("color").GetString(), ignoreCase: true);

        var id = created.Data.GetProperty("id").GetInt64();
        var updated = (await Http.SendAsync(ws.Owner.Client, new HttpRequestMessage(HttpMethod.Put, $"/api/v2/projects/{id}?{ws.Q}")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("is_billable", "0")]),
        })).Expect(HttpStatusCode.OK);
        Assert.False(updated.Data.GetProperty("is_billable").GetBoolean());
    }

    [Fact]
    public async Task A_form_value_that_cannot_bind_or_contradicts_another_is_refused_by_name_never_dropped()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await Http.SendAsync(ws.Owner.Client, Form($"/api/v2/projects?{ws.Q}", ("name", "P"), ("is_billable", "maybe"))))
            .ExpectInvalid("is_billable");
        (await Http.SendAsync(ws.Owner.Client, Form($"/api/v2/projects?{ws.Q}", ("name", "P"), ("weekly_hours_limit", "many"))))
            .ExpectInvalid("weekly_hours_limit");
        (await Http.SendAsync(ws.Owner.Client, Form($"/api/v2/projects?{ws.Q}", ("name", "P"), ("tags", "x"), ("tags[0][name]", "y"))))
            .ExpectInvalid("tags");
        (await Http.SendAsync(ws.Owner.Client, Form($"/api/v2/projects?{ws.Q}", ("name", "P"), ("tags[0[name]", "y"))))
            .ExpectInvalid("tags[0[name]");
    }
}
