using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Reports;

/// <summary>
/// The edges of the reports' bounded scan: each window reads entries started from its first local midnight (earliest
/// zone) − 24 h, plus running entries and entries longer than 24 h through their own partial index.
/// </summary>
public partial class ReportTests
{
    private async Task AddEntriesAsync(long workspaceId, params (long UserId, DateTime Start, DateTime? End)[] entries)
    {
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        db.TimeEntries.AddRange(entries.Select(e => new TimeEntry
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = workspaceId, UserId = e.UserId, Method = "Web tracker",
            StartedAt = e.Start, EndedAt = e.End, CreatedAt = e.Start, UpdatedAt = e.Start,
        }));
        await db.SaveChangesAsync();
    }

    private static async Task<JsonElement> TrackedHoursAsync(TestWorkspace ws, DateOnly from, DateOnly to) =>
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{ws.Q}&start_date={from:yyyy-MM-dd}&end_date={to:yyyy-MM-dd}"))
            .Expect(HttpStatusCode.OK).Data;

    /// <summary>A member's minutes on one day of a tracked-hours answer (0 when they have no row that day).</summary>
    private static int MinutesOn(JsonElement report, DateOnly day, long userId) =>
        report.GetProperty("days").GetProperty(day.ToString("yyyy-MM-dd")).GetProperty("users").EnumerateArray()
            .Where(u => u.GetProperty("user_id").GetInt64() == userId).Sum(u => u.GetProperty("total_minutes").GetInt32());

    private static DateTime At(DateOnly day, int hour, int minute = 0) => day.ToDateTime(new TimeOnly(hour, minute), DateTimeKind.Utc);

    [Fact]
    public async Task Tracked_hours_counts_a_tracker_left_running_over_two_midnights_on_each_day()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser, timezone: "UTC");
        // Started D 22:00, stopped D+2 01:30 (27.5 h) through the tracking endpoints. The clock stays inside the week
        // of 2026-01-05 that the default-range assertion of this class expects.
        var d = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        factory.Clock.SetUtcNow(At(d, 22));
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-tracking/start", new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromHours(27.5));
        (await ws.Owner.Client.ApiPostAsync("/api/v2/time-tracking/stop", new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);

        var all = await TrackedHoursAsync(ws, d, d.AddDays(2));
        Assert.Equal([120, 1440, 90], Enumerable.Range(0, 3).Select(i => MinutesOn(all, d.AddDays(i), member.Id)));
        Assert.Equal(1650, all.GetProperty("total").GetProperty("total_minutes").GetInt32());
        // Ranges starting after the entry's start: the last day is reached only through the long-entry index.
        Assert.Equal(1440, MinutesOn(await TrackedHoursAsync(ws, d.AddDays(1), d.AddDays(1)), d.AddDays(1), member.Id));
        var lastDay = await TrackedHoursAsync(ws, d.AddDays(2), d.AddDays(2));
        Assert.Equal(90, lastDay.GetProperty("total").GetProperty("total_minutes").GetInt32());
        var tasks = (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/task-report?{ws.Q}&start_date={d.AddDays(2):yyyy-MM-dd}&end_date={d.AddDays(2):yyyy-MM-dd}&users={member.Id}"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("users")[0];
        Assert.Equal(90, tasks.GetProperty("total_minutes").GetInt32());
        // The filters apply to long entries too: it has no task and no project.
        var withTask = (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/task-report?{ws.Q}&start_date={d.AddDays(2):yyyy-MM-dd}&end_date={d.AddDays(2):yyyy-MM-dd}&users={member.Id}&include_no_task=false"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("users")[0];
        Assert.Equal(0, withTask.GetProperty("total_minutes").GetInt32());
        var byProject = (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/tracked-hours?{ws.Q}&start_date={d.AddDays(2):yyyy-MM-dd}&end_date={d.AddDays(2):yyyy-MM-dd}&projects=1"))
            .Expect(HttpStatusCode.OK).Data;
        Assert.Equal(0, byProject.GetProperty("total").GetProperty("total_minutes").GetInt32());
    }

    [Fact]
    public async Task Daily_reports_show_the_long_and_running_entries_started_before_the_day()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser, timezone: "UTC");
        var day = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(-1);
        // Both started before the day's midnight − 24 h, so only the long-entry index finds them: one left running,
        // one of 30 h ending at 02:00 of the day, and a short one of the day before that must not show.
        await AddEntriesAsync(ws.Id, (member.Id, At(day.AddDays(-2), 10), null), (member.Id, At(day.AddDays(-2), 20), At(day, 2)),
            (member.Id, At(day.AddDays(-1), 9), At(day.AddDays(-1), 17)));
        var timeline = (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-timeline?{ws.Q}&date={day:yyyy-MM-dd}&user_ids={member.Id}"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("users")[0];
        Assert.Equal([1440, 120], timeline.GetProperty("time_entries").EnumerateArray().Select(e => e.GetProperty("duration_minutes").GetInt32()));
        var attendance = (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-attendance?{ws.Q}&date={day:yyyy-MM-dd}&user_ids={member.Id}"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("users")[0];
        Assert.Equal(1440, attendance.GetProperty("tracked_minutes").GetInt32()); // the two overlap: counted once
    }

    [Fact]
    public async Task Tracked_hours_counts_a_running_entry_started_days_before_the_range_up_to_now()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser, timezone: "Asia/Tokyo");
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now.AddHours(9)); // Tokyo is UTC+9 all year
        await AddEntriesAsync(ws.Id, (member.Id, At(today.AddDays(-4), 20), null));

        var report = await TrackedHoursAsync(ws, today.AddDays(-2), today);
        var sinceMidnight = (int)Math.Round((now - At(today, 0).AddHours(-9)).TotalMinutes, MidpointRounding.AwayFromZero);
        Assert.Equal([1440, 1440, sinceMidnight], Enumerable.Range(-2, 3).Select(i => MinutesOn(report, today.AddDays(i), member.Id)));
        Assert.Equal(sinceMidnight, MinutesOn(await TrackedHoursAsync(ws, today, today), today, member.Id));
        Assert.Equal(1440, MinutesOn(await TrackedHoursAsync(ws, today.AddDays(-1), today.AddDays(-1)), today.AddDays(-1), member.Id));
    }

    [Fact]
    public async Task Tracked_hours_bounds_entries_of_24_hours_at_the_first_local_midnight_of_the_range()
    {
        var ws = await factory.NewWorkspaceAsync();
        var tokyo = await ws.AddMemberAsync(Roles.RegularUser, timezone: "Asia/Tokyo");           // UTC+9
        var newYork = await ws.AddMemberAsync(Roles.RegularUser, timezone: "America/New_York");  // EST, UTC−5
        var other = await ws.AddMemberAsync(Roles.RegularUser, timezone: "Asia/Tokyo");
        // 2026-02-10 in Tokyo is [02-09 15:00Z, 02-10 15:00Z); in New York [02-10 05:00Z, 02-11 05:00Z). The scan's
        // lower bound is Tokyo's midnight − 24 h = 02-08 15:00Z.
        DateTime Feb(int day, int hour, int minute = 0) => new(2026, 2, day, hour, minute, 0, DateTimeKind.Utc);
        await AddEntriesAsync(ws.Id,
            (tokyo.Id, Feb(8, 15, 30), Feb(9, 15, 30)),   // exactly 24 h, started after the bound: 30 min on 02-10
            (tokyo.Id, Feb(9, 14), Feb(9, 16)),           // crosses Tokyo's first midnight: 60 min on 02-10
            (other.Id, Feb(8, 14, 30), Feb(9, 15, 31)),   // 25 h 01 min, started before the bound: 31 min on 02-10
            (other.Id, Feb(8, 15), Feb(9, 15)),           // exactly 24 h, ends at the range's first instant: nothing
            (newYork.Id, Feb(10, 3), Feb(10, 7)),         // 22:00–02:00 EST across New York's first midnight: 120 min
            (newYork.Id, Feb(9, 5, 30), Feb(10, 5, 29))); // 23 h 59 min: 29 min on 02-10

        var day = new DateOnly(2026, 2, 10);
        var one = await TrackedHoursAsync(ws, day, day);
        Assert.Equal(90, MinutesOn(one, day, tokyo.Id));
        Assert.Equal(31, MinutesOn(one, day, other.Id));
        Assert.Equal(149, MinutesOn(one, day, newYork.Id));
        Assert.Equal(270, one.GetProperty("total").GetProperty("total_minutes").GetInt32());

        var two = await TrackedHoursAsync(ws, day.AddDays(-1), day);
        Assert.Equal(1410 + 60, MinutesOn(two, day.AddDays(-1), tokyo.Id));
        Assert.Equal(1440 + 1440, MinutesOn(two, day.AddDays(-1), other.Id));
        Assert.Equal(120 + 1410, MinutesOn(two, day.AddDays(-1), newYork.Id));
        Assert.Equal(90, MinutesOn(two, day, tokyo.Id));
        Assert.Equal(149, MinutesOn(two, day, newYork.Id));
    }

    [Fact]
    public async Task Tracked_hours_of_a_large_workspace_keeps_to_its_current_members()
    {
        // Over 100 members the scan reads the workspace's time range without a user filter: the member join must
        // still drop archived members, and the workspace filter other workspaces' entries.
        var ws = await factory.NewWorkspaceAsync();
        var foreign = await factory.NewWorkspaceAsync();
        var archived = await ws.AddMemberAsync(Roles.RegularUser, timezone: "UTC");
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var members = new List<long>();
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var users = Enumerable.Range(0, 101).Select(i => new User
            {
                Email = $"bulk-{Guid.NewGuid():N}@example.com", NormalizedEmail = $"BULK-{i}-{Guid.NewGuid():N}@EXAMPLE.COM",
                FirstName = "Bulk", LastName = $"{i}", Timezone = "UTC", CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.Users.AddRange(users);
            await db.SaveChangesAsync();
            db.Members.AddRange(users.Select(u => new Member
            {
                WorkspaceId = ws.Id, UserId = u.Id, Role = Roles.RegularUser, Status = MemberStatuses.Active, CreatedAt = now, UpdatedAt = now,
            }));
            var gone = db.Members.Single(m => m.WorkspaceId == ws.Id && m.UserId == archived.Id);
            gone.DeletedAt = now;
            await db.SaveChangesAsync();
            members.AddRange(users.Select(u => u.Id));
        }
        var day = new DateOnly(2026, 4, 14);
        await AddEntriesAsync(ws.Id,
            (members[0], At(day, 9), At(day, 10)),
            (members[100], At(day.AddDays(-3), 12), At(day, 2)),  // 62 h, started before the scan's bound: 120 min
            (archived.Id, At(day, 9), At(day, 17)));
        await AddEntriesAsync(foreign.Id, (foreign.Owner.Id, At(day, 8), At(day, 16)));

        var report = await TrackedHoursAsync(ws, day, day);
        Assert.Equal(180, report.GetProperty("total").GetProperty("total_minutes").GetInt32());
        Assert.Equal(60, MinutesOn(report, day, members[0]));
        Assert.Equal(120, MinutesOn(report, day, members[100]));
        Assert.Equal(0, MinutesOn(report, day, archived.Id));
    }

    [Fact]
    public async Task Tracked_hours_rounds_each_row_once_whatever_the_tasks_in_it()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser, timezone: "UTC");
        var day = new DateOnly(2026, 4, 20);
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            var project = new Project { WorkspaceId = ws.Id, Name = "Hermes", CreatedAt = now, UpdatedAt = now };
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            var tasks = Enumerable.Range(1, 2).Select(i => new ProjectTask
            {
                WorkspaceId = ws.Id, ProjectId = project.Id, Title = $"Task {i}", CreatorId = ws.Owner.Id, CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.Tasks.AddRange(tasks);
            await db.SaveChangesAsync();
            (await db.Members.SingleAsync(m => m.WorkspaceId == ws.Id && m.UserId == member.Id)).Rate = 60m;
            db.TimeEntries.AddRange(tasks.Select((t, i) => new TimeEntry
            {
                Id = Guid.NewGuid().ToString(), WorkspaceId = ws.Id, UserId = member.Id, ProjectId = project.Id, TaskId = t.Id,
                Method = "Web tracker", StartedAt = At(day, 9 + i), EndedAt = At(day, 9 + i).AddSeconds(40), CreatedAt = now, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        }

        // 40 s on each of two tasks of one project: the row holds 80 s, shown as 1 minute (and billed as 1 minute).
        var row = Row((await TrackedHoursAsync(ws, day, day)).GetProperty("days").GetProperty("2026-04-20"), member.Id);
        Assert.Equal(1, row.GetProperty("total_minutes").GetInt32());
        Assert.Equal(1m, row.GetProperty("total_amount").GetProperty("USD").GetDecimal());
    }

    [Fact]
    public async Task Deleted_entries_count_in_no_report()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser, timezone: "UTC");
        var day = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(-3);
        // A kept hour, a deleted hour, and a deleted 30 h entry (found only through the long-entry index).
        await AddEntriesAsync(ws.Id, (member.Id, At(day, 9), At(day, 10)), (member.Id, At(day, 11), At(day, 12)),
            (member.Id, At(day.AddDays(-2), 2), At(day, 8)));
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var ids = await db.TimeEntries.Where(e => e.UserId == member.Id && e.StartedAt != At(day, 9)).Select(e => e.Id).ToListAsync();
            Assert.Equal(2, ids.Count);
            foreach (var id in ids)
                (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/time-entries/{id}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        }

        var q = $"{ws.Q}&start_date={day:yyyy-MM-dd}&end_date={day:yyyy-MM-dd}&users={member.Id}";
        Assert.Equal(60, MinutesOn(await TrackedHoursAsync(ws, day, day), day, member.Id));
        foreach (var report in new[] { "activity-level", "task-report", "activity-descriptions" })
            Assert.Equal(60, (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/{report}?{q}")).Expect(HttpStatusCode.OK)
                .Data.GetProperty("users")[0].GetProperty("total_minutes").GetInt32());
        var timeline = (await ws.Owner.Client.ApiGetAsync($"/api/v2/reports/daily-timeline?{ws.Q}&date={day:yyyy-MM-dd}&user_ids={member.Id}"))
            .Expect(HttpStatusCode.OK).Data.GetProperty("users")[0];
        Assert.Equal(60, timeline.GetProperty("total_minutes").GetInt32());
        Assert.Equal([60], timeline.GetProperty("time_entries").EnumerateArray().Select(e => e.GetProperty("duration_minutes").GetInt32()));
    }
}
