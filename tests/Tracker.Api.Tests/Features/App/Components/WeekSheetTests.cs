using System.Text;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Serialization.Json;
using Tracker.Api.Features.App;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Tests.Features.App.Components;

/// <summary>The week grid's data: the API's timesheet <c>daily_breakdown</c> read into day × project cells.</summary>
public class WeekSheetTests
{
    private static async Task<WeekSheet> SheetAsync(string json)
    {
        // The app's generated client registers these on construction; registering here keeps the test order-free.
        ApiClientBuilder.RegisterDefaultSerializer<JsonSerializationWriterFactory>();
        var node = await new JsonParseNodeFactory().GetRootParseNodeAsync("application/json", new MemoryStream(Encoding.UTF8.GetBytes(json)));
        return await WeekSheet.FromAsync(node.GetObjectValue(TimesheetResponse.CreateFromDiscriminatorValue));
    }

    [Fact]
    public async Task The_breakdown_becomes_cells_summed_by_day_project_and_week()
    {
        var week = await SheetAsync("""
            {"id":"ts_1","status":"submitted","daily_breakdown":{
              "2026-11-30":[{"project_id":10,"project_name":"Apollo","total_minutes":90},{"project_id":null,"total_minutes":30}],
              "2026-12-01":[{"project_id":10,"project_name":"Apollo","total_minutes":45}],
              "totals":[{"project_id":10,"total_minutes":999}]}}
            """);

        Assert.Equal(("ts_1", "submitted", false), (week.Id, week.Status, week.Locked));
        Assert.Equal(3, week.Cells.Count); // a key that is no date is not a day
        Assert.Equal("No project", week.Cells.Single(c => c.ProjectId is null).ProjectName);
        Assert.Equal(165, week.Minutes());
        Assert.Equal(120, week.Minutes(new DateOnly(2026, 11, 30)));
        Assert.Equal(135, week.Minutes(projectId: 10));
        Assert.Equal(45, week.Minutes(new DateOnly(2026, 12, 1), 10));
        Assert.Equal(0, week.Minutes(new DateOnly(2026, 12, 2)));
    }

    [Theory]
    [InlineData("approved", true)]
    [InlineData("rejected", false)]
    [InlineData("pending", false)]
    public async Task Only_an_approved_week_is_locked(string status, bool locked)
    {
        Assert.Equal(locked, (await SheetAsync($$"""{"id":"ts_2","status":"{{status}}"}""")).Locked);
    }

    [Fact]
    public async Task No_sheet_is_an_empty_pending_week()
    {
        var week = await WeekSheet.FromAsync(null);

        Assert.Equal((null, "pending", false, 0L), (week.Id, week.Status, week.Locked, week.Minutes()));
        Assert.Empty(week.Cells);
    }
}
