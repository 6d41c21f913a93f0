using System.Net;
using System.Text.Json;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Time;

public class TimeEntryTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Path = "/api/v2/time-entries";

    /// <summary>Moves the clock to noon UTC of a fresh day and returns the (fully past) day before it.</summary>
    private DateTime FreshPastDay()
    {
        var noon = factory.Now().Date.AddDays(2).AddHours(12);
        factory.Clock.SetUtcNow(noon);
        return noon.Date.AddDays(-1);
    }

    [Fact]
    public async Task Lists_a_members_day_with_names_filters_and_a_growing_running_entry()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var day = FreshPastDay();
        var today = day.AddDays(1);
        var created = (await ws.Owner.Client.ApiPostAsync(Path, new
        {
            workspace_id = ws.Id, user_id = member.Id, contract_id = a.ContractId, task_id = a.TaskId, notes = "Working on feature implementation",
            date = TimeFixtures.Day(day), start_time = "09:00", end_time = "17:00",
        })).Expect(HttpStatusCode.Created);
        await ws.AddEntryAsync(member.Id, day.AddHours(-3), day.AddHours(-2)); // the day before: not listed
        var overnight = await ws.AddEntryAsync(member.Id, day.AddHours(23), today.AddHours(1));
        var running = await ws.AddEntryAsync(member.Id, today.AddHours(11), null, "Web tracker");

        var list = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={TimeFixtures.Day(day)}")).Expect(HttpStatusCode.OK);
        var items = list.Data.EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var first = items[0];
        Assert.Equal(member.Id, first.GetProperty("user_id").GetInt64());
        Assert.Equal(a.ContractId, first.GetProperty("contract_id").GetInt64());
        Assert.Equal(a.ProjectId, first.GetProperty("project_id").GetInt64());
        Assert.Equal("Website Redesign", first.GetProperty("project_name").GetString());
        Assert.Equal(a.TaskId, first.GetProperty("task_id").GetInt64());
        Assert.Equal("Update homepage design", first.GetProperty("task_title").GetString());
        Assert.Equal("Working on feature implementation", first.GetProperty("activity_description").GetString());
        Assert.Equal("Manually added time", first.GetProperty("method").GetString());
        Assert.Equal(TimeFixtures.Day(day), first.GetProperty("date").GetString());
        Assert.Equal(day.AddHours(9), first.GetProperty("start_time").GetDateTime().ToUniversalTime());
        Assert.Equal(day.AddHours(17), first.GetProperty("end_time").GetDateTime().ToUniversalTime());
        Assert.Equal(480, first.GetProperty("duration_minutes").GetInt64());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("id").GetString()));
        Assert.Equal(overnight, items[1].GetProperty("id").GetString());
        Assert.Equal(2, list.Pagination.GetProperty("total").GetInt32());
        Assert.Equal(1, list.Pagination.GetProperty("last_page").GetInt32());
        Assert.Equal(20, list.Pagination.GetProperty("per_page").GetInt32());

        // The overnight entry also shows on the next day, with the running entry whose duration grows with the clock.
        var next = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={TimeFixtures.Day(today)}&per_page=1&page=2")).Expect(HttpStatusCode.OK);
        var live = Assert.Single(next.Data.EnumerateArray());
        Assert.Equal(running, live.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, live.GetProperty("end_time").ValueKind);
        Assert.Equal(60, live.GetProperty("duration_minutes").GetInt64());
        Assert.Equal(2, next.Pagination.GetProperty("last_page").GetInt32());
        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        var later = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={TimeFixtures.Day(today)}&per_page=1&page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(75, later.Data[0].GetProperty("duration_minutes").GetInt64());

        var byProject = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={TimeFixtures.Day(day)}&project_id={a.ProjectId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(created.Data.GetProperty("id").GetString(), Assert.Single(byProject.Data.EnumerateArray()).GetProperty("id").GetString());
        var byTask = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={TimeFixtures.Day(day)}&task_id={a.TaskId + 1000}")).Expect(HttpStatusCode.OK);
        Assert.Empty(byTask.Data.EnumerateArray());
    }

    [Fact]
    public async Task A_day_lists_entries_begun_days_before_it_and_the_overlap_check_sees_them()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var day = FreshPastDay();
        // A day reads entries started from its midnight − 24 h, and older ones only if running or longer than 24 h.
        await ws.AddEntryAsync(member.Id, day.AddDays(-5).AddHours(9), day.AddDays(-5).AddHours(10)); // long before: not listed
        var running = await ws.AddEntryAsync(member.Id, day.AddDays(-3), null, "Web tracker");
        var longOne = await ws.AddEntryAsync(member.Id, day.AddDays(-2).AddHours(10), day.AddHours(8)); // 46 h
        var lastNight = await ws.AddEntryAsync(member.Id, day.AddHours(-2), day.AddHours(-1)); // before the day: not listed
        var short1 = await ws.AddEntryAsync(member.Id, day.AddHours(10), day.AddHours(11));

        var list = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={TimeFixtures.Day(day)}")).Expect(HttpStatusCode.OK);
        Assert.Equal([running, longOne, short1], list.Data.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(3, list.Pagination.GetProperty("total").GetInt32());
        Assert.DoesNotContain(lastNight, list.Data.EnumerateArray().Select(e => e.GetProperty("id").GetString()));

        // Manual time on that day overlaps the tracker left running three days before: nothing is added.
        var refused = (await ws.Owner.Client.ApiPostAsync(Path, new
        {
            workspace_id = ws.Id, user_id = member.Id, date = TimeFixtures.Day(day), start_time = "20:00", end_time = "21:00",
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("The time overlaps time already recorded for this member; nothing was added.", refused.Message);
    }

    [Fact]
    public async Task List_validation_roles_and_tenancy()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var manager = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var other = await factory.NewWorkspaceAsync();
        var stranger = await other.AddMemberAsync(Roles.RegularUser);
        var day = TimeFixtures.Day(factory.Now());
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&date={day}")).ExpectInvalid("user_id");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}")).ExpectInvalid("date");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date=29-01-2026")).ExpectInvalid("date");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id=x&date={day}")).ExpectInvalid("user_id");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={day}&project_id=-1")).ExpectInvalid("project_id");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={day}&per_page=51")).ExpectInvalid("per_page");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?user_id={member.Id}&date={day}")).ExpectInvalid("workspace_id");
        (await member.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={day}")).Expect(HttpStatusCode.Forbidden);
        (await other.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={day}")).Expect(HttpStatusCode.Forbidden);
        (await manager.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={member.Id}&date={day}&per_page=50")).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&user_id={stranger.Id}&date={day}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_saves_only_the_part_that_does_not_overlap_and_says_so()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var day = FreshPastDay();
        await ws.AddEntryAsync(member.Id, day.AddHours(12), day.AddHours(13));
        var body = new { workspace_id = ws.Id, user_id = member.Id, date = TimeFixtures.Day(day), start_time = "09:00", end_time = "17:00" };

        var partial = (await ws.Owner.Client.ApiPostAsync(Path, body)).Expect(HttpStatusCode.Created);
        Assert.Equal(420, partial.Json.GetProperty("saved_minutes").GetInt64());
        Assert.Equal("7 hr successfully added for Test User. 1 hr overlapped time already recorded and was not added.", partial.Message);
        Assert.Equal(day.AddHours(9), partial.Data.GetProperty("start_time").GetDateTime().ToUniversalTime());
        Assert.Equal(day.AddHours(12), partial.Data.GetProperty("end_time").GetDateTime().ToUniversalTime());
        Assert.Equal(JsonValueKind.Null, partial.Data.GetProperty("project_id").ValueKind);
        var entries = await ws.EntriesAsync(member.Id);
        Assert.Equal(3, entries.Count);
        Assert.Equal([(day.AddHours(9), day.AddHours(12)), (day.AddHours(13), day.AddHours(17))],
            entries.Where(e => e.Method == "Manually added time").Select(e => (e.StartedAt, e.EndedAt!.Value)).ToList());

        var nothing = (await ws.Owner.Client.ApiPostAsync(Path, body)).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("nothing was added", nothing.Message);
        Assert.Equal(3, (await ws.EntriesAsync(member.Id)).Count);

        var whole = (await ws.Owner.Client.ApiPostAsync(Path, body with { start_time = "18:00", end_time = "19:30" })).Expect(HttpStatusCode.Created);
        Assert.Equal(90, whole.Json.GetProperty("saved_minutes").GetInt64());
        Assert.Equal("1 hr 30 min successfully added for Test User.", whole.Message);
        Assert.Single(await ws.TimesheetsAsync(member.Id));
    }

    [Fact]
    public async Task Create_respects_member_and_contract_weekly_hour_limits()
    {
        var ws = await factory.NewWorkspaceAsync();
        var limited = await ws.AddMemberAsync(Roles.RegularUser);
        var other = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(other.Id);
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            db.Members.Single(m => m.WorkspaceId == ws.Id && m.UserId == limited.Id).WeeklyHoursLimit = 10;
            db.Contracts.Single(c => c.Id == a.ContractId).WeeklyHoursLimit = 1;
            await db.SaveChangesAsync();
        }
        var day = FreshPastDay();
        await ws.AddEntryAsync(limited.Id, day, day.AddHours(6));
        var body = new { workspace_id = ws.Id, user_id = limited.Id, contract_id = (long?)null, date = TimeFixtures.Day(day), start_time = "09:00", end_time = "17:00" };

        var capped = (await ws.Owner.Client.ApiPostAsync(Path, body)).Expect(HttpStatusCode.Created);
        Assert.Equal(240, capped.Json.GetProperty("saved_minutes").GetInt64());
        Assert.Equal("4 hr successfully added for Test User. 4 hr exceeded the weekly hours limit and was not added.", capped.Message);
        Assert.Equal(day.AddHours(13), capped.Data.GetProperty("end_time").GetDateTime().ToUniversalTime());
        Assert.Contains("weekly hours limit", (await ws.Owner.Client.ApiPostAsync(Path, body with { start_time = "18:00", end_time = "19:00" }))
            .Expect(HttpStatusCode.BadRequest).Message);
        Assert.Equal(2, (await ws.EntriesAsync(limited.Id)).Count);

        var onContract = (await ws.Owner.Client.ApiPostAsync(Path, body with { user_id = other.Id, contract_id = a.ContractId, start_time = "09:00", end_time = "11:00" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(60, onContract.Json.GetProperty("saved_minutes").GetInt64());
        // Time off the contract is not limited by it.
        Assert.Equal(120, (await ws.Owner.Client.ApiPostAsync(Path, body with { user_id = other.Id, start_time = "12:00", end_time = "14:00" }))
            .Expect(HttpStatusCode.Created).Json.GetProperty("saved_minutes").GetInt64());
    }

    [Fact]
    public async Task Create_validation_roles_tenancy_and_locks()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var manager = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var mine = await ws.AssignAsync(member.Id);
        var other = await factory.NewWorkspaceAsync();
        var stranger = await other.AddMemberAsync(Roles.RegularUser);
        var foreign = await other.AssignAsync(stranger.Id);
        var day = FreshPastDay();
        var d = TimeFixtures.Day(day);
        var ok = new { workspace_id = ws.Id, user_id = (long?)member.Id, contract_id = (long?)null, task_id = (long?)null, date = (string?)d, start_time = (string?)"09:00", end_time = (string?)"10:00" };

        (await ws.Owner.Client.ApiPostAsync(Path, ok with { user_id = null })).ExpectInvalid("user_id");
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { date = null })).ExpectInvalid("date");
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { start_time = null })).ExpectInvalid("start_time");
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { end_time = null })).ExpectInvalid("end_time");
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { date = "2026/01/29" })).ExpectInvalid("date");
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { start_time = "9am" })).ExpectInvalid("start_time");
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { end_time = "25:00" })).ExpectInvalid("end_time");
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { start_time = "10:00", end_time = "09:00" })).ExpectInvalid("end_time");
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { date = TimeFixtures.Day(day.AddDays(1)), start_time = "11:00", end_time = "13:00" })).ExpectInvalid("end_time");
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { task_id = mine.TaskId })).ExpectInvalid("task_id");
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { contract_id = foreign.ContractId })).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { user_id = stranger.Id })).Expect(HttpStatusCode.NotFound);
        (await member.Client.ApiPostAsync(Path, ok)).Expect(HttpStatusCode.Forbidden);
        Assert.Empty(await ws.EntriesAsync(member.Id));
        Assert.Empty(await other.EntriesAsync(stranger.Id));

        (await manager.Client.ApiPostAsync(Path, ok with { contract_id = mine.ContractId, task_id = mine.TaskId })).Expect(HttpStatusCode.Created);
        var sheet = Assert.Single(await ws.TimesheetsAsync(member.Id));
        await ws.SetTimesheetStatusAsync(sheet.Id, TimesheetStatuses.Approved);
        var locked = (await ws.Owner.Client.ApiPostAsync(Path, ok with { start_time = "11:00", end_time = "12:00" })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("approved", locked.Message);
        Assert.Single(await ws.EntriesAsync(member.Id));
    }

    [Fact]
    public async Task Update_changes_fields_and_refuses_overlaps_running_times_and_locked_periods()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var b = await ws.AssignAsync(member.Id, "Second project");
        var day = FreshPastDay();
        var id = await ws.AddEntryAsync(member.Id, day.AddHours(9), day.AddHours(10));
        await ws.AddEntryAsync(member.Id, day.AddHours(12), day.AddHours(13));

        var done = (await ws.Owner.Client.ApiPutAsync($"{Path}/{id}", new { workspace_id = ws.Id, project_id = a.ProjectId, task_id = a.TaskId, notes = "Updated activity description", end_time = "11:30" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Time entry updated successfully", done.Message);
        var entry = (await ws.EntriesAsync(member.Id)).Single(e => e.Id == id);
        Assert.Equal((a.ProjectId, a.ContractId, a.TaskId), (entry.ProjectId!.Value, entry.ContractId!.Value, entry.TaskId!.Value));
        Assert.Equal("Updated activity description", entry.ActivityDescription);
        Assert.Equal((day.AddHours(9), day.AddHours(11.5)), (entry.StartedAt, entry.EndedAt!.Value));

        // A task of another project, an overlap, and a reversed span are refused and change nothing.
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{id}", new { workspace_id = ws.Id, task_id = b.TaskId })).ExpectInvalid("task_id");
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{id}", new { workspace_id = ws.Id, end_time = "12:30" })).Expect(HttpStatusCode.BadRequest);
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{id}", new { workspace_id = ws.Id, start_time = "12:00" })).ExpectInvalid("end_time");
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{id}", new { workspace_id = ws.Id, date = "bad" })).ExpectInvalid("date");
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{id}", new { workspace_id = ws.Id, start_time = "7" })).ExpectInvalid("start_time");
        var same = (await ws.EntriesAsync(member.Id)).Single(e => e.Id == id);
        Assert.Equal((entry.StartedAt, entry.EndedAt, entry.TaskId), (same.StartedAt, same.EndedAt, same.TaskId));

        // Moving to another day keeps the stored times.
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{id}", new { workspace_id = ws.Id, date = TimeFixtures.Day(day.AddDays(-1)), project_id = b.ProjectId }))
            .Expect(HttpStatusCode.OK);
        var moved = (await ws.EntriesAsync(member.Id)).Single(e => e.Id == id);
        Assert.Equal((day.AddHours(-15), day.AddHours(-12.5)), (moved.StartedAt, moved.EndedAt!.Value));
        Assert.Equal((b.ProjectId, (long?)null), (moved.ProjectId!.Value, moved.TaskId));

        var running = await ws.AddEntryAsync(member.Id, factory.Now().AddMinutes(-5), null, "Web tracker");
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{running}", new { workspace_id = ws.Id, start_time = "08:00" })).Expect(HttpStatusCode.BadRequest);
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{running}", new { workspace_id = ws.Id, notes = "still going" })).Expect(HttpStatusCode.OK);

        var member2 = await ws.AddMemberAsync(Roles.RegularUser);
        (await member2.Client.ApiPutAsync($"{Path}/{id}", new { workspace_id = ws.Id, notes = "x" })).Expect(HttpStatusCode.Forbidden);
        var other = await factory.NewWorkspaceAsync();
        (await other.Owner.Client.ApiPutAsync($"{Path}/{id}", new { workspace_id = other.Id, notes = "hijack" })).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiPutAsync($"{Path}/does-not-exist", new { workspace_id = ws.Id, notes = "x" })).Expect(HttpStatusCode.NotFound);
        Assert.Equal("Updated activity description", (await ws.EntriesAsync(member.Id)).Single(e => e.Id == id).ActivityDescription);

        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var now = factory.Now();
            db.Timesheets.Add(new Timesheet
            {
                Id = Guid.NewGuid().ToString(), WorkspaceId = ws.Id, UserId = member.Id, Status = TimesheetStatuses.Approved,
                DateFrom = DateOnly.FromDateTime(day.AddDays(-1)), DateTo = DateOnly.FromDateTime(day.AddDays(-1)), CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }
        (await ws.Owner.Client.ApiPutAsync($"{Path}/{id}", new { workspace_id = ws.Id, notes = "after approval" })).Expect(HttpStatusCode.BadRequest);
        (await ws.Owner.Client.ApiDeleteAsync($"{Path}/{id}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains(await ws.EntriesAsync(member.Id), e => e.Id == id);
    }

    [Fact]
    public async Task Delete_removes_the_entry_only_in_its_workspace()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var id = await ws.AddEntryAsync(member.Id, factory.Now().AddHours(-2), factory.Now().AddHours(-1));
        var other = await factory.NewWorkspaceAsync();

        (await other.Owner.Client.ApiDeleteAsync($"{Path}/{id}", new { workspace_id = other.Id })).Expect(HttpStatusCode.NotFound);
        (await member.Client.ApiDeleteAsync($"{Path}/{id}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.Forbidden);
        // time.md: without workspace_id, 400 and the page's own message (not the usual 422).
        var missing = (await ws.Owner.Client.ApiDeleteAsync($"{Path}/{id}")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("workspace_id is required in request body", missing.Message);
        missing = (await ws.Owner.Client.ApiDeleteAsync($"{Path}/{id}", new { })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("workspace_id is required in request body", missing.Message);
        Assert.Single(await ws.EntriesAsync(member.Id));

        var deleted = (await ws.Owner.Client.ApiDeleteAsync($"{Path}/{id}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal("Time entry deleted successfully", deleted.Message);
        Assert.Empty(await ws.EntriesAsync(member.Id));
        (await ws.Owner.Client.ApiDeleteAsync($"{Path}/{id}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.NotFound);

        // The query works as well as the body.
        var byQuery = await ws.AddEntryAsync(member.Id, factory.Now().AddHours(-4), factory.Now().AddHours(-3));
        (await other.Owner.Client.ApiDeleteAsync($"{Path}/{byQuery}?{other.Q}")).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiDeleteAsync($"{Path}/{byQuery}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Empty(await ws.EntriesAsync(member.Id));
    }
}
