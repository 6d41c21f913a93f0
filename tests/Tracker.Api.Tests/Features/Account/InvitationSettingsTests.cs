using System.Net;
using System.Net.Http.Json;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

public sealed class PublicUrlFactory : TrackerFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["App:PublicUrl"] = "https://tracker.example.org/", ["Invitations:LifetimeDays"] = "2",
    };
}

public sealed class ListenAddressFactory : TrackerFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:7070;http://[::]:7071" };
}

/// <summary>
/// Where invitation links point, and how long they work. A link built from the request's Host header would let a
/// forged Host send the invitee's secret link to the forger's site.
/// </summary>
public class InvitationSettingsTests(PublicUrlFactory publicUrl, ListenAddressFactory listen)
    : IClassFixture<PublicUrlFactory>, IClassFixture<ListenAddressFactory>
{
    [Fact]
    public async Task Links_start_with_App_PublicUrl_whatever_the_Host_header_says()
    {
        var ws = await publicUrl.NewWorkspaceAsync();
        var member = await InviteWithForgedHostAsync(ws, $"/api/v2/members?{ws.Q}", new { email = Email(), firstname = "H", lastname = "Ost", role = "Regular User" });
        Assert.Matches("^https://tracker.example.org/invitations/[0-9a-f]{40}$", member.GetProperty("invitation_link").GetString());
        var viewer = await InviteWithForgedHostAsync(ws, "/api/v2/project-viewers", new { workspace_id = ws.Id, email = Email(), firstname = "V", lastname = "Iew" });
        Assert.Matches("^https://tracker.example.org/invitations/[0-9a-f]{40}$", viewer.GetProperty("invitation_link").GetString());
    }

    [Fact]
    public async Task Without_App_PublicUrl_links_start_with_the_listen_address_whatever_the_Host_header_says()
    {
        var ws = await listen.NewWorkspaceAsync();
        var member = await InviteWithForgedHostAsync(ws, $"/api/v2/members?{ws.Q}", new { email = Email(), firstname = "H", lastname = "Ost", role = "Regular User" });
        Assert.Matches("^http://localhost:7070/invitations/[0-9a-f]{40}$", member.GetProperty("invitation_link").GetString());
    }

    [Fact]
    public async Task Links_work_for_the_configured_number_of_days()
    {
        var ws = await publicUrl.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync(Email());
        publicUrl.Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await publicUrl.Browser().GetAsync(invitation.Path)).StatusCode);
        publicUrl.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.NotFound, (await publicUrl.Browser().GetAsync(invitation.Path)).StatusCode);
    }

    [Fact]
    public void A_lifetime_out_of_range_stops_the_server_at_start()
    {
        using var broken = new BadLifetimeFactory();
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("Invitations:LifetimeDays must be between 1 and 365.", error.ToString());
    }

    private sealed class BadLifetimeFactory : TrackerFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Invitations:LifetimeDays"] = "0" };
    }

    private static string Email() => $"link-{Guid.NewGuid():N}@example.com";

    private static async Task<System.Text.Json.JsonElement> InviteWithForgedHostAsync(TestWorkspace ws, string url, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Host = "attacker.example";
        request.Headers.Add("X-Forwarded-Host", "attacker.example");
        return (await Http.SendAsync(ws.Owner.Client, request)).Expect(HttpStatusCode.Created).Data;
    }
}
