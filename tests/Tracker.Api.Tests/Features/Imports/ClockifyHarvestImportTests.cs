using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Imports;

[Collection(SharedHost.Api)]
public class ClockifyHarvestImportTests(TrackerFactory factory)
{
    [Fact]
    public async Task Clockify_day_first_dates_and_12_hour_times_are_read_from_the_whole_file()
    {
        var ws = await factory.NewWorkspaceAsync();
        var jane = await ws.AddMemberAsync(Roles.RegularUser, canSeeRates: true, timezone: "Europe/Berlin");
        var lena = $"lena-{Guid.NewGuid():N}@example.com";
        var csv = ImportClient.Fixture("clockify-day-first.csv").Replace("jane@example.com", jane.Email).Replace("lena.schmidt@example.com", lena);

        var d = (await ws.Owner.Client.ImportAsync(ws, "clockify", csv)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(6, d.GetProperty("rows").GetInt32());
        Assert.Equal(4, d.GetProperty("entries_created").GetInt32());
        Assert.Equal(1, d.GetProperty("entries_skipped_duplicates").GetInt32());
        Assert.Equal(1, d.GetProperty("members_created").GetInt32());
        Assert.Equal(2, d.GetProperty("projects_created").GetInt32());
        Assert.Equal(2, d.GetProperty("tasks_created").GetInt32());
        var error = Assert.Single(d.GetProperty("errors").EnumerateArray());
        Assert.Equal(7, error.GetProperty("line").GetInt32());
        Assert.Contains("Start Time", error.GetProperty("message").GetString());

        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var starts = await db.TimeEntries.Where(e => e.WorkspaceId == ws.Id).OrderBy(e => e.StartedAt)
            .Select(e => new { e.StartedAt, e.EndedAt }).ToListAsync();
        // 30/03 proves day-first, so 03/11 is the 3rd of November, not the 11th of March.
        Assert.Equal(
        [
            (new DateTime(2025, 3, 30, 0, 30, 0), new DateTime(2025, 3, 30, 2, 30, 0)), // 01:30 CET to 04:30 CEST: two hours
            (new DateTime(2025, 11, 3, 8, 0, 0), new DateTime(2025, 11, 3, 9, 30, 0)),
            (new DateTime(2025, 11, 3, 22, 0, 0), new DateTime(2025, 11, 4, 0, 0, 0)), // 11 PM to 1 AM: one entry
            (new DateTime(2025, 11, 5, 13, 15, 0), new DateTime(2025, 11, 5, 14, 15, 0)), // Lena, new: the importer's zone (UTC)
        ], starts.Select(s => (s.StartedAt, s.EndedAt!.Value)).ToList());
        var contract = await db.Contracts.SingleAsync(c => c.WorkspaceId == ws.Id && c.UserId == jane.Id);
        Assert.Equal(85.50m, contract.Rate);
        Assert.Equal("EUR", contract.Currency);
    }

    [Fact]
    public async Task Clockify_month_first_dates_and_mixed_orders()
    {
        var ws = await factory.NewWorkspaceAsync();
        var jane = await ws.AddMemberAsync(Roles.RegularUser);
        var csv = ImportClient.Fixture("clockify-month-first.csv").Replace("jane@example.com", jane.Email);
        var d = (await ws.Owner.Client.ImportAsync(ws, "clockify", csv, dryRun: true)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(2, d.GetProperty("entries_created").GetInt32());
        Assert.Empty(d.GetProperty("errors").EnumerateArray());
        (await ws.Owner.Client.ImportAsync(ws, "clockify", csv)).Expect(HttpStatusCode.OK);
        await using (var scope = factory.Scope())
            Assert.Equal([new DateTime(2025, 11, 27, 14, 0, 0), new DateTime(2025, 12, 1, 7, 5, 0)],
                await factory.Db(scope).TimeEntries.Where(e => e.WorkspaceId == ws.Id).OrderBy(e => e.StartedAt).Select(e => e.StartedAt).ToListAsync());

        var mixed = csv + "Website,,Mixed,,Jane Doe,,x@example.com,,REGULAR,Yes,No,,27/11/2025,14:00:00,27/11/2025,15:00:00,01:00:00,1.00,,\n";
        var refused = (await ws.Owner.Client.ImportAsync(ws, "clockify", mixed)).ExpectInvalid("file");
        Assert.Contains("DD/MM/YYYY", refused.Message);
    }

    [Fact]
    public async Task Harvest_hours_are_placed_from_nine_in_the_morning_and_people_are_matched_by_name()
    {
        var ws = await factory.NewWorkspaceAsync();
        var jane = await ws.AddMemberAsync(Roles.RegularUser, canSeeRates: true, timezone: "Europe/Berlin");
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            await db.Users.Where(u => u.Id == jane.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.FirstName, "Jane").SetProperty(u => u.LastName, "Doe"));
        }
        var response = (await ws.Owner.Client.ImportAsync(ws, "harvest", ImportClient.Fixture("harvest.csv"))).Expect(HttpStatusCode.OK);
        Assert.Contains("from 09:00", response.Message);
        var d = response.Data;
        Assert.Equal(5, d.GetProperty("rows").GetInt32());
        Assert.Equal(3, d.GetProperty("entries_created").GetInt32());
        Assert.Equal(1, d.GetProperty("entries_skipped_duplicates").GetInt32());
        Assert.Equal(1, d.GetProperty("members_created").GetInt32());
        var error = Assert.Single(d.GetProperty("errors").EnumerateArray());
        Assert.Equal(6, error.GetProperty("line").GetInt32());
        Assert.Contains("Hours", error.GetProperty("message").GetString());

        await using var check = factory.Scope();
        var entries = await factory.Db(check).TimeEntries.Where(e => e.WorkspaceId == ws.Id).OrderBy(e => e.UserId).ThenBy(e => e.StartedAt).ToListAsync();
        Assert.Equal(3, entries.Count);
        Assert.Equal((jane.Id, new DateTime(2025, 11, 3, 8, 0, 0), new DateTime(2025, 11, 3, 10, 30, 0)), (entries[0].UserId, entries[0].StartedAt, entries[0].EndedAt!.Value));
        Assert.Equal((new DateTime(2025, 11, 3, 10, 30, 0), new DateTime(2025, 11, 3, 12, 0, 0)), (entries[1].StartedAt, entries[1].EndedAt!.Value));
        Assert.Equal("Wireframes, \"v2\" — ready", entries[0].ActivityDescription);
        Assert.Equal((new DateTime(2025, 11, 3, 9, 0, 0), TimeSpan.FromMinutes(15)), (entries[2].StartedAt, entries[2].EndedAt!.Value - entries[2].StartedAt));
        var pieter = await factory.Db(check).Members.Include(m => m.User).SingleAsync(m => m.UserId == entries[2].UserId && m.WorkspaceId == ws.Id);
        Assert.EndsWith("@import.invalid", pieter.User.Email);
        Assert.Equal(("Pieter", "de Vries"), (pieter.InvitedFirstName, pieter.InvitedLastName));
        var contract = await factory.Db(check).Contracts.SingleAsync(c => c.WorkspaceId == ws.Id && c.UserId == jane.Id);
        Assert.Equal((1200m, "EUR"), (contract.Rate, contract.Currency));

        var again = (await ws.Owner.Client.ImportAsync(ws, "harvest", ImportClient.Fixture("harvest.csv"))).Expect(HttpStatusCode.OK).Data;
        Assert.Equal((0, 4, 0), (again.GetProperty("entries_created").GetInt32(), again.GetProperty("entries_skipped_duplicates").GetInt32(),
            again.GetProperty("members_created").GetInt32()));
    }

    [Fact]
    public async Task A_dry_run_answers_the_same_and_writes_nothing()
    {
        var ws = await factory.NewWorkspaceAsync();
        var jane = await ws.AddMemberAsync(Roles.RegularUser, timezone: "Europe/Berlin");
        var csv = ImportClient.Fixture("toggl.csv").Replace("jane@example.com", jane.Email)
            .Replace("omar.nunez@example.com", $"omar-{Guid.NewGuid():N}@example.com");
        var before = await Security.WorkspaceObjects.SnapshotAsync(factory, ws.Id);
        var dry = (await ws.Owner.Client.ImportAsync(ws, "toggl", csv, dryRun: true)).Expect(HttpStatusCode.OK);
        Assert.StartsWith("Dry run", dry.Message);
        Assert.Equal(before, await Security.WorkspaceObjects.SnapshotAsync(factory, ws.Id));
        var real = (await ws.Owner.Client.ImportAsync(ws, "toggl", csv)).Expect(HttpStatusCode.OK);
        Assert.True(dry.Data.GetProperty("dry_run").GetBoolean());
        foreach (var field in new[] { "rows", "members_created", "projects_created", "tasks_created", "entries_created", "entries_skipped_duplicates" })
            Assert.Equal(real.Data.GetProperty(field).GetInt32(), dry.Data.GetProperty(field).GetInt32());
        Assert.Equal(real.Data.GetProperty("errors").GetRawText(), dry.Data.GetProperty("errors").GetRawText());
    }
}
