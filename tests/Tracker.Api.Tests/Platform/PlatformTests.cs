using System.Net;
using System.Text.Json;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

[Collection(SharedHost.Account)]
public class PlatformTests(TrackerFactory factory)
{
    [Fact]
    public async Task Health_answers_healthy()
    {
        var response = await factory.ClientWith(null).GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_lists_operations_with_shared_parameters()
    {
        var json = await factory.ClientWith(null).GetStringAsync("/openapi/v2.json");
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal("2.0.0", doc.GetProperty("info").GetProperty("version").GetString());
        var paths = doc.GetProperty("paths");
        var members = paths.GetProperty("/api/v2/members");
        Assert.True(members.TryGetProperty("get", out var list));
        Assert.True(members.TryGetProperty("post", out _));
        var names = list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("workspace_id", names);
        Assert.Contains("page", names);
        Assert.Contains("per_page", names);
        Assert.Contains("email", names);
        Assert.True(paths.GetProperty("/api/v2/members/{memberId}").GetProperty("delete").GetProperty("responses").TryGetProperty("404", out _));
        var invite = members.GetProperty("post").GetProperty("responses");
        Assert.True(invite.TryGetProperty("201", out _));
        Assert.True(invite.TryGetProperty("422", out _));
        Assert.True(doc.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("oauth2", out _));
        // Response schemas are snake_case envelopes.
        Assert.Contains("\"current_role\"", json);
        Assert.Contains("\"api_version\"", json);

        var browser = factory.CreateClient();
        var docs = await browser.GetStringAsync("/docs");
        Assert.Contains("\"url\":\"openapi/v2.json\"", docs); // resolved against the site root by scalar.aspnetcore.js
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_in_the_envelope()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiGetAsync("/api/v2/nothing-here")).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiPutAsync("/api/v2/workspaces", new { })).Expect(HttpStatusCode.MethodNotAllowed);
        var text = new HttpRequestMessage(HttpMethod.Post, $"/api/v2/members?{ws.Q}") { Content = new StringContent("email=x", System.Text.Encoding.UTF8, "text/plain") };
        (await Http.SendAsync(ws.Owner.Client, text)).Expect(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Oversize_bodies_are_refused()
    {
        var ws = await factory.NewWorkspaceAsync();
        var huge = new string('a', 2 * 1024 * 1024);
        var response = await ws.Owner.Client.SendRawAsync(HttpMethod.Post, $"/api/v2/members?{ws.Q}", $"{{\"email\":\"{huge}\"}}");
        response.Expect(HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>Over a real Kestrel socket (the in-memory test host adds no headers of its own).</summary>
    [Fact]
    public async Task Responses_name_no_server_software()
    {
        using var kestrel = new TrackerFactory();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClient();
        foreach (var path in new[] { "/health", "/api/v2/workspaces", "/nothing-here", "/account/login" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.Headers.Date is not null, $"{path} was not answered by Kestrel");
            Assert.False(response.Headers.Contains("Server"), $"{path} answered Server: {string.Join(",", response.Headers.Server)}");
        }
    }
}
