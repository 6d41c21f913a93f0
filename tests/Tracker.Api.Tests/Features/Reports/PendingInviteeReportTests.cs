using System.Net;
using System.Text.Json;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Reports;

/// <summary>
/// Reports name an existing account invited into the workspace as the inviter sent them and cut their days in the
/// workspace's zone (none set: UTC) until they accept; then by the account's own name and zone (issue 14).
/// </summary>
[Collection(SharedHost.Api)]
public class PendingInviteeReportTests(TrackerFactory factory)
{
    [Fact]
    public async Task A_pending_invitee_is_reported_by_the_sent_name_in_the_workspace_zone_until_they_accept()
    {
        var (_, person) = await factory.PersonWithProfileAsync("Pacific/Honolulu");
        var ws = await factory.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync(person.Email);
        var monday = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        await ws.AddEntryAsync(person.Id, monday.AddHours(5), monday.AddHours(6)); // Sunday 19:00–20:00 in Honolulu

        var pending = await TimelineAsync(ws, person.Id, "2026-01-05");
        Assert.Equal(InvitationFlow.SentName, pending.GetProperty("user_name").GetString());
        Assert.Equal("2026-01-05T05:00:00+00:00", Assert.Single(pending.GetProperty("time_entries").EnumerateArray()).GetProperty("start_time").GetString());

        await factory.AcceptAsync(person, invitation);
        var accepted = await TimelineAsync(ws, person.Id, "2026-01-04");
        Assert.Equal(InvitationFlow.PrivateName, accepted.GetProperty("user_name").GetString());
        Assert.Equal("2026-01-04T19:00:00-10:00", Assert.Single(accepted.GetProperty("time_entries").EnumerateArray()).GetProperty("start_time").GetString());
    }

    private static async Task<JsonElement> TimelineAsync(TestWorkspace ws, long userId, string date) =>
        Assert.Single((await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-timeline?{ws.Q}&date={date}&user_ids={userId}"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("users").EnumerateArray());
}
