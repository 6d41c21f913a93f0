using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>Every list that takes date_from and date_to refuses an end before the start with the same 422.</summary>
public class DateRangeTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    [Theory]
    [InlineData("/api/v2/expenses")]
    [InlineData("/api/v2/leaves")]
    [InlineData("/api/v2/leaves/balances")]
    [InlineData("/api/v2/time-requests")]
    [InlineData("/api/v2/timesheets")]
    public async Task An_end_before_the_start_answers_one_message(string path)
    {
        var ws = await factory.NewWorkspaceAsync();
        var response = (await ws.Owner.Client.ApiGetAsync($"{path}?{ws.Q}&date_from=2026-02-01&date_to=2026-01-31"))
            .ExpectInvalid("date_to");
        var messages = response.Json.GetProperty("errors").GetProperty("date_to").EnumerateArray().Select(m => m.GetString());
        Assert.Equal(["The date to field must be a date after or equal to date from."], messages);
    }
}
