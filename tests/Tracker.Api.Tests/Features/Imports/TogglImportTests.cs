using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Imports;

[Collection(SharedHost.Api)]
public class TogglImportTests(TrackerFactory factory)
{
    [Fact]
    public async Task A_toggl_export_creates_members_projects_tasks_and_entries_in_each_members_zone()
    {
        var ws = await factory.NewWorkspaceAsync();
        var jane = await ws.AddMemberAsync(Roles.RegularUser, timezone: "Europe/Berlin");
        var omar = $"omar-{Guid.NewGuid():N}@example.com";
        var csv = ImportClient.Fixture("toggl.csv").Replace("jane@example.com", jane.Email).Replace("omar.nunez@example.com", omar);

        var response = (await ws.Owner.Client.ImportAsync(ws, "toggl", csv)).Expect(HttpStatusCode.OK);
        var d = response.Data;
        Assert.Equal("toggl", d.GetProperty("source").GetString());
        Assert.False(d.GetProperty("dry_run").GetBoolean());
        Assert.Equal(6, d.GetProperty("rows").GetInt32());
        Assert.Equal(1, d.GetProperty("members_created").GetInt32());
        Assert.Equal(2, d.GetProperty("projects_created").GetInt32());
        Assert.Equal(2, d.GetProperty("tasks_created").GetInt32());
        Assert.Equal(4, d.GetProperty("entries_created").GetInt32());
        Assert.Equal(1, d.GetProperty("entries_skipped_duplicates").GetInt32());
        var error = Assert.Single(d.GetProperty("errors").EnumerateArray());
        Assert.Equal(8, error.GetProperty("line").GetInt32());
        Assert.Contains("Start date", error.GetProperty("message").GetString());

        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var entries = await db.TimeEntries.Where(e => e.WorkspaceId == ws.Id).OrderBy(e => e.StartedAt).ToListAsync();
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Equal(TimeEntryMethods.Imported, e.Method));
        var (dst, hero, midnight, omarEntry) = (entries[0], entries[1], entries[2], entries[3]);
        // Berlin, the night summer time ends: 01:30 CEST is 23:30 UTC; three hours later it is 03:30 CET.
        Assert.Equal(new DateTime(2025, 10, 25, 23, 30, 0), dst.StartedAt);
        Assert.Equal(new DateTime(2025, 10, 26, 2, 30, 0), dst.EndedAt);
        Assert.Equal("DST ends: 02:00-03:00 happens twice", dst.ActivityDescription);
        Assert.Equal(new DateTime(2025, 11, 3, 8, 0, 0), hero.StartedAt);
        Assert.Equal("Homepage \"hero\", first draft", hero.ActivityDescription);
        // Across midnight: one entry, 23:00 to 01:00 local.
        Assert.Equal(new DateTime(2025, 11, 3, 22, 0, 0), midnight.StartedAt);
        Assert.Equal(new DateTime(2025, 11, 4, 0, 0, 0), midnight.EndedAt);
        Assert.Equal("Ümlauts, émojis 🎉\nand a line break", omarEntry.ActivityDescription);

        var invited = await db.Members.Include(m => m.User).SingleAsync(m => m.WorkspaceId == ws.Id && m.User.Email == omar);
        Assert.Equal(MemberStatuses.Inactive, invited.Status);
        Assert.True(invited.AwaitsAcceptance);
        Assert.Null(invited.InvitationTokenHash);
        Assert.Equal("Omar", invited.InvitedFirstName);
        Assert.Equal("Núñez", invited.InvitedLastName);
        var website = await db.Projects.SingleAsync(p => p.WorkspaceId == ws.Id && p.Name == "Website");
        Assert.Equal("Acme GmbH", (await db.ProjectTags.SingleAsync(t => t.ProjectId == website.Id)).Name);
        var contract = await db.Contracts.SingleAsync(c => c.ProjectId == website.Id && c.UserId == jane.Id);
        Assert.Equal(100m, contract.Rate);
        Assert.Equal("EUR", contract.Currency);
    }

    [Fact]
    public async Task The_same_file_twice_creates_nothing_the_second_time()
    {
        var ws = await factory.NewWorkspaceAsync();
        var jane = await ws.AddMemberAsync(Roles.RegularUser, timezone: "Europe/Berlin");
        var csv = ImportClient.Fixture("toggl.csv").Replace("jane@example.com", jane.Email)
            .Replace("omar.nunez@example.com", $"omar-{Guid.NewGuid():N}@example.com");
        (await ws.Owner.Client.ImportAsync(ws, "toggl", csv)).Expect(HttpStatusCode.OK);

        var again = (await ws.Owner.Client.ImportRawAsync(ws, "toggl", csv)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(0, again.GetProperty("entries_created").GetInt32());
        Assert.Equal(5, again.GetProperty("entries_skipped_duplicates").GetInt32());
        Assert.Equal(0, again.GetProperty("members_created").GetInt32());
        Assert.Equal(0, again.GetProperty("projects_created").GetInt32());
        Assert.Equal(0, again.GetProperty("tasks_created").GetInt32());
        await using var scope = factory.Scope();
        Assert.Equal(4, await factory.Db(scope).TimeEntries.CountAsync(e => e.WorkspaceId == ws.Id));
    }
}
