using System.Net;
using System.Text.Json;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Time;

/// <summary>
/// An existing account invited into a workspace, as its time answers show them (issue 14): until they accept, by the
/// names the inviter sent, with days cut in the workspace's zone (none set: UTC), never the account's own; once
/// accepted, by the account's profile. The account lives in Pacific/Honolulu (UTC−10): at the clock's 2026-01-05
/// 09:00Z it is still Sunday the 4th there.
/// </summary>
public class PendingInviteeTimeTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Zone = "Pacific/Honolulu";

    [Fact]
    public async Task Tracking_names_and_dates_a_pending_invitee_as_sent_then_as_the_account_once_accepted()
    {
        var (_, person) = await factory.PersonWithProfileAsync(Zone);
        var ws = await factory.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync(person.Email);

        await TrackAsync(ws, person, InvitationFlow.SentName, today: "2026-01-05");
        await factory.AcceptAsync(person, invitation);
        await TrackAsync(ws, person, InvitationFlow.PrivateName, today: "2026-01-04");
    }

    [Fact]
    public async Task Time_entries_and_timesheets_show_a_pending_invitee_as_sent_and_cut_in_the_workspace_zone()
    {
        var (_, person) = await factory.PersonWithProfileAsync(Zone);
        var ws = await factory.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync(person.Email);

        // Monday 05:00–06:00 in UTC, the pending member's zone here; Sunday 19:00–20:00 in Honolulu.
        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = person.Id, date = "2026-01-05", start_time = "05:00", end_time = "06:00",
        })).Expect(HttpStatusCode.Created);
        Assert.Equal($"1 hr successfully added for {InvitationFlow.SentName}.", created.Message);
        var entry = Assert.Single(await EntriesOnAsync(ws, person.Id, "2026-01-05"));
        Assert.Equal("2026-01-05", entry.GetProperty("date").GetString());
        var sheet = await SheetAsync(ws, person.Id);
        Assert.Equal("Sent", sheet.GetProperty("member").GetProperty("firstname").GetString());
        Assert.Equal("Name", sheet.GetProperty("member").GetProperty("lastname").GetString());
        Assert.Equal(person.Email, sheet.GetProperty("member").GetProperty("email").GetString());
        Assert.Equal(["2026-01-05"], sheet.GetProperty("daily_breakdown").EnumerateObject().Select(d => d.Name));
        Assert.Equal(60, sheet.GetProperty("total_minutes").GetInt64());

        await factory.AcceptAsync(person, invitation);
        Assert.Empty(await EntriesOnAsync(ws, person.Id, "2026-01-05"));
        Assert.Equal("2026-01-04", Assert.Single(await EntriesOnAsync(ws, person.Id, "2026-01-04")).GetProperty("date").GetString());
        sheet = await SheetAsync(ws, person.Id);
        Assert.Equal(InvitationFlow.PrivateFirstName, sheet.GetProperty("member").GetProperty("firstname").GetString());
        Assert.Equal(InvitationFlow.PrivateLastName, sheet.GetProperty("member").GetProperty("lastname").GetString());
        // The hour is now on Sunday, in the previous week: this week's sheet no longer counts it.
        Assert.Empty(sheet.GetProperty("daily_breakdown").EnumerateObject());
        Assert.Equal(0, sheet.GetProperty("total_minutes").GetInt64());
    }

    /// <summary>Starts, reads and stops a tracker for <paramref name="person"/>: every answer and event names them as <paramref name="name"/>.</summary>
    private async Task TrackAsync(TestWorkspace ws, TestUser person, string name, string today)
    {
        var started = (await ws.Owner.Client.ApiPostAsync($"/api/v2/time-tracking/start?{ws.Q}", new { user_id = person.Id }))
            .Expect(HttpStatusCode.OK).Data;
        Assert.Equal(name, started.GetProperty("user_name").GetString());
        var current = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={person.Id}"))
            .Expect(HttpStatusCode.OK).Data;
        Assert.Equal(today, current.GetProperty("date").GetString());
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/time-tracking/stop?{ws.Q}", new { user_id = person.Id })).Expect(HttpStatusCode.OK);
        foreach (var type in new[] { "tracker.started", "tracker.stopped" })
        {
            using var payload = JsonDocument.Parse((await ws.EventsAsync(type))[^1].PayloadJson);
            Assert.Equal(name, payload.RootElement.GetProperty("user_name").GetString());
        }
    }

    private static async Task<List<JsonElement>> EntriesOnAsync(TestWorkspace ws, long userId, string date) =>
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-entries?{ws.Q}&user_id={userId}&date={date}"))
        .Expect(HttpStatusCode.OK).Data.EnumerateArray().ToList();

    private static async Task<JsonElement> SheetAsync(TestWorkspace ws, long userId) =>
        Assert.Single((await ws.Owner.Client.ApiGetAsync($"/api/v2/timesheets?{ws.Q}&user_id={userId}"))
            .Expect(HttpStatusCode.OK).Data.EnumerateArray());
}
