using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Imports;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Api.Tests.Security;

namespace Tracker.Api.Tests.Features.Exports;

/// <summary>
/// Export a seeded workspace, import it (<c>source=tracker</c>) into an empty workspace of a second, fresh server, and
/// the API answers the same for time entries and the tracked-hours report once ids are read as names and emails.
/// </summary>
[Collection(SharedHost.Api)]
public class RoundTripTests(TrackerFactory factory)
{
    private static readonly DateOnly From = new(2026, 1, 1), To = new(2026, 1, 5);

    [Fact]
    public async Task An_export_imported_on_a_fresh_server_answers_the_same_entries_and_reports_and_a_second_import_creates_nothing()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser, canSeeRates: true);
        await Seed(ws, member);
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var zip = await (await ws.Owner.Client.GetAsync($"/api/v2/exports?{ws.Q}")).Content.ReadAsByteArrayAsync();

        await using var fresh = new TrackerFactory();
        var target = await fresh.NewWorkspaceAsync();
        var dry = (await target.Owner.Client.ImportAsync(target, "tracker", zip, dryRun: true)).Expect(HttpStatusCode.OK).Data;
        Assert.Single(await MembersByEmail(target)); // the dry run wrote nothing

        var first = (await target.Owner.Client.ImportAsync(target, "tracker", zip)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("tracker", first.GetProperty("source").GetString());
        Assert.Equal(0, first.GetProperty("errors").GetArrayLength());
        Assert.Equal(4, first.GetProperty("members_created").GetInt32()); // owner, member, the objects' member and viewer
        Assert.Equal(5, first.GetProperty("entries_created").GetInt32());
        Assert.Equal(2, first.GetProperty("projects_created").GetInt32());
        foreach (var count in new[] { "rows", "members_created", "projects_created", "tasks_created", "entries_created" })
            Assert.Equal(first.GetProperty(count).GetInt32(), dry.GetProperty(count).GetInt32());

        var sourceMembers = await MembersByEmail(ws);
        var targetMembers = await MembersByEmail(target);
        var compared = 0;
        foreach (var (email, source) in sourceMembers)
        {
            var imported = targetMembers[email];
            Assert.Equal("inactive", imported.GetProperty("status").GetString()); // invited: cannot sign in until they accept
            Assert.Equal(source.GetProperty("firstname").GetString(), imported.GetProperty("firstname").GetString());
            for (var day = From; day <= To; day = day.AddDays(1))
            {
                var entries = await Entries(ws, source, day);
                Assert.Equal(entries, await Entries(target, imported, day));
                if (entries != "[]") compared++;
            }
        }
        Assert.Equal(5, compared); // the member's Jan 2, 3 (across midnight) and 5, the owner's Jan 4, the objects' member's Jan 2
        var report = await TrackedHours(ws);
        Assert.Contains("\"total\":{\"total_minutes\":350", report); // 95 + 120 + 30 + 45 + the objects' 60
        Assert.Equal(report, await TrackedHours(target));

        var hook = Assert.Single((await target.Owner.Client.ApiGetAsync($"/api/v2/webhooks?{target.Q}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        Assert.Equal("disabled", hook.GetProperty("status").GetString());
        var sourceHook = (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks/{objects.IdFor("webhookId")}?{ws.Q}")).Data;
        Assert.NotEqual(sourceHook.GetProperty("token").GetString(), hook.GetProperty("token").GetString());
        var expenses = (await target.Owner.Client.ApiGetAsync($"/api/v2/expenses?{target.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(1, expenses.GetArrayLength());

        var again = (await target.Owner.Client.ImportAsync(target, "tracker", zip)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(0, again.GetProperty("members_created").GetInt32());
        Assert.Equal(0, again.GetProperty("projects_created").GetInt32());
        Assert.Equal(0, again.GetProperty("tasks_created").GetInt32());
        Assert.Equal(0, again.GetProperty("entries_created").GetInt32());
        Assert.Equal(5, again.GetProperty("entries_skipped_duplicates").GetInt32());
        Assert.Equal(await TrackedHours(ws), await TrackedHours(target));
        Assert.Equal(1, (await target.Owner.Client.ApiGetAsync($"/api/v2/expenses?{target.Q}")).Data.GetArrayLength());
    }

    [Fact]
    public async Task A_file_that_is_not_an_export_is_422_and_a_broken_line_is_an_error_of_its_own()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ImportAsync(ws, "tracker", "not,a,zip\n1,2,3")).ExpectInvalid("file");

        var source = await factory.NewWorkspaceAsync();
        await source.AssignAsync(source.Owner.Id, "Broken lines");
        var zip = await (await source.Owner.Client.GetAsync($"/api/v2/exports?{source.Q}")).Content.ReadAsByteArrayAsync();
        var broken = await ExportArchive.RewriteAsync(zip, "projects.jsonl",
            text => text + "{\"id\": \"x\"}\n{not json\n" + text.Replace("Broken lines", "Broken\\u0000lines"));
        var answer = (await ws.Owner.Client.ImportAsync(ws, "tracker", broken)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(1, answer.GetProperty("projects_created").GetInt32());
        var errors = answer.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("projects.jsonl: ", e.GetProperty("message").GetString()));
        Assert.Equal([2, 3, 4], errors.Select(e => e.GetProperty("line").GetInt32()));
        Assert.EndsWith("must not contain control characters.", errors[2].GetProperty("message").GetString());
        Assert.DoesNotContain("Tracker.Api", answer.ToString());

        var newer = await ExportArchive.RewriteAsync(zip, "manifest.json", text => text.Replace("\"format_version\":1", "\"format_version\":99"));
        (await ws.Owner.Client.ImportAsync(ws, "tracker", newer)).ExpectInvalid("file");
    }

    [Fact]
    public async Task On_the_same_server_an_existing_account_is_invited_unchanged_and_the_exported_workspace_is_untouched()
    {
        var source = await factory.NewWorkspaceAsync();
        var member = await source.AddMemberAsync(Roles.RegularUser);
        await source.AssignAsync(member.Id, "Shared");
        var zip = await (await source.Owner.Client.GetAsync($"/api/v2/exports?{source.Q}")).Content.ReadAsByteArrayAsync();
        var before = await WorkspaceObjects.SnapshotAsync(factory, source.Id);
        var target = await factory.NewWorkspaceAsync();

        var answer = (await target.Owner.Client.ImportAsync(target, "tracker", zip)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(2, answer.GetProperty("members_created").GetInt32());
        Assert.Equal(before, await WorkspaceObjects.SnapshotAsync(factory, source.Id));
        var imported = (await MembersByEmail(target))[member.Email];
        Assert.Equal(member.Id, imported.GetProperty("id").GetInt64()); // the one global account, a new membership
        Assert.Equal("inactive", imported.GetProperty("status").GetString());
        // The person still works in the exported workspace as before, with their own token.
        (await member.Client.ApiGetAsync($"/api/v2/projects?{source.Q}")).Expect(HttpStatusCode.OK);
        await using var scope = factory.Scope();
        Assert.NotNull((await factory.Db(scope).Users.FindAsync(member.Id))!.PasswordHash); // the account was not touched
    }

    /// <summary>Entries on two projects and a task, one across midnight, with descriptions; a rate on the member's contract.</summary>
    private async Task Seed(TestWorkspace ws, TestUser member)
    {
        var web = await ws.AssignAsync(member.Id, "Website Redesign");
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var contract = await db.Contracts.FindAsync(web.ContractId);
        (contract!.Rate, contract.RateType, contract.Currency) = (40m, 1, "EUR");
        TimeEntry Entry(long user, DateTime start, int minutes, long? project, long? task, long? contractId, string? note) => new()
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = ws.Id, UserId = user, ProjectId = project, TaskId = task, ContractId = contractId,
            ActivityDescription = note, Method = TimeEntryMethods.Manual, StartedAt = start, EndedAt = start.AddMinutes(minutes), CreatedAt = start, UpdatedAt = start,
        };
        var day = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc);
        db.TimeEntries.AddRange(
            Entry(member.Id, day.AddHours(9), 95, web.ProjectId, web.TaskId, web.ContractId, "Hero banner, \"quoted\""),
            Entry(member.Id, day.AddHours(22.5), 120, web.ProjectId, null, web.ContractId, "Across midnight"),
            Entry(ws.Owner.Id, day.AddDays(2).AddHours(8), 30, null, null, null, null),
            Entry(member.Id, day.AddDays(3).AddHours(7), 45, web.ProjectId, web.TaskId, web.ContractId, "Ünïcødé ✓"));
        await db.SaveChangesAsync();
    }

    private static async Task<Dictionary<string, JsonElement>> MembersByEmail(TestWorkspace ws) =>
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}&per_page=100")).Expect(HttpStatusCode.OK).Data.EnumerateArray()
        .ToDictionary(m => m.GetProperty("email").GetString()!, m => m.Clone());

    /// <summary>One member's entries of one day, ids left out (they are the server's own).</summary>
    private static async Task<string> Entries(TestWorkspace ws, JsonElement member, DateOnly day)
    {
        var answer = (await ws.Owner.Client.ApiGetAsync(
            $"/api/v2/time-entries?{ws.Q}&user_id={member.GetProperty("id").GetInt64()}&date={day:yyyy-MM-dd}&per_page=50")).Expect(HttpStatusCode.OK);
        // updated_at is when the row last changed on this server (an import is a change, so syncing clients see it).
        return Without(answer.Data, "id", "user_id", "contract_id", "project_id", "task_id", "updated_at");
    }

    /// <summary>The tracked-hours report with members and projects named instead of numbered.</summary>
    private static async Task<string> TrackedHours(TestWorkspace ws)
    {
        var answer = (await ws.Owner.Client.ApiGetAsync(
            $"/api/v2/reports/tracked-hours?{ws.Q}&start_date={From:yyyy-MM-dd}&end_date={To:yyyy-MM-dd}")).Expect(HttpStatusCode.OK);
        var data = JsonNode.Parse(answer.Data.GetRawText())!.AsObject();
        Strip(data, ["user_id", "project_id", "contract_id"]);
        foreach (var (_, day) in data["days"]!.AsObject())
        {
            var users = day!["users"]!.AsArray();
            var sorted = users.Select(u => u!.DeepClone()).OrderBy(u => u.ToJsonString(), StringComparer.Ordinal).ToList();
            users.Clear();
            foreach (var u in sorted) users.Add(u);
        }
        return data.ToJsonString();
    }

    private static string Without(JsonElement element, params string[] keys)
    {
        var node = JsonNode.Parse(element.GetRawText())!;
        Strip(node, keys);
        return node.ToJsonString();
    }

    private static void Strip(JsonNode? node, string[] keys)
    {
        if (node is JsonObject o)
        {
            foreach (var key in keys) o.Remove(key);
            foreach (var (_, child) in o) Strip(child, keys);
        }
        else if (node is JsonArray a)
            foreach (var child in a) Strip(child, keys);
    }
}
