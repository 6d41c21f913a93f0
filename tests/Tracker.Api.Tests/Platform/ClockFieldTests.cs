using System.Net;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>Time entries and hourly leaves read an HH:mm wall-clock time by one rule, with one message.</summary>
public class ClockFieldTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Message = "The start time field must match the format H:i (e.g. 09:00).";

    [Fact]
    public async Task A_malformed_time_answers_one_message_on_entries_and_leaves()
    {
        var ws = await factory.NewWorkspaceAsync();
        var entry = new { workspace_id = ws.Id, user_id = ws.Owner.Id, date = "2026-01-07", start_time = "9am", end_time = "13:00" };
        var entryError = (await ws.Owner.Client.ApiPostAsync("/api/v2/time-entries", entry)).ExpectInvalid("start_time");
        Assert.Equal([Message], MessagesOf(entryError));

        var policies = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.OK);
        var hourly = policies.Data.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Personal time").GetProperty("id").GetInt64();
        var leave = new
        {
            workspace_id = ws.Id, policy_id = hourly, user_id = ws.Owner.Id, start = "2026-01-07", end = "2026-01-07",
            start_time = "9am", end_time = "13:00", hours_per_day = 4,
        };
        var leaveError = (await ws.Owner.Client.ApiPostAsync("/api/v2/leaves", leave)).ExpectInvalid("start_time");
        Assert.Equal([Message], MessagesOf(leaveError));
    }

    private static IEnumerable<string?> MessagesOf(ApiResponse response) =>
        response.Json.GetProperty("errors").GetProperty("start_time").EnumerateArray().Select(m => m.GetString());
}
