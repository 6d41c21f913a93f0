using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Time;

public class TimeTrackingTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Start = "/api/v2/time-tracking/start";
    private const string Stop = "/api/v2/time-tracking/stop";

    [Fact]
    public async Task Start_current_data_and_stop_answer_the_contract_shapes_and_emit_events()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var startedAt = factory.Now();

        var started = (await ws.Owner.Client.ApiPostAsync(Start, new
        {
            workspace_id = ws.Id, user_id = member.Id, contract_id = a.ContractId, task_id = a.TaskId, activity_description = "Implementing new feature",
        })).Expect(HttpStatusCode.OK);
        Assert.Equal("Time tracking started successfully", started.Message);
        var d = started.Data;
        Assert.Equal("Time tracking started successfully", d.GetProperty("message").GetString());
        Assert.Equal(startedAt, d.GetProperty("start_time").GetDateTime().ToUniversalTime());
        Assert.Equal(member.Id, d.GetProperty("user_id").GetInt64());
        Assert.Equal("Test User", d.GetProperty("user_name").GetString());
        Assert.Equal(member.Email, d.GetProperty("user_email").GetString());
        Assert.Equal(a.ContractId, d.GetProperty("contract_id").GetInt64());
        Assert.Equal(a.ProjectId, d.GetProperty("project_id").GetInt64());
        Assert.Equal("Website Redesign", d.GetProperty("project_name").GetString());
        Assert.Equal(a.TaskId, d.GetProperty("task_id").GetInt64());
        Assert.Equal("Update homepage design", d.GetProperty("task_title").GetString());
        Assert.Equal("Implementing new feature", d.GetProperty("activity_description").GetString());
        var startEvent = Assert.Single(await ws.EventsAsync("tracker.started"));
        using (var payload = JsonDocument.Parse(startEvent.PayloadJson))
        {
            foreach (var field in new[] { "user_id", "user_name", "user_email", "contract_id", "project_id", "project_name", "task_id", "task_title", "activity_description", "start_time" })
                Assert.True(payload.RootElement.TryGetProperty(field, out _), field);
            Assert.Equal(member.Id, payload.RootElement.GetProperty("user_id").GetInt64());
        }
        Assert.Single(await ws.TimesheetsAsync(member.Id));

        factory.Clock.Advance(TimeSpan.FromSeconds(7 * 60 + 9));
        var current = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Current tracker data retrieved successfully", current.Message);
        Assert.Equal(7, current.Data.GetProperty("total_minutes").GetInt64());
        Assert.Equal(9, current.Data.GetProperty("total_seconds").GetInt64());
        Assert.Equal(TimeFixtures.Day(startedAt), current.Data.GetProperty("date").GetString());
        Assert.Equal(a.ContractId, current.Data.GetProperty("contract_id").GetInt64());
        Assert.Equal(a.TaskId, current.Data.GetProperty("task_id").GetInt64());
        Assert.Equal("Update homepage design", current.Data.GetProperty("task_title").GetString());
        Assert.Equal("Implementing new feature", current.Data.GetProperty("activity_description").GetString());
        Assert.Equal(member.Id, current.Data.GetProperty("user_id").GetInt64());

        factory.Clock.Advance(TimeSpan.FromMinutes(53));
        var stopped = (await ws.Owner.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal("Time tracking stopped successfully", stopped.Message);
        Assert.Equal("Time tracking stopped successfully", stopped.Data.GetProperty("message").GetString());
        Assert.Equal(factory.Now(), stopped.Data.GetProperty("stopped_at").GetDateTime().ToUniversalTime());
        var entry = Assert.Single(await ws.EntriesAsync(member.Id));
        Assert.Equal(startedAt, entry.StartedAt);
        Assert.Equal(factory.Now(), entry.EndedAt);
        Assert.Equal("Web tracker", entry.Method);
        var stopEvent = Assert.Single(await ws.EventsAsync("tracker.stopped"));
        using (var payload = JsonDocument.Parse(stopEvent.PayloadJson))
        {
            Assert.Equal(60, payload.RootElement.GetProperty("duration_minutes").GetInt64());
            Assert.Equal(a.ProjectId, payload.RootElement.GetProperty("project_id").GetInt64());
            Assert.True(payload.RootElement.TryGetProperty("stopped_at", out _));
        }
    }

    [Fact]
    public async Task One_running_entry_per_member_already_tracking_and_not_tracking_are_400()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        (await ws.Owner.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.BadRequest);
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.BadRequest);

        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        var again = (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("already has an active time tracker", again.Message);
        Assert.Single(await ws.EntriesAsync(member.Id));
        Assert.Single(await ws.EventsAsync("tracker.started"));

        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        (await ws.Owner.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        (await ws.Owner.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.BadRequest);
        Assert.Single(await ws.EventsAsync("tracker.stopped"));
        // Without a project: contract, project and task are null.
        var bare = (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, bare.Data.GetProperty("contract_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, bare.Data.GetProperty("project_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, bare.Data.GetProperty("task_id").ValueKind);
    }

    [Fact]
    public async Task Many_parallel_starts_leave_exactly_one_running_entry()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var clients = Enumerable.Range(0, 12).Select(_ => factory.ClientWith(ws.Owner.Token)).ToList();
        var responses = await Task.WhenAll(clients.Select(c => c.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id })));
        Assert.Equal(1, responses.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.Expect(HttpStatusCode.BadRequest));
        var entries = await ws.EntriesAsync(member.Id);
        Assert.Single(entries);
        Assert.Null(entries[0].EndedAt);
        Assert.Single(await ws.EventsAsync("tracker.started"));

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var stops = await Task.WhenAll(clients.Take(6).Select(c => c.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = member.Id })));
        Assert.Equal(1, stops.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(stops.Where(r => r.Status != HttpStatusCode.OK), r => r.Expect(HttpStatusCode.BadRequest));
        Assert.Single(await ws.EventsAsync("tracker.stopped"));
    }

    [Fact]
    public async Task Validation_and_assignment_rules()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var colleague = await ws.AddMemberAsync(Roles.RegularUser);
        var mine = await ws.AssignAsync(member.Id);
        var theirs = await ws.AssignAsync(colleague.Id, "Other project");
        var other = await factory.NewWorkspaceAsync();
        var stranger = await other.AddMemberAsync(Roles.RegularUser);
        var foreign = await other.AssignAsync(stranger.Id);

        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id })).ExpectInvalid("user_id");
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = "abc" })).ExpectInvalid("user_id");
        (await ws.Owner.Client.ApiPostAsync(Start, new { user_id = member.Id })).ExpectInvalid("workspace_id");
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id, activity_description = new string('x', 1001) }))
            .ExpectInvalid("activity_description");
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id, task_id = mine.TaskId })).ExpectInvalid("task_id");
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id, contract_id = theirs.ContractId }))
            .ExpectInvalid("contract_id");
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id, contract_id = mine.ContractId, task_id = theirs.TaskId }))
            .ExpectInvalid("task_id");
        // Ids of another workspace are unknown here.
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id, contract_id = foreign.ContractId }))
            .Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id, contract_id = mine.ContractId, task_id = foreign.TaskId }))
            .Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = stranger.Id })).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = stranger.Id })).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={stranger.Id}")).Expect(HttpStatusCode.NotFound);
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}")).ExpectInvalid("user_id");
        Assert.Empty(await ws.EntriesAsync(member.Id));
        Assert.Empty(await other.EntriesAsync(stranger.Id));
        Assert.Empty(await ws.EventsAsync("tracker.started"));
    }

    [Fact]
    public async Task Members_track_only_themselves_and_managers_anyone()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var colleague = await ws.AddMemberAsync(Roles.RegularUser);
        var manager = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var outsider = (await factory.NewWorkspaceAsync()).Owner;

        (await outsider.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.Forbidden);
        (await member.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = colleague.Id })).Expect(HttpStatusCode.Forbidden);
        (await member.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={colleague.Id}")).Expect(HttpStatusCode.Forbidden);
        Assert.Empty(await ws.EntriesAsync(colleague.Id));

        (await member.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        (await manager.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = colleague.Id })).Expect(HttpStatusCode.OK);
        (await member.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.OK);
        (await member.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = colleague.Id })).Expect(HttpStatusCode.Forbidden);
        // Generation B: stop with no user_id stops the caller's own tracker.
        (await member.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        Assert.NotNull(Assert.Single(await ws.EntriesAsync(member.Id)).EndedAt);
        Assert.Null(Assert.Single(await ws.EntriesAsync(colleague.Id)).EndedAt);
    }

    [Fact]
    public async Task Current_data_adds_todays_finished_time_and_ignores_desktop_trackers()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var now = factory.Now().Date.AddDays(1).AddHours(12);
        factory.Clock.SetUtcNow(now);
        // A desktop tracker running: no current data for it.
        var desktop = await ws.AddEntryAsync(member.Id, now.AddMinutes(-30), null);
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.BadRequest);
        (await ws.Owner.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        // Yesterday's time does not count towards today.
        await ws.AddEntryAsync(member.Id, now.AddDays(-1), now.AddDays(-1).AddHours(1));

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromSeconds(125));
        var current = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(32, current.Data.GetProperty("total_minutes").GetInt64());
        Assert.Equal(5, current.Data.GetProperty("total_seconds").GetInt64());
        Assert.Equal(TimeFixtures.Day(now), current.Data.GetProperty("date").GetString());
        Assert.Contains(await ws.EntriesAsync(member.Id), e => e.Id == desktop && e.EndedAt == now);
    }

    [Fact]
    public async Task Every_time_operation_is_in_the_openapi_document()
    {
        var response = await factory.ClientWith(null).GetAsync("/openapi/v2.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var (path, method) in new[]
                 {
                     ("/api/v2/time-tracking/start", "post"), ("/api/v2/time-tracking/stop", "post"), ("/api/v2/time-tracking/current-data", "get"),
                     ("/api/v2/time-entries", "get"), ("/api/v2/time-entries", "post"), ("/api/v2/time-entries/{time_entry_id}", "put"),
                     ("/api/v2/time-entries/{time_entry_id}", "delete"), ("/api/v2/timesheets", "get"),
                     ("/api/v2/timesheets/{timesheetId}/approve", "put"), ("/api/v2/timesheets/{timesheetId}/reject", "put"),
                     ("/api/v2/timesheets/{timesheetId}/submit", "put"), ("/api/v2/timesheets/{timesheetId}/unsubmit", "put"),
                     ("/api/v2/time-requests", "get"), ("/api/v2/time-requests", "post"), ("/api/v2/time-requests/{id}", "get"),
                     ("/api/v2/time-requests/{timeRequestId}/approve", "post"), ("/api/v2/time-requests/{timeRequestId}/reject", "post"),
                 })
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method.ToUpperInvariant()} {path}");
    }

    [Fact]
    public async Task Tracking_is_refused_while_todays_timesheet_is_approved()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        (await ws.Owner.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        var sheet = Assert.Single(await ws.TimesheetsAsync(member.Id));
        await ws.SetTimesheetStatusAsync(sheet.Id, TimesheetStatuses.Approved);

        var refused = (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("approved", refused.Message);
        Assert.Single(await ws.EntriesAsync(member.Id));
    }

    /// <summary>
    /// Start reads the member, contract and timesheets in one query around the UTC date, and stop only makes sheets for
    /// periods after the start's: both must still cut weeks in the member's zone.
    /// </summary>
    [Fact]
    public async Task Sheets_and_locks_follow_the_members_local_week_and_a_stop_in_a_later_week_adds_its_sheet()
    {
        var ws = await factory.NewWorkspaceAsync();
        var kiritimati = await ws.AddMemberAsync(Roles.RegularUser, timezone: "Pacific/Kiritimati"); // UTC+14
        var utc = await ws.AddMemberAsync(Roles.RegularUser, timezone: "UTC");
        var sunday = factory.Now().Date.AddDays(7);
        while (sunday.DayOfWeek != DayOfWeek.Sunday) sunday = sunday.AddDays(1);
        var nextMonday = DateOnly.FromDateTime(sunday.AddDays(1));
        factory.Clock.SetUtcNow(sunday.AddHours(12)); // Monday 02:00 in Kiritimati

        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = kiritimati.Id })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        (await ws.Owner.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = kiritimati.Id })).Expect(HttpStatusCode.OK);
        var sheet = Assert.Single(await ws.TimesheetsAsync(kiritimati.Id));
        Assert.Equal(nextMonday, sheet.DateFrom);
        await ws.SetTimesheetStatusAsync(sheet.Id, TimesheetStatuses.Approved);
        Assert.Contains("approved", (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = kiritimati.Id }))
            .Expect(HttpStatusCode.BadRequest).Message);

        // Still Sunday in UTC: the same instant is open for a member whose week has not turned.
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = utc.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal([nextMonday.AddDays(-7)], (await ws.TimesheetsAsync(utc.Id)).Select(t => t.DateFrom));
        factory.Clock.Advance(TimeSpan.FromHours(13)); // Monday 01:10 UTC
        (await ws.Owner.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = utc.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal([nextMonday.AddDays(-7), nextMonday], (await ws.TimesheetsAsync(utc.Id)).Select(t => t.DateFrom));
    }

    /// <summary>An edit that read the entry while it ran cannot overwrite a stop that came in between (PATCH answers 409).</summary>
    [Fact]
    public async Task An_entry_read_while_running_cannot_be_saved_after_its_stop()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        (await ws.Owner.Client.ApiPostAsync(Start, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var stale = await db.TimeEntries.SingleAsync(e => e.WorkspaceId == ws.Id && e.UserId == member.Id);
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        (await ws.Owner.Client.ApiPostAsync(Stop, new { workspace_id = ws.Id, user_id = member.Id })).Expect(HttpStatusCode.OK);

        stale.ActivityDescription = "edited";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        var stored = Assert.Single(await ws.EntriesAsync(member.Id));
        Assert.NotNull(stored.EndedAt);
        Assert.Null(stored.ActivityDescription);
    }
}
