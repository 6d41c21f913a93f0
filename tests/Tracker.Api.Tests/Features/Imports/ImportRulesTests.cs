using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Api.Tests.Security;

namespace Tracker.Api.Tests.Features.Imports;

/// <summary>Who may import, into which workspace, and what whole-file problems answer (never a 500, nothing written).</summary>
[Collection(SharedHost.Api)]
public class ImportRulesTests(TrackerFactory factory)
{
    private const string TogglHeader = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags";

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await factory.ClientWith(null).ImportAsync(ws, "toggl", TogglHeader)).Expect(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(Roles.TeamManager)]
    [InlineData(Roles.ProjectManager)]
    [InlineData(Roles.RegularUser)]
    [InlineData(Roles.ProjectViewer)]
    public async Task Only_owners_and_executive_managers_import(string role)
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(role);
        (await member.Client.ImportAsync(ws, "toggl", TogglHeader)).Expect(HttpStatusCode.Forbidden);
        var manager = await ws.AddMemberAsync(Roles.ExecutiveManager);
        (await manager.Client.ImportAsync(ws, "toggl", TogglHeader)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_without_the_admin_scope_gets_403()
    {
        var ws = await factory.NewWorkspaceAsync();
        var api = await new OAuthDriver(factory).ClientCredentialsApiAsync(ws.Owner, "read write");
        var denied = (await api.ImportAsync(ws, "toggl", TogglHeader))
            .Expect(HttpStatusCode.Forbidden);
        Assert.Equal("This token lacks the 'admin' scope", denied.Message);
    }

    [Fact]
    public async Task Another_workspace_is_403_and_its_people_stay_untouched()
    {
        var mine = await factory.NewWorkspaceAsync();
        var theirs = await factory.NewWorkspaceAsync();
        var outsider = await theirs.AddMemberAsync(Roles.RegularUser, timezone: "Asia/Tokyo");
        (await mine.Owner.Client.ImportAsync(theirs, "toggl", TogglHeader)).Expect(HttpStatusCode.Forbidden);

        // Their member's email in my file: my workspace gets an invited membership; their account and workspace are unchanged.
        var before = await WorkspaceObjects.SnapshotAsync(factory, theirs.Id);
        var csv = TogglHeader + $"\nRenamed Person,{outsider.Email},,Secret,,Mine,No,2025-11-03,09:00:00,2025-11-03,10:00:00,01:00:00,\n";
        var d = (await mine.Owner.Client.ImportAsync(mine, "toggl", csv)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal((1, 1), (d.GetProperty("members_created").GetInt32(), d.GetProperty("entries_created").GetInt32()));
        Assert.Equal(before, await WorkspaceObjects.SnapshotAsync(factory, theirs.Id));
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var account = await db.Users.SingleAsync(u => u.Id == outsider.Id);
        Assert.NotEqual("Renamed", account.FirstName);
        var membership = await db.Members.SingleAsync(m => m.WorkspaceId == mine.Id && m.UserId == outsider.Id);
        Assert.True(membership.AwaitsAcceptance);
        // Their own zone places the entry: 09:00 in Tokyo.
        Assert.Equal(new DateTime(2025, 11, 3, 0, 0, 0), (await db.TimeEntries.SingleAsync(e => e.WorkspaceId == mine.Id)).StartedAt);
    }

    [Theory]
    [InlineData(null, "The source field is required.")]
    [InlineData("kimai", "The source must be one of toggl, clockify, harvest, tracker.")]
    public async Task An_unknown_source_is_422(string? source, string message)
    {
        var ws = await factory.NewWorkspaceAsync();
        var url = $"/api/v2/imports?{ws.Q}" + (source is null ? "" : $"&source={source}");
        var refused = (await Http.SendAsync(ws.Owner.Client, new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(TogglHeader, Encoding.UTF8, "text/csv"),
        })).ExpectInvalid("source");
        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public async Task Missing_required_columns_are_named()
    {
        var ws = await factory.NewWorkspaceAsync();
        var refused = (await ws.Owner.Client.ImportAsync(ws, "toggl", "User,Project,Start date,Notes\nJane,Web,2025-11-03,x\n")).ExpectInvalid("file");
        Assert.Equal("The file lacks the required columns Email, Start time, Duration.", refused.Message);
        var harvest = (await ws.Owner.Client.ImportAsync(ws, "harvest", TogglHeader)).ExpectInvalid("file");
        Assert.Contains("Date, Hours, First Name, Last Name", harvest.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    public async Task An_empty_file_is_422(string content)
    {
        var ws = await factory.NewWorkspaceAsync();
        Assert.Equal("The file is empty.", (await ws.Owner.Client.ImportAsync(ws, "toggl", content)).ExpectInvalid("file").Message);
        Assert.Equal("The file is empty.", (await ws.Owner.Client.ImportRawAsync(ws, "clockify", content)).ExpectInvalid("file").Message);
    }

    [Fact]
    public async Task A_body_that_cannot_carry_a_file_is_422()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ImportRawAsync(ws, "toggl", "{}", "application/json")).ExpectInvalid("file");
        var form = new MultipartFormDataContent { { new StringContent("toggl"), "other" } };
        (await Http.SendAsync(ws.Owner.Client, new HttpRequestMessage(HttpMethod.Post, ImportClient.Url(ws, "toggl", false)) { Content = form }))
            .ExpectInvalid("file");
    }

    [Fact]
    public async Task A_semicolon_separated_file_is_422_saying_so()
    {
        var ws = await factory.NewWorkspaceAsync();
        var refused = (await ws.Owner.Client.ImportAsync(ws, "toggl", TogglHeader.Replace(',', ';') + "\nJane;j@example.com\n")).ExpectInvalid("file");
        Assert.Contains("comma-separated", refused.Message);
    }

    [Fact]
    public async Task A_truncated_quote_is_422_and_writes_nothing()
    {
        var ws = await factory.NewWorkspaceAsync();
        var good = $"Jane Doe,jane-{Guid.NewGuid():N}@example.com,,Web,,Fine,No,2025-11-03,09:00:00,2025-11-03,10:00:00,01:00:00,";
        var csv = $"{TogglHeader}\n{good}\n{good.Replace("Fine", "\"Cut short")}";
        var refused = (await ws.Owner.Client.ImportAsync(ws, "toggl", csv)).ExpectInvalid("file");
        Assert.Contains("line 3 is never closed", refused.Message);
        await AssertNothingWrittenAsync(ws);
    }

    [Fact]
    public async Task A_binary_file_is_422()
    {
        var ws = await factory.NewWorkspaceAsync();
        var bytes = new byte[4096];
        new Random(19).NextBytes(bytes);
        bytes[10] = 0;
        (await ws.Owner.Client.ImportAsync(ws, "toggl", bytes)).ExpectInvalid("file");
        var latin1 = Encoding.Latin1.GetBytes(TogglHeader + "\nJos\u00e9,jose@example.com,,Web,,Caf\u00e9,No,2025-11-03,09:00:00,2025-11-03,10:00:00,01:00:00,\n");
        Assert.Contains("UTF-8", (await ws.Owner.Client.ImportAsync(ws, "toggl", latin1)).ExpectInvalid("file").Message);
        await AssertNothingWrittenAsync(ws);
    }

    [Fact]
    public async Task A_100_MB_line_is_refused_after_the_first_MiB()
    {
        var ws = await factory.NewWorkspaceAsync();
        var content = new StreamContent(new HugeLineStream(TogglHeader + "\nJane,", 100L * 1024 * 1024));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var refused = (await Http.SendAsync(ws.Owner.Client, new HttpRequestMessage(HttpMethod.Post, ImportClient.Url(ws, "toggl", false)) { Content = content }))
            .ExpectInvalid("file");
        Assert.Equal("The row on line 2 is longer than 1024 KiB.", refused.Message);
        await AssertNothingWrittenAsync(ws);
    }

    [Fact]
    public async Task Bad_rows_are_listed_with_their_lines_and_good_rows_still_land()
    {
        var ws = await factory.NewWorkspaceAsync();
        var email = $"ana-{Guid.NewGuid():N}@example.com";
        string Row(string user, string mail, string date, string start, string duration, string description = "ok") =>
            $"{user},{mail},,Web,,{description},No,{date},{start},{date},10:00:00,{duration},";
        var csv = string.Join("\n",
            TogglHeader,
            Row("Ana Lima", email, "2025-11-03", "09:00:00", "01:00:00"),
            Row("Ana Lima", "not-an-email", "2025-11-03", "09:00:00", "01:00:00"),
            Row("Ana Lima", email, "2025-11-03", "9 o'clock", "01:00:00"),
            Row("Ana Lima", email, "2025-11-03", "09:00:00", "00:00:00"),
            Row("Ana Lima", email, "2025-11-03", "09:00:00", "200:00:00"),
            Row("Ana Lima", email, "2030-01-01", "09:00:00", "01:00:00"),
            Row("Ana Lima", email, "2025-11-04", "09:00:00", "01:00:00", "bell\u0007"),
            Row("Ana Lima", email, "2025-11-04", "09:00:00", "01:00:00", "a,b"),
            "",
            Row("Ana Lima", email, "2025-11-05", "09:00:00", "01:00:00"));
        var d = (await ws.Owner.Client.ImportAsync(ws, "toggl", csv)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(9, d.GetProperty("rows").GetInt32());
        Assert.Equal(2, d.GetProperty("entries_created").GetInt32());
        var errors = d.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("message").GetString()!)).ToList();
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], errors.Select(e => e.Item1));
        Assert.Contains("email", errors[0].Item2);
        Assert.Contains("Start time", errors[1].Item2);
        Assert.Contains("more than zero", errors[2].Item2);
        Assert.Contains("at most 168 hours", errors[3].Item2);
        Assert.Contains("future", errors[4].Item2);
        Assert.Contains("control characters", errors[5].Item2);
        Assert.Contains("must be quoted", errors[6].Item2);
    }

    private async Task AssertNothingWrittenAsync(TestWorkspace ws)
    {
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        Assert.False(await db.TimeEntries.AnyAsync(e => e.WorkspaceId == ws.Id));
        Assert.False(await db.Projects.AnyAsync(p => p.WorkspaceId == ws.Id));
        Assert.Equal(1, await db.Members.CountAsync(m => m.WorkspaceId == ws.Id));
    }

    /// <summary>A text file of <paramref name="prefix"/> then one line of 'a' up to <paramref name="length"/> bytes, made as it is read.</summary>
    private sealed class HugeLineStream(string prefix, long length) : Stream
    {
        private readonly byte[] _prefix = Encoding.UTF8.GetBytes(prefix);
        private long _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++, _position++)
                buffer[offset + i] = _position < _prefix.Length ? _prefix[_position] : (byte)'a';
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
