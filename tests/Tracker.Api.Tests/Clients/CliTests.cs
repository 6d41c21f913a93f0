using System.Net;
using System.Text.Json;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Cli;

namespace Tracker.Api.Tests.Clients;

/// <summary>
/// The real <c>tracker</c> commands against the real server, in process. The class has its own host because it
/// moves the clock (a tracker that runs 90 minutes).
/// </summary>
public class CliTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    [Fact]
    public async Task Start_status_stop_log_and_report_track_90_minutes()
    {
        var ws = await factory.NewWorkspaceAsync();
        await ws.AssignAsync(ws.Owner.Id, "Website Redesign");
        using var cli = new CliRunner(factory, ws.Owner.Token);
        var day = factory.Clock.GetUtcNow().ToString("yyyy-MM-dd");

        var start = await cli.RunAsync("start", "--project", "website redesign", "--task", "Update homepage design", "--note", "Hero banner");
        Assert.Equal(TrackerCli.Ok, start.ExitCode);
        Assert.Contains("Started at", start.Output);
        Assert.Contains("Website Redesign / Update homepage design", start.Output);

        factory.Clock.Advance(TimeSpan.FromMinutes(90));
        var status = await cli.RunAsync("status", "--json");
        Assert.Equal(TrackerCli.Ok, status.ExitCode);
        Assert.True(status.Json.GetProperty("running").GetBoolean());
        Assert.Equal(90, status.Json.GetProperty("running_minutes").GetInt64());
        Assert.Equal(90, status.Json.GetProperty("today_minutes").GetInt64());
        Assert.Equal("Hero banner", status.Json.GetProperty("note").GetString());
        var human = await cli.RunAsync("status");
        Assert.Contains("for 1h 30m", human.Output);
        Assert.Contains("Today: 1h 30m", human.Output);

        Assert.Equal(TrackerCli.Ok, (await cli.RunAsync("stop")).ExitCode);
        var notRunning = await cli.RunAsync("status", "--json");
        Assert.False(notRunning.Json.GetProperty("running").GetBoolean());
        Assert.Equal(90, notRunning.Json.GetProperty("today_minutes").GetInt64());

        var log = await cli.RunAsync("log", "--today", "--json");
        Assert.Equal(TrackerCli.Ok, log.ExitCode);
        var entry = Assert.Single(log.Json.EnumerateArray());
        Assert.Equal(90, entry.GetProperty("minutes").GetInt64());
        Assert.Equal("Website Redesign", entry.GetProperty("project").GetString());
        Assert.Equal(day, entry.GetProperty("date").GetString());
        var table = await cli.RunAsync("log", "--from", day, "--to", day);
        Assert.Contains("Hero banner", table.Output);
        Assert.Contains("Total 1h 30m", table.Output);

        var report = await cli.RunAsync("report", "--week", "--by", "project", "--json");
        Assert.Equal(TrackerCli.Ok, report.ExitCode);
        Assert.Equal(90, report.Json.GetProperty("total_minutes").GetInt64());
        var row = Assert.Single(report.Json.GetProperty("rows").EnumerateArray());
        Assert.Equal("Website Redesign", row.GetProperty("name").GetString());
        Assert.Equal(90, row.GetProperty("minutes").GetInt64());
        var chart = await cli.RunAsync("report", "--from", day, "--to", day);
        Assert.Contains("█", chart.Output);
        Assert.Contains("1h 30m", chart.Output);
        var csv = await cli.RunAsync("report", "--today", "--csv");
        Assert.Equal(TrackerCli.Ok, csv.ExitCode);
        Assert.StartsWith("date,user_id,user_name,project_id,project_name", csv.Output);
        Assert.Contains($"{day},{ws.Owner.Id},", csv.Output);
    }

    [Fact]
    public async Task A_member_submits_a_timesheet_and_the_owner_approves_it()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        using var memberCli = new CliRunner(factory, member.Token);
        using var ownerCli = new CliRunner(factory, ws.Owner.Token);
        Assert.Equal(TrackerCli.Ok, (await memberCli.RunAsync("start", "--note", "Support")).ExitCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(TrackerCli.Ok, (await memberCli.RunAsync("stop")).ExitCode);

        var submit = await memberCli.RunAsync("timesheet", "submit", "--json");
        Assert.Equal(TrackerCli.Ok, submit.ExitCode);
        var sheetId = Assert.Single(submit.Json.GetProperty("submitted").EnumerateArray()).GetString()!;

        var pending = await ownerCli.RunAsync("approvals", "--json");
        var item = Assert.Single(pending.Json.EnumerateArray());
        Assert.Equal("timesheet", item.GetProperty("kind").GetString());
        Assert.Equal(sheetId, item.GetProperty("id").GetString());
        // A regular member may not decide (the API's 403, exit 1 with its message).
        var refused = await memberCli.RunAsync("approve", "timesheet", sheetId);
        Assert.Equal(TrackerCli.ApiError, refused.ExitCode);
        Assert.Contains("Error 403", refused.Output);

        var approve = await ownerCli.RunAsync("approve", "timesheet", sheetId, "--json");
        Assert.Equal(TrackerCli.Ok, approve.ExitCode);
        Assert.Equal("approved", approve.Json.GetProperty("status").GetString());
        Assert.Equal("approved", Assert.Single(await ws.TimesheetsAsync(member.Id), s => s.Id == sheetId).Status);
        Assert.Empty((await ownerCli.RunAsync("approvals", "--json")).Json.EnumerateArray());
    }

    [Fact]
    public async Task The_owner_rejects_a_time_request_with_a_reason()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var yesterday = factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(-1);
        var created = (await member.Client.ApiPostAsync("/api/v2/time-requests", new
        {
            workspace_id = ws.Id, user_id = member.Id, start = $"{yesterday:yyyy-MM-dd}T09:00:00+00:00", end = $"{yesterday:yyyy-MM-dd}T10:00:00+00:00",
            notes = "Forgot the tracker",
        })).Expect(HttpStatusCode.Created);
        var id = created.Data.GetProperty("id").GetString()!;
        using var cli = new CliRunner(factory, ws.Owner.Token);

        var pending = await cli.RunAsync("approvals");
        Assert.Contains("time-request", pending.Output);
        Assert.Contains(id, pending.Output);
        var reject = await cli.RunAsync("reject", "time-request", id, "--reason", "Not on that day");

        Assert.Equal(TrackerCli.Ok, reject.ExitCode);
        var read = (await ws.Owner.Client.ApiGetAsync($"/api/v2/time-requests/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("rejected", read.GetProperty("status").GetString());
        Assert.Equal(TrackerCli.ApiError, (await cli.RunAsync("approve", "time-request", id)).ExitCode); // decided already: 400
    }

    [Fact]
    public async Task Login_saves_the_server_token_and_workspace()
    {
        var ws = await factory.NewWorkspaceAsync();
        await factory.NewWorkspaceAsync(); // another workspace the owner is not in: not listed
        using var cli = new CliRunner(factory, token: null);

        Assert.Equal(TrackerCli.BadUsage, (await cli.RunAsync("workspaces")).ExitCode); // not signed in yet
        var login = await cli.RunAsync("login", "--server", "http://localhost", "--token", ws.Owner.Token, "--workspace", ws.Id.ToString());
        Assert.Equal(TrackerCli.Ok, login.ExitCode);
        Assert.Contains("1 workspace(s)", login.Output);
        var saved = JsonDocument.Parse(File.ReadAllText(CliConfig.PathIn(cli.ConfigFolder))).RootElement;
        Assert.Equal(ws.Id, saved.GetProperty("workspace_id").GetInt64());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CliConfig.PathIn(cli.ConfigFolder)));

        var workspaces = await cli.RunAsync("workspaces", "--json");
        var only = Assert.Single(workspaces.Json.EnumerateArray());
        Assert.Equal(ws.Owner.Id, only.GetProperty("user_id").GetInt64());
        var members = await cli.RunAsync("members");
        Assert.Contains(ws.Owner.Email, members.Output);

        var badToken = await cli.RunAsync("login", "--server", "http://localhost", "--token", "trk_pat_not-a-token");
        Assert.Equal(TrackerCli.ApiError, badToken.ExitCode);
        Assert.Contains("Error 401", badToken.Output);
    }

    [Fact]
    public async Task Bad_usage_exits_2_and_API_errors_exit_1_with_the_message()
    {
        var ws = await factory.NewWorkspaceAsync();
        using var cli = new CliRunner(factory, ws.Owner.Token);

        Assert.Equal(TrackerCli.BadUsage, (await cli.RunAsync("frobnicate")).ExitCode);
        Assert.Equal(TrackerCli.BadUsage, (await cli.RunAsync("reject", "timesheet", "x")).ExitCode); // --reason is required
        Assert.Equal(TrackerCli.BadUsage, (await cli.RunAsync("approve", "invoice", "1")).ExitCode);
        Assert.Equal(TrackerCli.BadUsage, (await cli.RunAsync("add", "--from", "9am", "--to", "10:00")).ExitCode);
        Assert.Equal(TrackerCli.BadUsage, (await cli.RunAsync("start", "--project", "No such project")).ExitCode);

        var stop = await cli.RunAsync("stop");
        Assert.Equal(TrackerCli.ApiError, stop.ExitCode);
        Assert.Contains("This user has no active time tracker.", stop.Output);
        var add = await cli.RunAsync("add", "--from", "10:00", "--to", "09:00");
        Assert.Equal(TrackerCli.ApiError, add.ExitCode);
        Assert.Contains("Error 422", add.Output);

        // With --json a failure is JSON too, with the status and the field errors.
        var failed = await cli.RunAsync("add", "--from", "10:00", "--to", "09:00", "--json");
        Assert.Equal(TrackerCli.ApiError, failed.ExitCode);
        var error = JsonDocument.Parse(failed.Output).RootElement;
        Assert.False(error.GetProperty("success").GetBoolean());
        Assert.Equal(422, error.GetProperty("status").GetInt32());
        Assert.NotEmpty(error.GetProperty("errors").EnumerateObject());
        var usage = JsonDocument.Parse((await cli.RunAsync("approve", "invoice", "1", "--json")).Output).RootElement;
        Assert.Equal(TrackerCli.BadUsage, usage.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public async Task Add_records_manual_time_that_log_shows()
    {
        var ws = await factory.NewWorkspaceAsync();
        await ws.AssignAsync(ws.Owner.Id, "Backoffice");
        using var cli = new CliRunner(factory, ws.Owner.Token);
        var yesterday = factory.Clock.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd");

        var add = await cli.RunAsync("add", "--from", "08:00", "--to", "08:45", "--date", yesterday, "--project", "Backoffice", "--note", "Invoices");
        Assert.Equal(TrackerCli.Ok, add.ExitCode);

        var log = await cli.RunAsync("log", "--from", yesterday, "--to", yesterday, "--json");
        var entry = Assert.Single(log.Json.EnumerateArray());
        Assert.Equal(45, entry.GetProperty("minutes").GetInt64());
        Assert.Equal("Backoffice", entry.GetProperty("project").GetString());
    }

    [Fact]
    public async Task Export_writes_the_workspace_zip_and_a_refusal_leaves_no_file()
    {
        var ws = await factory.NewWorkspaceAsync();
        await ws.AssignAsync(ws.Owner.Id, "Export me");
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        using var cli = new CliRunner(factory, ws.Owner.Token);
        var file = Path.Combine(cli.ConfigFolder, "out", "export.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var result = await cli.RunAsync("export", "--out", file, "--json");
        Assert.Equal(TrackerCli.Ok, result.ExitCode);
        Assert.Equal(2, result.Json.GetProperty("counts").GetProperty("members.jsonl").GetInt32());
        Assert.Equal(1, result.Json.GetProperty("counts").GetProperty("projects.jsonl").GetInt32());
        var files = await Features.Exports.ExportArchive.ReadAsync(await File.ReadAllBytesAsync(file));
        Assert.Contains("Export me", files["projects.jsonl"]);
        Assert.Contains("Exported", (await cli.RunAsync("export", "--out", file)).Output);

        using var memberCli = new CliRunner(factory, member.Token);
        var refused = Path.Combine(cli.ConfigFolder, "out", "refused.zip");
        var denied = await memberCli.RunAsync("export", "--out", refused);
        Assert.Equal(TrackerCli.ApiError, denied.ExitCode);
        Assert.Contains("Error 403", denied.Output);
        Assert.Equal(["export.zip"], Directory.GetFiles(Path.GetDirectoryName(file)!).Select(Path.GetFileName));
        Assert.Equal(TrackerCli.BadUsage, (await cli.RunAsync("export")).ExitCode);
    }
}
