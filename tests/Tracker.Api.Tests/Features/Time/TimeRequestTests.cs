using System.Net;
using System.Text.Json;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Time;

public class TimeRequestTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Path = "/api/v2/time-requests";

    /// <summary>Moves the clock to noon UTC of a fresh day and returns the (fully past) day before it.</summary>
    private DateTime FreshPastDay()
    {
        var noon = factory.Now().Date.AddDays(2).AddHours(12);
        factory.Clock.SetUtcNow(noon);
        return noon.Date.AddDays(-1);
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'");

    private async Task<string> CreateAsync(TestWorkspace ws, TestUser who, long userId, DateTime start, DateTime end, long? contractId = null, long? taskId = null)
    {
        var created = (await who.Client.ApiPostAsync(Path, new
        {
            workspace_id = ws.Id, user_id = userId, contract_id = contractId, task_id = taskId, start = Iso(start), end = Iso(end),
            activity_description = "Worked on feature implementation",
        })).Expect(HttpStatusCode.Created);
        return created.Data.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Create_get_approve_creates_the_entry_once()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var day = FreshPastDay();

        var created = (await member.Client.ApiPostAsync(Path, new
        {
            workspace_id = ws.Id, user_id = member.Id, contract_id = a.ContractId, task_id = a.TaskId,
            start = Iso(day.AddHours(9)), end = Iso(day.AddHours(17)), notes = "Working on project documentation",
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("Time request created successfully", created.Message);
        Assert.Equal("pending", created.Data.GetProperty("status").GetString());
        var id = created.Data.GetProperty("id").GetString()!;
        Assert.Empty(await ws.EntriesAsync(member.Id));

        var got = (await member.Client.ApiGetAsync($"{Path}/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(id, got.GetProperty("id").GetString());
        Assert.Equal(member.Id, got.GetProperty("user_id").GetInt64());
        Assert.Equal(a.ContractId, got.GetProperty("contract_id").GetInt64());
        Assert.Equal(a.ProjectId, got.GetProperty("project_id").GetInt64());
        Assert.Equal(a.TaskId, got.GetProperty("task_id").GetInt64());
        Assert.Equal(day.AddHours(9), got.GetProperty("start").GetDateTime().ToUniversalTime());
        Assert.Equal(day.AddHours(17), got.GetProperty("end").GetDateTime().ToUniversalTime());
        Assert.Equal("Working on project documentation", got.GetProperty("notes").GetString());
        Assert.Equal(JsonValueKind.Null, got.GetProperty("comment").ValueKind);
        Assert.Equal(JsonValueKind.Null, got.GetProperty("updated_by").ValueKind);
        Assert.Equal(factory.Now(), got.GetProperty("created_at").GetDateTime().ToUniversalTime());

        (await member.Client.ApiPostAsync($"{Path}/{id}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.Forbidden);
        var approved = (await ws.Owner.Client.ApiPostAsync($"{Path}/{id}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal("Time request approved successfully", approved.Message);
        Assert.Equal("approved", approved.Data.GetProperty("status").GetString());
        Assert.Equal(ws.Owner.Id, approved.Data.GetProperty("updated_by").GetInt64());
        var entry = Assert.Single(await ws.EntriesAsync(member.Id));
        Assert.Equal((day.AddHours(9), day.AddHours(17)), (entry.StartedAt, entry.EndedAt!.Value));
        Assert.Equal((a.ContractId, a.ProjectId, a.TaskId), (entry.ContractId!.Value, entry.ProjectId!.Value, entry.TaskId!.Value));
        Assert.Equal("Manually added time", entry.Method);
        Assert.Equal("Working on project documentation", entry.ActivityDescription);
        Assert.Equal(entry.Id, approved.Data.GetProperty("time_entry_id").GetString());
        Assert.Single(await ws.EventsAsync("time_request.approved"));

        var again = (await ws.Owner.Client.ApiPostAsync($"{Path}/{id}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("not pending", again.Message);
        (await ws.Owner.Client.ApiPostAsync($"{Path}/{id}/reject", new { workspace_id = ws.Id, comment = "late" })).Expect(HttpStatusCode.BadRequest);
        Assert.Single(await ws.EntriesAsync(member.Id));
    }

    [Fact]
    public async Task Concurrent_approvals_add_the_time_once()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var day = FreshPastDay();
        var id = await CreateAsync(ws, member, member.Id, day.AddHours(9), day.AddHours(10));
        var clients = Enumerable.Range(0, 8).Select(_ => factory.ClientWith(ws.Owner.Token)).ToList();
        var answers = await Task.WhenAll(clients.Select(c => c.ApiPostAsync($"{Path}/{id}/approve", new { workspace_id = ws.Id })));
        Assert.Equal(1, answers.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(answers.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Contains(r.Status, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict }));
        Assert.Single(await ws.EntriesAsync(member.Id));
        Assert.Single(await ws.EventsAsync("time_request.approved"));
    }

    [Fact]
    public async Task Reject_needs_a_comment_and_overlaps_are_refused()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var day = FreshPastDay();
        await ws.AddEntryAsync(member.Id, day.AddHours(12), day.AddHours(13));
        var overlap = (await member.Client.ApiPostAsync(Path, new { workspace_id = ws.Id, user_id = member.Id, start = Iso(day.AddHours(11)), end = Iso(day.AddHours(12).AddMinutes(30)) }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Contains("overlaps", overlap.Message);

        var first = await CreateAsync(ws, member, member.Id, day.AddHours(9), day.AddHours(11));
        var second = await CreateAsync(ws, ws.Owner, member.Id, day.AddHours(10), day.AddHours(11));
        (await ws.Owner.Client.ApiPostAsync($"{Path}/{first}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        // The second overlaps time added since it was requested.
        (await ws.Owner.Client.ApiPostAsync($"{Path}/{second}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.BadRequest);

        (await ws.Owner.Client.ApiPostAsync($"{Path}/{second}/reject", new { workspace_id = ws.Id })).ExpectInvalid("comment");
        (await member.Client.ApiPostAsync($"{Path}/{second}/reject", new { workspace_id = ws.Id, comment = "no" })).Expect(HttpStatusCode.Forbidden);
        var rejected = (await ws.Owner.Client.ApiPostAsync($"{Path}/{second}/reject", new { workspace_id = ws.Id, comment = "Time entry conflicts with project schedule" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Time request rejected successfully", rejected.Message);
        Assert.Equal("rejected", rejected.Data.GetProperty("status").GetString());
        Assert.Equal("Time entry conflicts with project schedule", rejected.Data.GetProperty("comment").GetString());
        Assert.Equal(ws.Owner.Id, rejected.Data.GetProperty("updated_by").GetInt64());
        (await ws.Owner.Client.ApiPostAsync($"{Path}/{second}/approve", new { workspace_id = ws.Id })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(2, (await ws.EntriesAsync(member.Id)).Count);
        Assert.Single(await ws.EventsAsync("time_request.rejected"));
    }

    [Fact]
    public async Task Create_validation_roles_and_tenancy()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var colleague = await ws.AddMemberAsync(Roles.RegularUser);
        var other = await factory.NewWorkspaceAsync();
        var stranger = await other.AddMemberAsync(Roles.RegularUser);
        var foreign = await other.AssignAsync(stranger.Id);
        var day = FreshPastDay();
        var ok = new { workspace_id = ws.Id, user_id = (long?)member.Id, contract_id = (long?)null, start = (string?)Iso(day.AddHours(9)), end = (string?)Iso(day.AddHours(10)) };

        (await member.Client.ApiPostAsync(Path, ok with { user_id = null })).ExpectInvalid("user_id");
        (await member.Client.ApiPostAsync(Path, ok with { start = null })).ExpectInvalid("start");
        (await member.Client.ApiPostAsync(Path, ok with { end = null })).ExpectInvalid("end");
        (await member.Client.ApiPostAsync(Path, ok with { start = "yesterday" })).ExpectInvalid("start");
        (await member.Client.ApiPostAsync(Path, ok with { end = Iso(day.AddHours(8)) })).ExpectInvalid("end");
        (await member.Client.ApiPostAsync(Path, ok with { end = Iso(day.AddHours(34)) })).ExpectInvalid("end");
        (await member.Client.ApiPostAsync(Path, ok with { start = Iso(day.AddDays(1).AddHours(11)), end = Iso(day.AddDays(1).AddHours(13)) })).ExpectInvalid("end");
        (await member.Client.ApiPostAsync(Path, ok with { contract_id = foreign.ContractId })).Expect(HttpStatusCode.NotFound);
        (await member.Client.ApiPostAsync(Path, ok with { user_id = colleague.Id })).Expect(HttpStatusCode.Forbidden);
        (await ws.Owner.Client.ApiPostAsync(Path, ok with { user_id = stranger.Id })).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiPostAsync(Path, ok)).Expect(HttpStatusCode.Forbidden);
        var range = $"date_from={TimeFixtures.Day(day)}&date_to={TimeFixtures.Day(day)}";
        Assert.Empty((await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());

        var id = await CreateAsync(ws, member, member.Id, day.AddHours(9), day.AddHours(10));
        (await other.Owner.Client.ApiGetAsync($"{Path}/{id}?{other.Q}")).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiPostAsync($"{Path}/{id}/approve", new { workspace_id = other.Id })).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiPostAsync($"{Path}/{id}/reject", new { workspace_id = other.Id, comment = "x" })).Expect(HttpStatusCode.NotFound);
        (await colleague.Client.ApiGetAsync($"{Path}/{id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        Assert.Equal("pending", (await ws.Owner.Client.ApiGetAsync($"{Path}/{id}?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetProperty("status").GetString());
        Assert.Empty(await ws.EntriesAsync(member.Id));
    }

    [Fact]
    public async Task List_requires_a_date_range_and_filters()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var colleague = await ws.AddMemberAsync(Roles.RegularUser);
        var a = await ws.AssignAsync(member.Id);
        var day = FreshPastDay();
        var mine = await CreateAsync(ws, member, member.Id, day.AddHours(9), day.AddHours(10), a.ContractId);
        var theirs = await CreateAsync(ws, colleague, colleague.Id, day.AddHours(9), day.AddHours(10));
        var earlier = await CreateAsync(ws, member, member.Id, day.AddDays(-3).AddHours(9), day.AddDays(-3).AddHours(10));
        (await ws.Owner.Client.ApiPostAsync($"{Path}/{earlier}/reject", new { workspace_id = ws.Id, comment = "no" })).Expect(HttpStatusCode.OK);
        var range = $"date_from={TimeFixtures.Day(day.AddDays(-5))}&date_to={TimeFixtures.Day(day)}";

        var all = (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}&per_page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, all.Pagination.GetProperty("total").GetInt32());
        Assert.Equal(2, all.Pagination.GetProperty("last_page").GetInt32());
        Assert.Equal(2, all.Data.GetArrayLength());
        IEnumerable<string> Ids(ApiResponse r) => r.Data.EnumerateArray().Select(x => x.GetProperty("id").GetString()!);
        Assert.Equal([earlier], Ids((await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}&status=rejected")).Expect(HttpStatusCode.OK)));
        Assert.Equal([mine], Ids((await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}&project_id={a.ProjectId}")).Expect(HttpStatusCode.OK)));
        Assert.Equal([theirs], Ids((await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}&user_id={colleague.Id}")).Expect(HttpStatusCode.OK)));
        Assert.Equal([theirs], Ids((await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}&id={theirs}")).Expect(HttpStatusCode.OK)));
        var oneDay = Ids((await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&date_from={TimeFixtures.Day(day)}&date_to={TimeFixtures.Day(day)}")).Expect(HttpStatusCode.OK));
        Assert.Equal(new[] { mine, theirs }.Order(), oneDay.Order());
        // Members see their own requests only.
        Assert.Equal(new[] { mine, earlier }.Order(), Ids((await member.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}")).Expect(HttpStatusCode.OK)).Order());

        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&date_to={TimeFixtures.Day(day)}")).ExpectInvalid("date_from");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&date_from={TimeFixtures.Day(day)}")).ExpectInvalid("date_to");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&date_from=2026-02-01&date_to=2026-01-01")).ExpectInvalid("date_to");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&date_from=01/02/2026&date_to=2026-01-01")).ExpectInvalid("date_from");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}&status=open")).ExpectInvalid("status");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}&user_id=me")).ExpectInvalid("user_id");
        (await ws.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}&page=0")).ExpectInvalid("page");
        var other = await factory.NewWorkspaceAsync();
        Assert.Empty((await other.Owner.Client.ApiGetAsync($"{Path}?{other.Q}&{range}&id={mine}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        (await other.Owner.Client.ApiGetAsync($"{Path}?{ws.Q}&{range}")).Expect(HttpStatusCode.Forbidden);
    }
}
