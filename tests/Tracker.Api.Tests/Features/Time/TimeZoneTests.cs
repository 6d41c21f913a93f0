using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Time;

/// <summary>
/// Days and pay periods cut in the member's zone, driven by the fake clock through local midnight and the 2026 DST
/// changes of New York (March 8) and Berlin (March 29). One test, because the clock only moves forward.
/// </summary>
public class TimeZoneTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private static DateTime Utc(string iso) => TimeFixtures.Instant(iso);

    private Task<ApiResponse> EntriesAsync(TestWorkspace ws, TestUser member, string date) =>
        ws.Owner.Client.ApiGetAsync($"/api/v2/time-entries?{ws.Q}&user_id={member.Id}&date={date}");

    private Task<ApiResponse> CurrentAsync(TestWorkspace ws, TestUser member) =>
        ws.Owner.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={member.Id}");

    private async Task TrackAsync(TestWorkspace ws, TestUser member, string from, TimeSpan length, Func<Task>? whileRunning = null)
    {
        factory.Clock.SetUtcNow(Utc(from));
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-tracking/start", new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(length);
        if (whileRunning is not null) await whileRunning();
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-tracking/stop", new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Local_days_follow_the_member_zone_across_midnight_and_dst_changes()
    {
        var ws = await factory.NewWorkspaceAsync();
        var berlin = await ws.AddMemberAsync(Roles.RegularUser, timezone: "Europe/Berlin");
        var newYork = await ws.AddMemberAsync(Roles.RegularUser, timezone: "America/New_York");
        var manualNewYork = await ws.AddMemberAsync(Roles.RegularUser, timezone: "America/New_York");

        // Local midnight in Berlin (UTC+1): 23:50 Jan 6 to 00:10 Jan 7 local.
        await TrackAsync(ws, berlin, "2026-01-06T22:50:00Z", TimeSpan.FromMinutes(20), async () =>
        {
            var current = (await CurrentAsync(ws, berlin)).Expect(HttpStatusCode.OK).Data;
            Assert.Equal("2026-01-07", current.GetProperty("date").GetString());
            Assert.Equal(10, current.GetProperty("total_minutes").GetInt64());
        });
        var jan6 = Assert.Single((await EntriesAsync(ws, berlin, "2026-01-06")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        Assert.Equal("2026-01-06", jan6.GetProperty("date").GetString());
        Assert.Equal(20, jan6.GetProperty("duration_minutes").GetInt64());
        Assert.Single((await EntriesAsync(ws, berlin, "2026-01-07")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        Assert.Empty((await EntriesAsync(ws, berlin, "2026-01-08")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        var sheet = Assert.Single((await ws.Owner.Client.ApiGetAsync($"/api/v2/timesheets?{ws.Q}&user_id={berlin.Id}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        Assert.Equal(("2026-01-05", "2026-01-11"), (sheet.GetProperty("date_from").GetString(), sheet.GetProperty("date_to").GetString()));
        Assert.Equal(10, sheet.GetProperty("daily_breakdown").GetProperty("2026-01-06")[0].GetProperty("total_minutes").GetInt64());
        Assert.Equal(10, sheet.GetProperty("daily_breakdown").GetProperty("2026-01-07")[0].GetProperty("total_minutes").GetInt64());

        // New York springs forward on March 8: 01:30 EST to 03:30 EDT is one hour.
        await TrackAsync(ws, newYork, "2026-03-08T06:30:00Z", TimeSpan.FromHours(1), async () =>
        {
            var current = (await CurrentAsync(ws, newYork)).Expect(HttpStatusCode.OK).Data;
            Assert.Equal("2026-03-08", current.GetProperty("date").GetString());
            Assert.Equal(60, current.GetProperty("total_minutes").GetInt64());
        });
        var tracked = Assert.Single((await EntriesAsync(ws, newYork, "2026-03-08")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        Assert.Equal(60, tracked.GetProperty("duration_minutes").GetInt64());
        Assert.Equal(Utc("2026-03-08T06:30:00Z"), tracked.GetProperty("start_time").GetDateTime().ToUniversalTime());

        // Manual HH:mm are UTC (time.md 1), whatever the member's zone and its DST jump: "01:00"-"04:00" on March 8 is
        // 01:00Z-04:00Z, three hours, and starts on March 7 in New York (20:00 EST), which is the entry's date.
        factory.Clock.SetUtcNow(Utc("2026-03-09T12:00:00Z"));
        var manual = new { workspace_id = ws.Id, user_id = manualNewYork.Id, date = "2026-03-08", start_time = "01:00", end_time = "04:00" };
        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", manual)).Expect(HttpStatusCode.Created);
        Assert.Equal(180, created.Json.GetProperty("saved_minutes").GetInt64());
        Assert.Equal(Utc("2026-03-08T01:00:00Z"), created.Data.GetProperty("start_time").GetDateTime().ToUniversalTime());
        Assert.Equal(Utc("2026-03-08T04:00:00Z"), created.Data.GetProperty("end_time").GetDateTime().ToUniversalTime());
        Assert.Equal("2026-03-07", created.Data.GetProperty("date").GetString());
        // 23:30 EDT on March 8 is 03:30Z on March 9: it belongs to March 8; 00:30 EDT March 9 starts the next week.
        await ws.AddEntryAsync(manualNewYork.Id, Utc("2026-03-09T03:30:00Z"), Utc("2026-03-09T03:50:00Z"));
        await ws.AddEntryAsync(manualNewYork.Id, Utc("2026-03-09T04:30:00Z"), Utc("2026-03-09T05:00:00Z"));
        Assert.Single((await EntriesAsync(ws, manualNewYork, "2026-03-07")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        Assert.Single((await EntriesAsync(ws, manualNewYork, "2026-03-08")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        var mar9 = Assert.Single((await EntriesAsync(ws, manualNewYork, "2026-03-09")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        Assert.Equal("2026-03-09", mar9.GetProperty("date").GetString());
        var nySheet = Assert.Single((await ws.Owner.Client.ApiGetAsync($"/api/v2/timesheets?{ws.Q}&user_id={manualNewYork.Id}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        Assert.Equal(("2026-03-02", "2026-03-08"), (nySheet.GetProperty("date_from").GetString(), nySheet.GetProperty("date_to").GetString()));
        Assert.Equal(200, nySheet.GetProperty("total_minutes").GetInt64());

        // Berlin springs forward on March 29: the local day runs 23:00Z to 22:00Z (23 hours).
        await TrackAsync(ws, berlin, "2026-03-29T00:30:00Z", TimeSpan.FromHours(1), async () =>
        {
            var current = (await CurrentAsync(ws, berlin)).Expect(HttpStatusCode.OK).Data;
            Assert.Equal("2026-03-29", current.GetProperty("date").GetString());
            Assert.Equal(60, current.GetProperty("total_minutes").GetInt64());
        });
        await ws.AddEntryAsync(berlin.Id, Utc("2026-03-29T21:30:00Z"), Utc("2026-03-29T21:59:00Z")); // 23:30 CEST
        await ws.AddEntryAsync(berlin.Id, Utc("2026-03-29T22:00:00Z"), Utc("2026-03-29T22:10:00Z")); // 00:00 CEST March 30
        factory.Clock.SetUtcNow(Utc("2026-03-30T12:00:00Z"));
        Assert.Equal(2, (await EntriesAsync(ws, berlin, "2026-03-29")).Expect(HttpStatusCode.OK).Data.GetArrayLength());
        var mar30 = Assert.Single((await EntriesAsync(ws, berlin, "2026-03-30")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        Assert.Equal(Utc("2026-03-29T22:00:00Z"), mar30.GetProperty("start_time").GetDateTime().ToUniversalTime());
        var created29 = (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", new
        {
            workspace_id = ws.Id, user_id = berlin.Id, date = "2026-03-29", start_time = "01:00", end_time = "03:00",
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(90, created29.Json.GetProperty("saved_minutes").GetInt64()); // 01:30Z-03:00Z; 00:30Z-01:30Z was tracked

        // A workspace system zone overrides the member's own.
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            (await db.Workspaces.FindAsync(ws.Id))!.SystemTimezone = "Asia/Tokyo";
            await db.SaveChangesAsync();
        }
        var tokyo = await EntriesAsync(ws, berlin, "2026-03-30");
        Assert.Contains(tokyo.Expect(HttpStatusCode.OK).Data.EnumerateArray(), e => e.GetProperty("start_time").GetDateTime().ToUniversalTime() == Utc("2026-03-29T21:30:00Z"));
        Assert.All(tokyo.Data.EnumerateArray(), e => Assert.Equal("2026-03-30", e.GetProperty("date").GetString()));
    }
}
