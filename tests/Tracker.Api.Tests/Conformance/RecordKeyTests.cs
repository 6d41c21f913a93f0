using System.Net;
using System.Text.Json;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Api.Tests.Security;

namespace Tracker.Api.Tests.Conformance;

/// <summary>
/// Every response record, read from its real endpoint, carries exactly the keys the spec lists for it (null where it
/// has no value), plus the additions this server documents, named per record. The spec lists are copied here from
/// /work/shared/spec (file and section in each comment); the Owner sees rates, so rate fields are expected.
/// </summary>
[Collection(SharedHost.Api)]
public class RecordKeyTests(TrackerFactory factory)
{
    private static void AssertKeys(string record, JsonElement item, string[] spec, string[]? additions = null)
    {
        Assert.Equal(JsonValueKind.Object, item.ValueKind);
        var expected = spec.Concat(additions ?? []).ToHashSet();
        var actual = item.EnumerateObject().Select(p => p.Name).ToHashSet();
        var missing = expected.Except(actual).Order().ToList();
        var extra = actual.Except(expected).Order().ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{record}: missing [{string.Join(", ", missing)}], not in the spec [{string.Join(", ", extra)}]");
    }

    private static JsonElement Only(ApiResponse list) => Assert.Single(list.Expect(HttpStatusCode.OK).Data.EnumerateArray());

    /// <summary>The timesheet of the week of WorkspaceObjects' time entry (Friday 2026-01-02).</summary>
    private static JsonElement SheetWithJan2(JsonElement data) =>
        data.EnumerateArray().Single(t => t.GetProperty("daily_breakdown").TryGetProperty("2026-01-02", out _));

    /// <summary>The row of <paramref name="userId"/> in a report's <c>users</c> array (the owner has no time).</summary>
    private static JsonElement UserRow(JsonElement data, string userId) =>
        data.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("user_id").ToString() == userId);

    // core.md 8 "Workspace".
    private static readonly string[] Workspace = ["id", "owner_id", "user_id", "workspace_name", "role", "status", "created_at", "activated_at"];

    // core.md 8 "Member" (A up to title, then M).
    private static readonly string[] Member =
    [
        "id", "email", "firstname", "lastname", "avatar", "current_role", "timezone", "status", "team_name", "title", "rate", "rate_type",
        "rate_status", "weekly_hours_limit", "screenshots", "is_blocked", "created_at", "updated_at", "deleted_at",
    ];

    // core.md 8 "Project" and "ProjectTag".
    private static readonly string[] Project =
    [
        "id", "name", "owner_id", "start_date", "deadline", "estimation", "budget_estimation", "notes", "icon", "is_billable", "rate",
        "weekly_hours_limit", "screenshots", "tags", "contracts_count", "status", "created_at", "updated_at", "deleted_at",
    ];
    private static readonly string[] ProjectTag = ["id", "name", "color"];

    // core.md 8 "Task", "TaskAssignee", "TaskAssignment".
    private static readonly string[] Task =
    [
        "id", "title", "description", "project_id", "owner_id", "creator_id", "parent_id", "status", "status_name", "status_color",
        "priority", "priority_name", "start_date", "end_date", "completed_at", "assignees", "has_details", "created_at", "updated_at",
        "deleted_at",
    ];
    private static readonly string[] TaskAssignee = ["id", "firstname", "lastname", "email"];
    private static readonly string[] TaskAssignment = ["id", "task_id", "user_id"];

    // core.md 8 "ProjectViewer" and "ViewerProject".
    /// <summary>What incremental sync (issue 19) adds to a record that had neither.</summary>
    private static readonly string[] Synced = ["updated_at", "deleted_at"];
    private static readonly string[] ProjectViewer = ["id", "email", "firstname", "lastname", "status", "member_since", "projects"];
    private static readonly string[] ViewerProject = ["project_id", "project_name"];

    // core.md 8 "Contract".
    private static readonly string[] Contract =
    [
        "id", "contract_name", "project_id", "project_name", "project_icon", "user_id", "user_firstname", "user_lastname", "user_email",
        "user_role", "weekly_hours_limit", "screenshots", "screenshots_label", "rate", "rate_type", "currency", "status", "created_at",
        "updated_at",
    ];

    // time.md 6 "TimeEntry"; duration_seconds is this server's addition for exact sums.
    private static readonly string[] TimeEntry =
    [
        "id", "user_id", "contract_id", "project_id", "project_name", "task_id", "task_title", "activity_description", "method", "date",
        "start_time", "end_time", "duration_minutes",
    ];

    // time.md 6 "Timesheet" (union of A and B) and "DailyBreakdownItem".
    private static readonly string[] Timesheet =
    [
        "id", "user_id", "member", "date_from", "date_to", "total_minutes", "total_hours", "submitted_on", "reject_reason", "status",
        "total_amount", "daily_breakdown",
    ];
    private static readonly string[] DailyBreakdownItem = ["project_id", "project_name", "contract_id", "total_minutes", "total_amount"];

    // time.md 6 "TimeRequest" (B) and A's create answer; the spec asks to expose activity_description beside notes, and
    // time_entry_id (the entry an approval made) is this server's addition.
    private static readonly string[] TimeRequest =
    [
        "id", "user_id", "contract_id", "project_id", "task_id", "start", "end", "status", "notes", "comment", "updated_by", "created_at",
        "updated_at",
    ];
    private static readonly string[] TimeRequestAdditions = ["activity_description", "time_entry_id"];

    // hr-reports.md 7 "Leave", "LeaveBalance", "LeavePolicy".
    private static readonly string[] Leave =
    [
        "id", "user_id", "status", "note", "is_paid", "created_by", "approved_by", "rejected_by", "reject_reason", "start_date", "end_date",
        "created_on", "total", "policy_id", "policy_name",
    ];
    private static readonly string[] LeaveBalance = ["user_id", "user_name", "leave_information", "total_balance"];
    private static readonly string[] LeavePolicy =
    [
        "id", "name", "time_unit", "duration", "hours_per_day", "is_paid", "allow_negative_balance", "reason_required", "apply_to_future_members",
    ];

    // hr-reports.md 7 "Expense" and "ExpenseCategory".
    private static readonly string[] Expense = ["id", "member", "expense_date", "expense_name", "project", "category", "amount", "note", "type", "added_dte"];
    private static readonly string[] ExpenseCategory = ["id", "name"];

    // hr-reports.md 7 "Webhook".
    private static readonly string[] Webhook = ["id", "url", "events", "token"];

    [Fact]
    public async Task Core_records_carry_the_spec_fields()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var api = ws.Owner.Client;
        var (member, project, task, contract, viewer) =
            (objects.Ids["member"], objects.Ids["project"], objects.Ids["task"], objects.Ids["contract"], objects.Ids["viewer"]);

        var workspaces = (await api.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK).Data;
        AssertKeys("Workspace", workspaces.EnumerateArray().Single(w => w.GetProperty("id").GetInt64() == ws.Id), Workspace);

        AssertKeys("Member (list)", (await api.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK).Data[0], Member);
        AssertKeys("Member (get)", (await api.ApiGetAsync($"/api/v2/members/{member}?{ws.Q}")).Expect(HttpStatusCode.OK).Data, Member);
        AssertKeys("Member (update)", (await api.ApiPutAsync($"/api/v2/members/{member}?{ws.Q}", new { title = "Dev" })).Expect(HttpStatusCode.OK).Data, Member);
        // core.md 8 "InviteResult".
        AssertKeys("InviteResult", (await api.ApiPostAsync($"/api/v2/members?{ws.Q}", new
        {
            email = $"invitee-{Guid.NewGuid():N}@example.com", firstname = "New", lastname = "Person", role = Roles.RegularUser,
        })).Expect(HttpStatusCode.Created).Data, ["user_id", "invitation_link"]);

        await api.ApiPutAsync($"/api/v2/projects/{project}?{ws.Q}", new { tags = new[] { new { name = "Marketing", color = "#FF5733" } } });
        var projectJson = (await api.ApiGetAsync($"/api/v2/projects/{project}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        AssertKeys("Project (get)", projectJson, Project);
        AssertKeys("ProjectTag", projectJson.GetProperty("tags")[0], ProjectTag);
        AssertKeys("Project (list)", (await api.ApiGetAsync($"/api/v2/projects?{ws.Q}")).Expect(HttpStatusCode.OK).Data[0], Project);

        AssertKeys("TaskAssignment", (await api.ApiPostAsync($"/api/v2/tasks/{task}/assign/{member}?{ws.Q}", new { workspace_id = ws.Id }))
            .Expect(HttpStatusCode.OK).Data, TaskAssignment);
        var taskJson = (await api.ApiGetAsync($"/api/v2/tasks/{task}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        AssertKeys("Task (get)", taskJson, Task);
        AssertKeys("TaskAssignee", taskJson.GetProperty("assignees")[0], TaskAssignee);
        AssertKeys("Task (list)", (await api.ApiGetAsync($"/api/v2/tasks?{ws.Q}&project_id={project}")).Expect(HttpStatusCode.OK).Data[0], Task);
        AssertKeys("TaskAssignee (list)", (await api.ApiGetAsync($"/api/v2/tasks/{task}/assignees?{ws.Q}")).Expect(HttpStatusCode.OK).Data[0], TaskAssignee);

        await api.ApiPostAsync($"/api/v2/project-viewers/{viewer}/assign-project?{ws.Q}", new { project_id = long.Parse(project) });
        var viewerJson = (await api.ApiGetAsync($"/api/v2/project-viewers/{viewer}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        AssertKeys("ProjectViewer (get)", viewerJson, ProjectViewer, Synced);
        AssertKeys("ViewerProject", viewerJson.GetProperty("projects")[0], ViewerProject);
        AssertKeys("ProjectViewer (list)", (await api.ApiGetAsync($"/api/v2/project-viewers?{ws.Q}")).Expect(HttpStatusCode.OK).Data[0], ProjectViewer, Synced);

        AssertKeys("Contract (get)", (await api.ApiGetAsync($"/api/v2/contracts/{contract}?{ws.Q}")).Expect(HttpStatusCode.OK).Data, Contract, ["deleted_at"]);
        AssertKeys("Contract (list)", (await api.ApiGetAsync($"/api/v2/contracts?{ws.Q}")).Expect(HttpStatusCode.OK).Data[0], Contract, ["deleted_at"]);
    }

    [Fact]
    public async Task Time_records_carry_the_spec_fields()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var api = ws.Owner.Client;
        var member = long.Parse(objects.Ids["member"]);

        // time.md 6 "TrackerStartResult" (A .md fields, the newest example's user and project fields, task_title), "CurrentTrackerData",
        // "TrackerStopResult".
        AssertKeys("TrackerStartResult", (await api.ApiPostAsync("/api/v2/time-tracking/start", new
        {
            workspace_id = ws.Id, user_id = member, contract_id = long.Parse(objects.Ids["contract"]), task_id = long.Parse(objects.Ids["task"]),
        })).Expect(HttpStatusCode.OK).Data,
        [
            "message", "start_time", "contract_id", "project_id", "task_id", "activity_description", "user_id", "user_name", "user_email",
            "project_name", "task_title",
        ]);
        AssertKeys("CurrentTrackerData", (await api.ApiGetAsync($"/api/v2/time-tracking/current-data?{ws.Q}&user_id={member}")).Expect(HttpStatusCode.OK).Data,
            ["contract_id", "user_id", "activity_description", "task_id", "task_title", "total_minutes", "total_seconds", "date"]);
        AssertKeys("TrackerStopResult", (await api.ApiPostAsync("/api/v2/time-tracking/stop", new { workspace_id = ws.Id, user_id = member }))
            .Expect(HttpStatusCode.OK).Data, ["message", "stopped_at"]);

        AssertKeys("TimeEntry (list)", (await api.ApiGetAsync($"/api/v2/time-entries?{ws.Q}&user_id={member}&date=2026-01-02")).Expect(HttpStatusCode.OK).Data[0],
            TimeEntry, ["duration_seconds", .. Synced]);
        AssertKeys("TimeEntry (create)", (await api.ApiPostAsync($"/api/v2/time-entries?{ws.Q}", new
        {
            user_id = member, date = "2026-01-02", start_time = "15:00", end_time = "16:00",
        })).Expect(HttpStatusCode.Created).Data, TimeEntry, ["duration_seconds", .. Synced]);

        var sheet = SheetWithJan2((await api.ApiGetAsync($"/api/v2/timesheets?{ws.Q}&user_id={member}")).Expect(HttpStatusCode.OK).Data);
        AssertKeys("Timesheet", sheet, Timesheet, ["created_at", "updated_at"]);
        AssertKeys("Timesheet.member", sheet.GetProperty("member"), ["id", "firstname", "lastname", "email"]);
        AssertKeys("DailyBreakdownItem", sheet.GetProperty("daily_breakdown").GetProperty("2026-01-02")[0], DailyBreakdownItem);

        AssertKeys("TimeRequest (list)", Only(await api.ApiGetAsync($"/api/v2/time-requests?{ws.Q}&date_from=2026-01-01&date_to=2026-01-05")),
            TimeRequest, TimeRequestAdditions);
        AssertKeys("TimeRequest (get)", (await api.ApiGetAsync($"/api/v2/time-requests/{objects.Ids["time_request"]}?{ws.Q}")).Expect(HttpStatusCode.OK).Data,
            TimeRequest, TimeRequestAdditions);
        AssertKeys("TimeRequest (create, A)", (await api.ApiPostAsync($"/api/v2/time-requests?{ws.Q}", new
        {
            user_id = member, start = "2026-01-02T18:00:00Z", end = "2026-01-02T19:00:00Z",
        })).Expect(HttpStatusCode.Created).Data, ["id", "status"]);
    }

    [Fact]
    public async Task Hr_records_carry_the_spec_fields()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var api = ws.Owner.Client;

        var leave = (await api.ApiGetAsync($"/api/v2/leaves?{ws.Q}&id={objects.Ids["leave"]}")).Expect(HttpStatusCode.OK).Data[0];
        AssertKeys("Leave", leave, Leave, ["leave_period", "start_time", "end_time", "updated_at"]);
        AssertKeys("Leave.total", leave.GetProperty("total"), ["days", "hours"]);
        var balance = (await api.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&date_from=2026-01-01&date_to=2026-12-31")).Expect(HttpStatusCode.OK).Data[0];
        AssertKeys("LeaveBalance", balance, LeaveBalance);
        AssertKeys("LeaveBalance.leave_information", balance.GetProperty("leave_information")[0], ["leave_type", "balance"], ["policy_id"]);
        AssertKeys("LeavePolicy", (await api.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.OK).Data[0], LeavePolicy, ["updated_at"]);

        string[] expenseAdditions = ["user_id", "date", "project_id", "category_id", "currency", .. Synced];
        AssertKeys("Expense (list)", Only(await api.ApiGetAsync($"/api/v2/expenses?{ws.Q}")), Expense, expenseAdditions);
        AssertKeys("Expense (update)", (await api.ApiPutAsync($"/api/v2/expenses/{objects.Ids["expense"]}?{ws.Q}", new { note = "n" }))
            .Expect(HttpStatusCode.OK).Data, Expense, expenseAdditions);
        AssertKeys("ExpenseCategory", (await api.ApiGetAsync($"/api/v2/expenses/categories?{ws.Q}")).Expect(HttpStatusCode.OK).Data[0], ExpenseCategory, ["updated_at"]);

        string[] webhookAdditions = ["status", "disabled_reason", "created_at", "updated_at", "deleted_at"];
        var webhook = objects.Ids["webhook"];
        AssertKeys("Webhook (list)", Only(await api.ApiGetAsync($"/api/v2/webhooks?{ws.Q}")), Webhook, webhookAdditions);
        AssertKeys("Webhook (get)", (await api.ApiGetAsync($"/api/v2/webhooks/{webhook}?{ws.Q}")).Expect(HttpStatusCode.OK).Data, Webhook, webhookAdditions);
        AssertKeys("Webhook (create)", (await api.ApiPostAsync($"/api/v2/webhooks?{ws.Q}", new { url = "http://127.0.0.1:9/other", events = new[] { "project.created" } }))
            .Expect(HttpStatusCode.OK).Data, Webhook, webhookAdditions);
        // The delivery log is this server's extension (no spec record): its documented shape.
        var delivery = Only(await api.ApiGetAsync($"/api/v2/webhooks/{webhook}/deliveries?{ws.Q}"));
        AssertKeys("Delivery (extension)", delivery, [],
        [
            "id", "event", "event_id", "status", "attempts", "last_status_code", "last_error", "next_attempt_at", "created_at", "completed_at",
            "attempt_log",
        ]);
    }

    [Fact]
    public async Task Report_records_carry_the_spec_fields()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var api = ws.Owner.Client;
        var member = objects.Ids["member"];
        const string range = "start_date=2026-01-01&end_date=2026-01-05";

        // hr-reports.md 5: tracked-hours data, total and TrackedHoursRow (with rates: total_amount).
        var tracked = (await api.ApiGetAsync($"/api/v2/reports/tracked-hours?{ws.Q}&{range}")).Expect(HttpStatusCode.OK).Data;
        AssertKeys("TrackedHours", tracked, ["report_type", "start_date", "end_date", "total", "days"]);
        AssertKeys("TrackedHours.total", tracked.GetProperty("total"), ["total_minutes", "total_amount"]);
        AssertKeys("TrackedHoursRow", tracked.GetProperty("days").GetProperty("2026-01-02").GetProperty("users")[0],
            ["user_id", "project_id", "contract_id", "total_minutes", "total_amount", "user_name", "project_name"]);

        // hr-reports.md 5 daily-timeline.
        var timeline = (await api.ApiGetAsync($"/api/v2/reports/daily-timeline?{ws.Q}&date=2026-01-02")).Expect(HttpStatusCode.OK).Data;
        AssertKeys("Timeline", timeline, ["date", "users"]);
        var timelineUser = UserRow(timeline, member);
        AssertKeys("Timeline user", timelineUser,
            ["user_id", "user_name", "activity_level", "total_minutes", "total_amount", "time_entries"]);
        AssertKeys("Timeline entry", timelineUser.GetProperty("time_entries")[0],
        [
            "start_time", "end_time", "duration_minutes", "project_id", "project_name", "task_id", "task_title", "activity_description",
            "tracking_method", "activity_level", "total_amount", "currency",
        ]);

        // hr-reports.md 5 activity-level.
        var activity = (await api.ApiGetAsync($"/api/v2/reports/activity-level?{ws.Q}&{range}")).Expect(HttpStatusCode.OK).Data;
        AssertKeys("ActivityLevel", activity, ["start_date", "end_date", "overall", "users"]);
        AssertKeys("ActivityLevel.overall", activity.GetProperty("overall"), ["average_activity_level", "total_minutes", "active_minutes"]);
        var activityUser = UserRow(activity, member);
        AssertKeys("ActivityLevel user", activityUser, ["user_id", "user_name", "average_activity_level", "days"], ["total_minutes"]);
        AssertKeys("ActivityLevel day", activityUser.GetProperty("days")[0], ["date", "activity_level", "total_minutes"]);

        // hr-reports.md 5 daily-attendance.
        var attendance = (await api.ApiGetAsync($"/api/v2/reports/daily-attendance?{ws.Q}&date=2026-01-02")).Expect(HttpStatusCode.OK).Data;
        AssertKeys("Attendance", attendance, ["users"], ["date"]);
        AssertKeys("Attendance user", UserRow(attendance, member),
        [
            "user_id", "user_name", "statuses", "shift", "start_time", "end_time", "tracked_minutes", "break_minutes", "break_intervals",
            "late_minutes", "left_early_minutes", "productive_minutes", "late_reason",
        ]);

        // hr-reports.md 5 task-report.
        var tasks = (await api.ApiGetAsync($"/api/v2/reports/task-report?{ws.Q}&{range}")).Expect(HttpStatusCode.OK).Data;
        var taskUser = UserRow(tasks, member);
        AssertKeys("TaskReport user", taskUser, ["user_id", "user_name", "tasks_breakdown", "daily_breakdown"], ["total_minutes"]);
        AssertKeys("TaskReport task", taskUser.GetProperty("tasks_breakdown")[0], ["task_id", "task_title", "project_id", "project_name", "total_minutes"]);
        var taskDay = taskUser.GetProperty("daily_breakdown")[0];
        AssertKeys("TaskReport day", taskDay, ["date", "tasks", "total_minutes"]);
        AssertKeys("TaskReport day task", taskDay.GetProperty("tasks")[0], ["task_id", "task_title", "total_minutes"]);

        // hr-reports.md 5 activity-descriptions (inferred shape).
        var descriptions = (await api.ApiGetAsync($"/api/v2/reports/activity-descriptions?{ws.Q}&{range}")).Expect(HttpStatusCode.OK).Data;
        var descriptionUser = UserRow(descriptions, member);
        AssertKeys("Descriptions user", descriptionUser, ["user_id", "user_name", "descriptions"], ["total_minutes"]);
        AssertKeys("Description", descriptionUser.GetProperty("descriptions")[0],
            ["activity_description", "project_id", "task_id", "total_minutes"], ["project_name", "task_title"]);
    }

    /// <summary>
    /// conventions.md 2.2 and hr-reports.md 5: rate and money keys are omitted unless the caller may see rates; the Owner
    /// gets them, null where there is no value (no rate set, project not billable).
    /// </summary>
    [Fact]
    public async Task Rate_keys_are_absent_without_rate_visibility_and_null_for_the_owner()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var manager = await ws.AddMemberAsync(Roles.ExecutiveManager);
        var (member, project, contract) = (objects.Ids["member"], objects.Ids["project"], objects.Ids["contract"]);
        var reads = new (string Url, string[] Keys, Func<JsonElement, JsonElement> Pick)[]
        {
            ($"/api/v2/members/{member}?{ws.Q}", ["rate", "rate_type"], d => d),
            ($"/api/v2/members?{ws.Q}", ["rate", "rate_type"], d => d[0]),
            ($"/api/v2/projects/{project}?{ws.Q}", ["rate"], d => d),
            ($"/api/v2/contracts/{contract}?{ws.Q}", ["rate", "rate_type", "currency"], d => d),
            ($"/api/v2/contracts?{ws.Q}", ["rate", "rate_type", "currency"], d => d[0]),
            ($"/api/v2/timesheets?{ws.Q}&user_id={member}", ["total_amount"], SheetWithJan2),
            ($"/api/v2/timesheets?{ws.Q}&user_id={member}", ["total_amount"], d => SheetWithJan2(d).GetProperty("daily_breakdown").GetProperty("2026-01-02")[0]),
            ($"/api/v2/reports/tracked-hours?{ws.Q}&start_date=2026-01-01&end_date=2026-01-05", ["total_amount"], d => d.GetProperty("total")),
            ($"/api/v2/reports/tracked-hours?{ws.Q}&start_date=2026-01-01&end_date=2026-01-05", ["total_amount"],
                d => d.GetProperty("days").GetProperty("2026-01-02").GetProperty("users")[0]),
            ($"/api/v2/reports/daily-timeline?{ws.Q}&date=2026-01-02", ["total_amount"], d => UserRow(d, member)),
            ($"/api/v2/reports/daily-timeline?{ws.Q}&date=2026-01-02", ["total_amount", "currency"], d => UserRow(d, member).GetProperty("time_entries")[0]),
        };
        foreach (var (url, keys, pick) in reads)
        {
            var hidden = pick((await manager.Client.ApiGetAsync(url)).Expect(HttpStatusCode.OK).Data);
            var shown = pick((await ws.Owner.Client.ApiGetAsync(url)).Expect(HttpStatusCode.OK).Data);
            foreach (var key in keys)
            {
                Assert.False(hidden.TryGetProperty(key, out _), $"{url}: {key} shown without rate visibility");
                Assert.True(shown.TryGetProperty(key, out _), $"{url}: {key} missing for the Owner");
            }
        }
        // No rate anywhere yet, and the contract's project is not billable: the Owner's values are null.
        foreach (var (url, key) in new[]
                 {
                     ($"/api/v2/members/{member}?{ws.Q}", "rate"), ($"/api/v2/members/{member}?{ws.Q}", "rate_type"),
                     ($"/api/v2/projects/{project}?{ws.Q}", "rate"), ($"/api/v2/contracts/{contract}?{ws.Q}", "rate"),
                     ($"/api/v2/contracts/{contract}?{ws.Q}", "rate_type"), ($"/api/v2/contracts/{contract}?{ws.Q}", "currency"),
                 })
            Assert.Equal(JsonValueKind.Null, (await ws.Owner.Client.ApiGetAsync(url)).Data.GetProperty(key).ValueKind);

        // With a member rate, a timesheet's amounts follow the reports' rule: time without a contract at the member's rate.
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            db.Members.Single(m => m.WorkspaceId == ws.Id && m.UserId == long.Parse(member)).Rate = 40; // no API sets it
            await db.SaveChangesAsync();
        }
        var sheet = SheetWithJan2((await ws.Owner.Client.ApiGetAsync($"/api/v2/timesheets?{ws.Q}&user_id={member}")).Expect(HttpStatusCode.OK).Data);
        Assert.Equal(40m, sheet.GetProperty("total_amount").GetProperty("USD").GetDecimal());
        Assert.Equal(40m, sheet.GetProperty("daily_breakdown").GetProperty("2026-01-02")[0].GetProperty("total_amount").GetProperty("USD").GetDecimal());
    }
}
