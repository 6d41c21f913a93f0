using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Reports;

/// <summary>
/// Fixture (hand-computed): A works in America/New_York, where 2026-03-08 02:00 jumps to 03:00; B works in UTC.
///   e1 A  03-07 23:00 EST → 03-08 04:00 EDT (04:00Z–08:00Z) project Apollo, no task: 60 min on 03-07, 180 on 03-08 (not 300)
///   e2 A  03-09 09:00–10:30 EDT, Apollo, task "Design", activity 50 %: 90 min
///   e3 A  03-09 11:00–11:30 EDT, Apollo, no task, activity 80 %: 30 min
///   f1 B  03-08 23:30Z → 03-09 00:30Z, Zeus under contract (20 EUR/h custom): 30 min on each day
///   x  A  03-06 (outside every range)
/// A's member rate is 10 (USD, no contract). Total 03-07..03-09 = 60 + 180 + 120 + 30 + 30 = 420 min.
/// </summary>
public partial class ReportTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private sealed record Fixture(TestWorkspace Ws, TestUser A, TestUser B, long Apollo, long Zeus, long Design, long Contract);

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private async Task<Fixture> ArrangeAsync()
    {
        var ws = await factory.NewWorkspaceAsync();
        var a = await ws.AddMemberAsync(Roles.RegularUser, timezone: "America/New_York");
        var b = await ws.AddMemberAsync(Roles.RegularUser, timezone: "UTC");
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var apollo = new Project { WorkspaceId = ws.Id, Name = "Apollo", CreatedAt = now, UpdatedAt = now };
        var zeus = new Project { WorkspaceId = ws.Id, Name = "Zeus", CreatedAt = now, UpdatedAt = now };
        db.Projects.AddRange(apollo, zeus);
        await db.SaveChangesAsync();
        var design = new ProjectTask { WorkspaceId = ws.Id, ProjectId = apollo.Id, Title = "Design", CreatorId = ws.Owner.Id, CreatedAt = now, UpdatedAt = now };
        var contract = new Contract
        {
            WorkspaceId = ws.Id, ProjectId = zeus.Id, UserId = b.Id, Status = "active", Rate = 20m, RateType = 1, Currency = "EUR",
            CreatedAt = now, UpdatedAt = now,
        };
        db.AddRange(design, contract);
        (await db.Members.SingleAsync(m => m.WorkspaceId == ws.Id && m.UserId == a.Id)).Rate = 10m;
        await db.SaveChangesAsync();
        TimeEntry Entry(long user, DateTime start, DateTime end, long? project, long? task = null, int? activity = null, long? contractId = null,
            string? description = null) => new()
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = ws.Id, UserId = user, ProjectId = project, TaskId = task, ContractId = contractId,
            StartedAt = start, EndedAt = end, ActivityLevel = activity, Method = "Desktop tracker", ActivityDescription = description,
            CreatedAt = now, UpdatedAt = now,
        };
        db.TimeEntries.AddRange(
            Entry(a.Id, Utc(3, 8, 4), Utc(3, 8, 8), apollo.Id, description: "Release night"),
            Entry(a.Id, Utc(3, 9, 13), Utc(3, 9, 14, 30), apollo.Id, design.Id, 50, description: "Wireframes"),
            Entry(a.Id, Utc(3, 9, 15), Utc(3, 9, 15, 30), apollo.Id, null, 80, description: "Wireframes"),
            Entry(b.Id, Utc(3, 8, 23, 30), Utc(3, 9, 0, 30), zeus.Id, contractId: contract.Id, description: "=SUM(A1)"),
            Entry(a.Id, Utc(3, 6, 14), Utc(3, 6, 15), apollo.Id));
        await db.SaveChangesAsync();
        return new Fixture(ws, a, b, apollo.Id, zeus.Id, design.Id, contract.Id);
    }

    private static JsonElement Row(JsonElement day, long userId) =>
        Assert.Single(day.GetProperty("users").EnumerateArray(), u => u.GetProperty("user_id").GetInt64() == userId);

    [Fact]
    public async Task Tracked_hours_cuts_days_in_each_members_zone_across_dst_with_money_for_rate_viewers()
    {
        var f = await ArrangeAsync();
        var r = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09"))
            .Expect(HttpStatusCode.OK).Data;
        Assert.Equal("tracked_hours", r.GetProperty("report_type").GetString());
        Assert.Equal("2026-03-07", r.GetProperty("start_date").GetString());
        Assert.Equal(420, r.GetProperty("total").GetProperty("total_minutes").GetInt32());
        Assert.Equal(60m, r.GetProperty("total").GetProperty("total_amount").GetProperty("USD").GetDecimal());
        Assert.Equal(20m, r.GetProperty("total").GetProperty("total_amount").GetProperty("EUR").GetDecimal());
        var days = r.GetProperty("days");
        Assert.Equal(["2026-03-07", "2026-03-08", "2026-03-09"], days.EnumerateObject().Select(p => p.Name));
        Assert.Equal(60, Row(days.GetProperty("2026-03-07"), f.A.Id).GetProperty("total_minutes").GetInt32());
        var aSunday = Row(days.GetProperty("2026-03-08"), f.A.Id);
        Assert.Equal(180, aSunday.GetProperty("total_minutes").GetInt32()); // 00:00 EST → 04:00 EDT is 3 real hours
        Assert.Equal(f.Apollo, aSunday.GetProperty("project_id").GetInt64());
        Assert.Equal("Apollo", aSunday.GetProperty("project_name").GetString());
        Assert.Equal(JsonValueKind.Null, aSunday.GetProperty("contract_id").ValueKind);
        Assert.Equal(30m, aSunday.GetProperty("total_amount").GetProperty("USD").GetDecimal());
        var bSunday = Row(days.GetProperty("2026-03-08"), f.B.Id);
        Assert.Equal(30, bSunday.GetProperty("total_minutes").GetInt32());
        Assert.Equal(f.Contract, bSunday.GetProperty("contract_id").GetInt64());
        Assert.Equal(10m, bSunday.GetProperty("total_amount").GetProperty("EUR").GetDecimal());
        Assert.Equal(120, Row(days.GetProperty("2026-03-09"), f.A.Id).GetProperty("total_minutes").GetInt32());
        Assert.Equal(30, Row(days.GetProperty("2026-03-09"), f.B.Id).GetProperty("total_minutes").GetInt32());

        // Requested zone: in UTC all of e1 falls on 03-08.
        var utc = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&timezone=UTC&users={f.A.Id}"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("days");
        Assert.Empty(utc.GetProperty("2026-03-07").GetProperty("users").EnumerateArray());
        Assert.Equal(240, Row(utc.GetProperty("2026-03-08"), f.A.Id).GetProperty("total_minutes").GetInt32());

        // Filters: user_id, projects (array form); currencies narrows amounts.
        var zeusOnly = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&projects[]={f.Zeus}&currencies=USD"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("total");
        Assert.Equal(60, zeusOnly.GetProperty("total_minutes").GetInt32());
        Assert.Empty(zeusOnly.GetProperty("total_amount").EnumerateObject());
        var onlyB = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&user_id={f.B.Id}"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("total");
        Assert.Equal(60, onlyB.GetProperty("total_minutes").GetInt32());

        // An executive manager without rate visibility gets no money keys.
        var exec = await f.Ws.AddMemberAsync(Roles.ExecutiveManager);
        var noMoney = (await exec.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09")).Expect(HttpStatusCode.OK).Data;
        Assert.False(noMoney.GetProperty("total").TryGetProperty("total_amount", out _));
        Assert.False(Row(noMoney.GetProperty("days").GetProperty("2026-03-08"), f.A.Id).TryGetProperty("total_amount", out _));
        Assert.Equal(420, noMoney.GetProperty("total").GetProperty("total_minutes").GetInt32());

        // A long range runs as 31-day windows; 02-06..03-08 | 03-09..: f1 straddles the window edge.
        var longRange = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&start_date=2026-02-06&end_date=2026-04-30"))
            .Expect(HttpStatusCode.OK).Data;
        Assert.Equal(480, longRange.GetProperty("total").GetProperty("total_minutes").GetInt32()); // + x (60 min on 03-06)
        Assert.Equal(84, longRange.GetProperty("days").EnumerateObject().Count());
        Assert.Equal(30, Row(longRange.GetProperty("days").GetProperty("2026-03-08"), f.B.Id).GetProperty("total_minutes").GetInt32());
        Assert.Equal(30, Row(longRange.GetProperty("days").GetProperty("2026-03-09"), f.B.Id).GetProperty("total_minutes").GetInt32());

        // Default range is the current week (Mon 2026-01-05 .. Sun 01-11).
        var week = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("2026-01-05", week.GetProperty("start_date").GetString());
        Assert.Equal("2026-01-11", week.GetProperty("end_date").GetString());
        Assert.Equal(0, week.GetProperty("total").GetProperty("total_minutes").GetInt32());
    }

    [Theory]
    [InlineData("tracked-hours", "start_date=2026-03-01&end_date=2026-04-01&user_id=USER", "end_date")]
    [InlineData("tracked-hours", "start_date=2025-01-01&end_date=2026-01-02", "end_date")]
    [InlineData("tracked-hours", "start_date=2026-03-09&end_date=2026-03-08", "end_date")]
    [InlineData("tracked-hours", "start_date=03/01/2026", "start_date")]
    [InlineData("tracked-hours", "users=abc", "users")]
    [InlineData("activity-level", "end_date=2026-03-09", "start_date")]
    [InlineData("activity-level", "start_date=2026-03-01", "end_date")]
    [InlineData("activity-level", "start_date=2026-03-01&end_date=2026-04-01", "end_date")]
    [InlineData("task-report", "start_date=2026-03-01&end_date=2026-04-15", "end_date")]
    [InlineData("task-report", "start_date=2026-03-01&end_date=2026-03-02&include_no_task=maybe", "include_no_task")]
    [InlineData("activity-descriptions", "start_date=2026-03-01&end_date=2026-05-01", "end_date")]
    [InlineData("task-report", "start_date=2026-03-01&end_date=2026-03-02&per_page=101", "per_page")]
    [InlineData("daily-timeline", "page=1.5", "page")] // named in the same 422 as the missing date
    [InlineData("activity-level", "per_page=abc", "per_page")]
    [InlineData("daily-timeline", "", "date")]
    [InlineData("daily-timeline", "date=2027-02-01", "date")]
    [InlineData("daily-timeline", "date=2024-12-31", "date")]
    [InlineData("daily-attendance", "", "date")]
    [InlineData("daily-attendance", "date=2026-03-09&status=sleepy", "status")]
    [InlineData("activity-level", "start_date=2026-03-01&end_date=2026-03-02&timezone=Mars/Base", "timezone")]
    public async Task Invalid_parameters_and_oversized_ranges_are_422(string report, string query, string field)
    {
        var ws = await factory.NewWorkspaceAsync();
        var q = query.Replace("USER", ws.Owner.Id.ToString());
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/{report}?{ws.Q}&{q}")).ExpectInvalid(field);
    }

    [Theory]
    [InlineData("tracked-hours?start_date=2026-03-01&end_date=2026-03-02")]
    [InlineData("daily-timeline?date=2026-03-02")]
    [InlineData("activity-level?start_date=2026-03-01&end_date=2026-03-02")]
    [InlineData("daily-attendance?date=2026-03-02")]
    [InlineData("task-report?start_date=2026-03-01&end_date=2026-03-02")]
    [InlineData("activity-descriptions?start_date=2026-03-01&end_date=2026-03-02")]
    public async Task Only_owners_and_executive_managers_may_read_reports(string path)
    {
        var ws = await factory.NewWorkspaceAsync();
        foreach (var role in new[] { Roles.TeamManager, Roles.ProjectManager, Roles.RegularUser, Roles.ProjectViewer })
            (await (await ws.AddMemberAsync(role)).Client.ApiGetAsync($"/api/v2/reports/{path}&{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        (await (await ws.AddMemberAsync(Roles.ExecutiveManager)).Client.ApiGetAsync($"/api/v2/reports/{path}&{ws.Q}")).Expect(HttpStatusCode.OK);
        var other = await factory.NewWorkspaceAsync();
        (await other.Owner.Client.ApiGetAsync($"/api/v2/reports/{path}&{ws.Q}")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Activity_level_weights_by_duration_and_pages_by_user()
    {
        var f = await ArrangeAsync();
        var r = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/activity-level?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09"))
            .Expect(HttpStatusCode.OK);
        var overall = r.Data.GetProperty("overall");
        Assert.Equal(58, overall.GetProperty("average_activity_level").GetInt32()); // (90×50 + 30×80) / 120 = 57.5
        Assert.Equal(420, overall.GetProperty("total_minutes").GetInt32());
        Assert.Equal(69, overall.GetProperty("active_minutes").GetInt32());          // 45 + 24
        Assert.Equal(30, r.Pagination.GetProperty("per_page").GetInt32());
        Assert.Equal(3, r.Pagination.GetProperty("total").GetInt32());               // owner, A, B
        var a = Assert.Single(r.Data.GetProperty("users").EnumerateArray(), u => u.GetProperty("user_id").GetInt64() == f.A.Id);
        Assert.Equal(58, a.GetProperty("average_activity_level").GetInt32());
        var days = a.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(["2026-03-07", "2026-03-08", "2026-03-09"], days.Select(d => d.GetProperty("date").GetString()));
        Assert.Equal(JsonValueKind.Null, days[1].GetProperty("activity_level").ValueKind);
        Assert.Equal(180, days[1].GetProperty("total_minutes").GetInt32());
        Assert.Equal(58, days[2].GetProperty("activity_level").GetInt32());
        var b = Assert.Single(r.Data.GetProperty("users").EnumerateArray(), u => u.GetProperty("user_id").GetInt64() == f.B.Id);
        Assert.Equal(JsonValueKind.Null, b.GetProperty("average_activity_level").ValueKind);

        var page2 = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/activity-level?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&per_page=1&page=2"))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(f.A.Id, Assert.Single(page2.Data.GetProperty("users").EnumerateArray()).GetProperty("user_id").GetInt64());
        Assert.Equal(3, page2.Pagination.GetProperty("last_page").GetInt32());
        Assert.Equal(420, page2.Data.GetProperty("overall").GetProperty("total_minutes").GetInt32());

        var byContract = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/activity-level?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&contract_id={f.Contract}"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("overall");
        Assert.Equal(60, byContract.GetProperty("total_minutes").GetInt32());
    }

    [Fact]
    public async Task Task_report_breaks_time_down_by_task_and_day()
    {
        var f = await ArrangeAsync();
        var r = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/task-report?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&users={f.A.Id}"))
            .Expect(HttpStatusCode.OK);
        var a = Assert.Single(r.Data.GetProperty("users").EnumerateArray());
        Assert.Equal(360, a.GetProperty("total_minutes").GetInt32());
        var tasks = a.GetProperty("tasks_breakdown").EnumerateArray().ToList();
        Assert.Equal(2, tasks.Count);
        Assert.Equal(f.Design, tasks[0].GetProperty("task_id").GetInt64());
        Assert.Equal("Design", tasks[0].GetProperty("task_title").GetString());
        Assert.Equal(90, tasks[0].GetProperty("total_minutes").GetInt32());
        Assert.Equal(JsonValueKind.Null, tasks[1].GetProperty("task_id").ValueKind);
        Assert.Equal("No task", tasks[1].GetProperty("task_title").GetString());
        Assert.Equal(270, tasks[1].GetProperty("total_minutes").GetInt32());
        Assert.Equal("Apollo", tasks[1].GetProperty("project_name").GetString());
        var daily = a.GetProperty("daily_breakdown").EnumerateArray().ToList();
        Assert.Equal([60, 180, 120], daily.Select(d => d.GetProperty("total_minutes").GetInt32()));
        Assert.Equal(2, daily[2].GetProperty("tasks").GetArrayLength());

        var withTask = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/task-report?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&users={f.A.Id}&include_no_task=false"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("users")[0];
        Assert.Equal(90, withTask.GetProperty("total_minutes").GetInt32());
        var byTask = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/task-report?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&task_id={f.Design}&include_no_task=false"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("users");
        Assert.Equal(90, byTask.EnumerateArray().Sum(u => u.GetProperty("total_minutes").GetInt32()));
    }

    [Fact]
    public async Task Activity_descriptions_sum_minutes_per_description()
    {
        var f = await ArrangeAsync();
        var r = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/activity-descriptions?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&users={f.A.Id},{f.B.Id}"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(2, r.Count);
        var a = r.Single(u => u.GetProperty("user_id").GetInt64() == f.A.Id).GetProperty("descriptions").EnumerateArray().ToList();
        Assert.Equal("Release night", a[0].GetProperty("activity_description").GetString());
        Assert.Equal(240, a[0].GetProperty("total_minutes").GetInt32());
        Assert.Equal(2, a.Count(d => d.GetProperty("activity_description").GetString() == "Wireframes")); // per task
        Assert.Equal(120, a.Where(d => d.GetProperty("activity_description").GetString() == "Wireframes").Sum(d => d.GetProperty("total_minutes").GetInt32()));
    }

    [Fact]
    public async Task Daily_timeline_shows_entries_clipped_to_the_local_day_with_offsets()
    {
        var f = await ArrangeAsync();
        var r = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-timeline?{f.Ws.Q}&date=2026-03-08")).Expect(HttpStatusCode.OK);
        var users = r.Data.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(2, users.Count); // the owner has no time that day
        Assert.Equal(2, r.Pagination.GetProperty("total").GetInt32());
        var a = users.Single(u => u.GetProperty("user_id").GetInt64() == f.A.Id);
        Assert.Equal(180, a.GetProperty("total_minutes").GetInt32());
        var entry = Assert.Single(a.GetProperty("time_entries").EnumerateArray());
        Assert.Equal("2026-03-08T00:00:00-05:00", entry.GetProperty("start_time").GetString());
        Assert.Equal("2026-03-08T04:00:00-04:00", entry.GetProperty("end_time").GetString());
        Assert.Equal(180, entry.GetProperty("duration_minutes").GetInt32());
        Assert.Equal("Desktop tracker", entry.GetProperty("tracking_method").GetString());
        Assert.Equal(30m, entry.GetProperty("total_amount").GetDecimal());
        Assert.Equal("USD", entry.GetProperty("currency").GetString());
        var b = users.Single(u => u.GetProperty("user_id").GetInt64() == f.B.Id);
        var bEntry = Assert.Single(b.GetProperty("time_entries").EnumerateArray());
        Assert.Equal("2026-03-08T23:30:00+00:00", bEntry.GetProperty("start_time").GetString());
        Assert.Equal("2026-03-09T00:00:00+00:00", bEntry.GetProperty("end_time").GetString());
        Assert.Equal(10m, b.GetProperty("total_amount").GetProperty("EUR").GetDecimal());

        var filtered = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-timeline?{f.Ws.Q}&date=2026-03-08&user_ids={f.B.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(f.B.Id, Assert.Single(filtered.Data.GetProperty("users").EnumerateArray()).GetProperty("user_id").GetInt64());
        var other = await factory.NewWorkspaceAsync();
        var foreign = (await other.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-timeline?{other.Q}&date=2026-03-08&user_ids={f.A.Id}")).Expect(HttpStatusCode.OK);
        Assert.Empty(foreign.Data.GetProperty("users").EnumerateArray());
    }

    [Fact]
    public async Task Daily_attendance_reports_presence_spans_and_breaks()
    {
        var f = await ArrangeAsync();
        var r = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-attendance?{f.Ws.Q}&date=2026-03-09")).Expect(HttpStatusCode.OK);
        var users = r.Data.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(3, users.Count);
        var a = users.Single(u => u.GetProperty("user_id").GetInt64() == f.A.Id);
        Assert.Equal(["Present"], a.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("09:00", a.GetProperty("start_time").GetString());
        Assert.Equal("11:30", a.GetProperty("end_time").GetString());
        Assert.Equal(120, a.GetProperty("tracked_minutes").GetInt32());
        Assert.Equal(30, a.GetProperty("break_minutes").GetInt32());
        Assert.Equal(["10:30 - 11:00"], a.GetProperty("break_intervals").EnumerateArray().Select(s => s.GetString()));
        var owner = users.Single(u => u.GetProperty("user_id").GetInt64() == f.Ws.Owner.Id);
        Assert.Equal(["Absent"], owner.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(0, owner.GetProperty("tracked_minutes").GetInt32());

        var absent = (await f.Ws.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-attendance?{f.Ws.Q}&date=2026-03-09&status=absent")).Expect(HttpStatusCode.OK);
        Assert.Equal(f.Ws.Owner.Id, Assert.Single(absent.Data.GetProperty("users").EnumerateArray()).GetProperty("user_id").GetInt64());
        Assert.Equal(1, absent.Pagination.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Reports_download_as_csv_by_format_or_accept_header()
    {
        var f = await ArrangeAsync();
        var response = await f.Ws.Owner.Client.GetAsync($"/api/v2/reports/tracked-hours?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("date,user_id,user_name,project_id,project_name,contract_id,total_minutes,currency,total_amount", lines[0]);
        Assert.Contains($"2026-03-08,{f.A.Id},Test User,{f.Apollo},Apollo,,180,USD,30", lines);
        Assert.Contains($"2026-03-08,{f.B.Id},Test User,{f.Zeus},Zeus,{f.Contract},30,EUR,10", lines);
        Assert.Equal(6, lines.Count);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v2/reports/activity-descriptions?{f.Ws.Q}&start_date=2026-03-07&end_date=2026-03-09&users={f.B.Id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var byAccept = await f.Ws.Owner.Client.SendAsync(request);
        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType!.MediaType);
        var text = await byAccept.Content.ReadAsStringAsync();
        Assert.Contains("'=SUM(A1)", text); // a formula-looking description is defused
        Assert.Contains(",60", text);
    }
}
