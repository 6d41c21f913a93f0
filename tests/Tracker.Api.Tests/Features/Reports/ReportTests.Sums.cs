using System.Net;
using System.Text.Json;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Reports;

/// <summary>
/// <c>group_by</c> of the tracked-hours report (an extension): sums by day, member and project over the fixture above
/// (A: 60 + 180 + 120 min on Apollo at 10 USD/h; B: 30 + 30 min on Zeus at 20 EUR/h), each the sum of the plain
/// report's rows; the plain answer is unchanged.
/// </summary>
public partial class ReportTests
{
    private const string Range = "start_date=2026-03-07&end_date=2026-03-09";

    private static List<(long? Id, int Minutes)> Sums(JsonElement list, string idKey) =>
        [.. list.EnumerateArray().Select(s => (s.GetProperty(idKey).ValueKind == JsonValueKind.Null ? (long?)null : s.GetProperty(idKey).GetInt64(),
            s.GetProperty("total_minutes").GetInt32()))];

    [Fact]
    public async Task Tracked_hours_by_day_member_and_project_add_up_the_rows_with_money_for_rate_viewers()
    {
        var f = await ArrangeAsync();
        var answer = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&{Range}&group_by=day,user,project")).Expect(HttpStatusCode.OK);
        var r = answer.Data;

        Assert.Equal(["report_type", "start_date", "end_date", "total", "by_day", "by_user", "by_project", "activity"], r.EnumerateObject().Select(p => p.Name));
        Assert.Equal(420, r.GetProperty("total").GetProperty("total_minutes").GetInt32());
        Assert.Equal(["2026-03-07", "2026-03-08", "2026-03-09"], r.GetProperty("by_day").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
        Assert.Equal([60, 210, 150], r.GetProperty("by_day").EnumerateArray().Select(d => d.GetProperty("total_minutes").GetInt32()));
        Assert.Equal([(f.A.Id, 360), (f.B.Id, 60)], Sums(r.GetProperty("by_user"), "user_id"));
        var a = r.GetProperty("by_user")[0];
        Assert.Equal(60m, a.GetProperty("total_amount").GetProperty("USD").GetDecimal());
        Assert.Equal(20m, r.GetProperty("by_user")[1].GetProperty("total_amount").GetProperty("EUR").GetDecimal());
        Assert.Equal([(f.Apollo, 360), (f.Zeus, 60)], Sums(r.GetProperty("by_project"), "project_id"));
        Assert.Equal("Zeus", r.GetProperty("by_project")[1].GetProperty("project_name").GetString());
        Assert.Equal(30m, r.GetProperty("by_day")[1].GetProperty("total_amount").GetProperty("USD").GetDecimal()); // A's 180 min
        Assert.Equal(10m, r.GetProperty("by_day")[1].GetProperty("total_amount").GetProperty("EUR").GetDecimal()); // B's 30 min
        // Activity as /reports/activity-level weighs it: (90×50 + 30×80) / 120 = 57.5; 45 + 24 active minutes.
        static int? Level(JsonElement e) => e.GetProperty("activity_level").ValueKind == JsonValueKind.Null ? null : e.GetProperty("activity_level").GetInt32();
        Assert.Equal((58, 69), (Level(r.GetProperty("activity")), r.GetProperty("activity").GetProperty("active_minutes").GetInt32()));
        Assert.Equal(2, answer.Pagination.GetProperty("total").GetInt32());
        Assert.Equal(30, answer.Pagination.GetProperty("per_page").GetInt32());

        // Every member's sum is what the plain report's rows add up to.
        var plain = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&{Range}")).Expect(HttpStatusCode.OK).Data;
        var rows = plain.GetProperty("days").EnumerateObject().SelectMany(d => d.Value.GetProperty("users").EnumerateArray()).ToList();
        foreach (var (id, minutes) in Sums(r.GetProperty("by_user"), "user_id"))
            Assert.Equal(rows.Where(row => row.GetProperty("user_id").GetInt64() == id).Sum(row => row.GetProperty("total_minutes").GetInt32()), minutes);

        // Without rate visibility: the same minutes, no money keys anywhere.
        var exec = await f.Ws.AddMemberAsync(Roles.ExecutiveManager);
        var noMoney = (await exec.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&{Range}&group_by[]=user&group_by[]=day&group_by[]=project"))
            .Expect(HttpStatusCode.OK).Data;
        Assert.Equal([(f.A.Id, 360), (f.B.Id, 60)], Sums(noMoney.GetProperty("by_user"), "user_id"));
        foreach (var list in new[] { "by_day", "by_user", "by_project" })
            Assert.All(noMoney.GetProperty(list).EnumerateArray(), item => Assert.False(item.TryGetProperty("total_amount", out _)));
        Assert.False(noMoney.GetProperty("total").TryGetProperty("total_amount", out _));
    }

    [Fact]
    public async Task Members_sums_are_paged_most_time_first_and_only_the_groupings_asked_for_are_answered()
    {
        var f = await ArrangeAsync();
        var second = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&{Range}&group_by=user&per_page=1&page=2"))
            .Expect(HttpStatusCode.OK);
        Assert.Equal([(f.B.Id, 60)], Sums(second.Data.GetProperty("by_user"), "user_id"));
        Assert.Equal((2, 2, 2), (second.Pagination.GetProperty("total").GetInt32(), second.Pagination.GetProperty("current_page").GetInt32(),
            second.Pagination.GetProperty("last_page").GetInt32()));
        Assert.False(second.Data.TryGetProperty("by_day", out _));
        Assert.False(second.Data.TryGetProperty("days", out _));

        // Filters apply before summing: only Zeus; only B; a zone of the caller's choosing.
        var zeus = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&{Range}&group_by=project&projects={f.Zeus}")).Expect(HttpStatusCode.OK);
        Assert.Equal([(f.Zeus, 60)], Sums(zeus.Data.GetProperty("by_project"), "project_id"));
        Assert.False(zeus.Json.GetProperty("meta").TryGetProperty("pagination", out _)); // no members' list, nothing paged
        var utc = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&{Range}&group_by=day&timezone=UTC&users={f.A.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal([0, 240, 120], utc.Data.GetProperty("by_day").EnumerateArray().Select(d => d.GetProperty("total_minutes").GetInt32()));

        // The plain report is unchanged: no sums, and a page size does not cut its rows (a malformed one is still a 422).
        var plain = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&{Range}&per_page=1")).Expect(HttpStatusCode.OK);
        Assert.Equal(["report_type", "start_date", "end_date", "total", "days"], plain.Data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, plain.Data.GetProperty("days").GetProperty("2026-03-09").GetProperty("users").GetArrayLength());
        Assert.False(plain.Json.GetProperty("meta").TryGetProperty("pagination", out _));
        (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&{Range}&per_page=abc")).ExpectInvalid("per_page");
    }

    [Theory]
    [InlineData("group_by=week", "group_by")]
    [InlineData("group_by=user&per_page=101", "per_page")]
    [InlineData("group_by=user&format=csv", "group_by")]
    [InlineData("group_by=user&page=0", "page")]
    public async Task Bad_groupings_and_pages_are_422(string query, string field)
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{ws.Q}&{Range}&{query}")).ExpectInvalid(field);
    }

    [Fact]
    public async Task Sums_show_nothing_of_another_workspace_and_need_a_token_and_a_reporting_role()
    {
        var f = await ArrangeAsync();
        var other = await ArrangeAsync(); // its A and B tracked the same hours in their own workspace
        var url = $"/api/v2/reports/tracked-hours?{f.Ws.Q}&{Range}&group_by=user,project";

        // Another workspace's member or project ids narrow to nothing here: no name, minute or amount of theirs.
        var foreign = (await f.Ws.Owner.Client.ApiGetAsync($"{url}&users={other.A.Id}&projects={other.Apollo}")).Expect(HttpStatusCode.OK).Data;
        Assert.Empty(foreign.GetProperty("by_user").EnumerateArray());
        Assert.Empty(foreign.GetProperty("by_project").EnumerateArray());
        Assert.Equal(0, foreign.GetProperty("total").GetProperty("total_minutes").GetInt32());
        var mine = (await f.Ws.Owner.Client.ApiGetAsync(url)).Expect(HttpStatusCode.OK).Data;
        Assert.DoesNotContain(mine.GetProperty("by_user").EnumerateArray(), u => u.GetProperty("user_id").GetInt64() == other.A.Id);
        Assert.DoesNotContain(mine.GetProperty("by_project").EnumerateArray(), p => p.GetProperty("project_id").GetInt64() == other.Apollo);

        (await other.Ws.Owner.Client.ApiGetAsync(url)).Expect(HttpStatusCode.Forbidden); // not a member of f's workspace
        (await f.A.Client.ApiGetAsync(url)).Expect(HttpStatusCode.Forbidden); // a Regular User
        using var anonymous = factory.CreateClient();
        (await anonymous.ApiGetAsync(url)).Expect(HttpStatusCode.Unauthorized);
    }
}
