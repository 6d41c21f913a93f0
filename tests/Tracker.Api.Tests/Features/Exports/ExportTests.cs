using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Api.Tests.Security;

namespace Tracker.Api.Tests.Features.Exports;

[Collection(SharedHost.Api)]
public class ExportTests(TrackerFactory factory)
{
    private static readonly string[] Files =
    [
        "workspace.jsonl", "members.jsonl", "projects.jsonl", "project_tags.jsonl", "project_viewers.jsonl", "tasks.jsonl",
        "task_assignees.jsonl", "contracts.jsonl", "time_entries.jsonl", "timesheets.jsonl", "time_requests.jsonl",
        "leave_policies.jsonl", "leave_requests.jsonl", "leave_balances.jsonl", "expense_categories.jsonl", "expenses.jsonl",
        "webhooks.jsonl", "manifest.json",
    ];

    [Fact]
    public async Task An_owner_downloads_a_zip_of_every_kind_of_record_with_a_manifest_that_counts_them()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);

        var response = await ws.Owner.Client.GetAsync($"/api/v2/exports?{ws.Q}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith($"tracker-export-{ws.Id}-", response.Content.Headers.ContentDisposition?.FileName);
        var files = await ExportArchive.ReadAsync(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(Files.Order(), files.Keys.Order());
        var manifest = JsonDocument.Parse(files["manifest.json"]).RootElement;
        Assert.Equal("tracker-export", manifest.GetProperty("format").GetString());
        Assert.Equal(1, manifest.GetProperty("format_version").GetInt32());
        Assert.False(string.IsNullOrEmpty(manifest.GetProperty("server_version").GetString()));
        Assert.Equal(ws.Id, manifest.GetProperty("workspace_id").GetInt64());
        Assert.True(manifest.GetProperty("rates_included").GetBoolean());
        foreach (var file in Files.SkipLast(1))
            Assert.Equal(ExportArchive.Lines(files[file]).Count, manifest.GetProperty("counts").GetProperty(file).GetInt32());

        var members = ExportArchive.Lines(files["members.jsonl"]);
        Assert.Equal(3, members.Count); // owner, the regular member, the invited project viewer
        var viewer = Assert.Single(members, m => m.GetProperty("role").GetString() == Roles.ProjectViewer);
        Assert.True(viewer.GetProperty("awaits_acceptance").GetBoolean());
        Assert.Equal(JsonValueKind.Null, viewer.GetProperty("timezone").ValueKind);
        var entry = Assert.Single(ExportArchive.Lines(files["time_entries.jsonl"]));
        Assert.Equal(objects.IdFor("time_entry_id"), entry.GetProperty("id").GetString());
        Assert.Equal("2026-01-02T09:00:00.000000Z", entry.GetProperty("started_at").GetString());
        Assert.Equal(objects.IdFor("timesheetId"), Assert.Single(ExportArchive.Lines(files["timesheets.jsonl"])).GetProperty("id").GetString());
        Assert.Equal(objects.IdFor("leaveId"), Assert.Single(ExportArchive.Lines(files["leave_requests.jsonl"])).GetProperty("id").GetString());
        Assert.Equal(objects.IdFor("expenseId"), Assert.Single(ExportArchive.Lines(files["expenses.jsonl"])).GetProperty("id").GetString());
        var hook = Assert.Single(ExportArchive.Lines(files["webhooks.jsonl"]));
        Assert.Equal(new[] { "member.invited" }, hook.EnumerateArrayOf("events"));
        Assert.False(hook.TryGetProperty("secret", out _));
        Assert.NotEmpty(ExportArchive.Lines(files["leave_policies.jsonl"]));
        Assert.NotEmpty(ExportArchive.Lines(files["expense_categories.jsonl"]));
        Assert.Single(ExportArchive.Lines(files["contracts.jsonl"]));
    }

    [Fact]
    public async Task No_secret_hash_or_token_and_nothing_of_another_workspace_is_in_the_export()
    {
        var ws = await factory.NewWorkspaceAsync();
        await WorkspaceObjects.CreateAsync(factory, ws);
        var other = await factory.NewWorkspaceAsync();
        var theirs = await WorkspaceObjects.CreateAsync(factory, other);
        // A member of both: their rows of the other workspace stay out too.
        var shared = await other.AddExistingUserAsync(ws.Owner, Roles.RegularUser);
        var theirEntry = await other.AddEntryAsync(shared.Id, new DateTime(2026, 1, 3, 9, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 1, 3, 11, 0, 0, DateTimeKind.Utc));

        string[] secrets;
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var userIds = db.Members.Where(m => m.WorkspaceId == ws.Id).Select(m => m.UserId);
            secrets =
            [
                .. await db.Webhooks.Where(w => w.WorkspaceId == ws.Id).Select(w => w.Secret).ToListAsync(),
                .. await db.Users.Where(u => userIds.Contains(u.Id) && u.PasswordHash != null).Select(u => u.PasswordHash!).ToListAsync(),
                .. await db.PersonalAccessTokens.Where(t => userIds.Contains(t.UserId)).Select(t => t.TokenHash).ToListAsync(),
                .. await db.Members.Where(m => m.WorkspaceId == ws.Id && m.InvitationTokenHash != null).Select(m => m.InvitationTokenHash!).ToListAsync(),
            ];
        }
        Assert.Contains(secrets, s => s.StartsWith("whsec_", StringComparison.Ordinal));
        Assert.True(secrets.Length >= 4, string.Join(", ", secrets));

        var response = await ws.Owner.Client.GetAsync($"/api/v2/exports?{ws.Q}");
        var text = string.Concat((await ExportArchive.ReadAsync(await response.Content.ReadAsByteArrayAsync())).Values);
        foreach (var secret in secrets.Append(ws.Owner.Token)) Assert.DoesNotContain(secret, text);
        foreach (var marker in theirs.Markers.Append(theirEntry)) Assert.DoesNotContain(marker, text);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("token", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_token_it_is_401_and_for_another_workspace_403()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        (await factory.ClientWith(null).ApiGetAsync($"/api/v2/exports?{ws.Q}")).Expect(HttpStatusCode.Unauthorized);
        var denied = (await ws.Owner.Client.ApiGetAsync($"/api/v2/exports?{other.Q}")).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("You do not have permission to access this workspace", denied.Message);
        (await ws.Owner.Client.ApiGetAsync("/api/v2/exports")).ExpectInvalid("workspace_id");
    }

    [Theory]
    [InlineData(Roles.ExecutiveManager, HttpStatusCode.OK)]
    [InlineData(Roles.TeamManager, HttpStatusCode.Forbidden)]
    [InlineData(Roles.ProjectManager, HttpStatusCode.Forbidden)]
    [InlineData(Roles.RegularUser, HttpStatusCode.Forbidden)]
    [InlineData(Roles.ProjectViewer, HttpStatusCode.Forbidden)]
    public async Task Only_owners_and_executive_managers_export(string role, HttpStatusCode expected)
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(role);
        var response = await member.Client.GetAsync($"/api/v2/exports?{ws.Q}");
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            // Without rate visibility the rates are left out, and the manifest says so.
            var files = await ExportArchive.ReadAsync(await response.Content.ReadAsByteArrayAsync());
            Assert.False(JsonDocument.Parse(files["manifest.json"]).RootElement.GetProperty("rates_included").GetBoolean());
        }
    }

    [Fact]
    public async Task A_token_without_the_admin_scope_gets_403_naming_it()
    {
        var ws = await factory.NewWorkspaceAsync();
        var api = await new OAuthDriver(factory).ClientCredentialsApiAsync(ws.Owner, "write");
        var denied = (await api.ApiGetAsync($"/api/v2/exports?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("This token lacks the 'admin' scope", denied.Message);
    }
}

/// <summary>Reads an export: each entry's text, and a JSON-lines file's rows.</summary>
public static class ExportArchive
{
    public static async Task<Dictionary<string, string>> ReadAsync(byte[] zip)
    {
        await using var archive = await ZipArchive.CreateAsync(new MemoryStream(zip), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null);
        var files = new Dictionary<string, string>();
        foreach (var entry in archive.Entries)
        {
            using var reader = new StreamReader(await entry.OpenAsync());
            files[entry.FullName] = await reader.ReadToEndAsync();
        }
        return files;
    }

    /// <summary>The same zip with one entry's text changed (for broken and newer files).</summary>
    public static async Task<byte[]> RewriteAsync(byte[] zip, string name, Func<string, string> change)
    {
        var files = await ReadAsync(zip);
        files[name] = change(files[name]);
        var output = new MemoryStream();
        await using (var archive = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null))
            foreach (var (file, text) in files)
            {
                await using var writer = new StreamWriter(await archive.CreateEntry(file).OpenAsync());
                await writer.WriteAsync(text);
            }
        return output.ToArray();
    }

    public static List<JsonElement> Lines(string jsonLines) =>
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    public static string[] EnumerateArrayOf(this JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
}
