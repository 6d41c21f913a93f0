using System.Globalization;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Features.App;

/// <summary>
/// A week's timesheet as the API answers it: its status and its minutes per member-local day and project
/// (<c>daily_breakdown</c>, which the generated client keeps as untyped data).
/// </summary>
public sealed record WeekSheet(string? Id, string Status, IReadOnlyList<WeekCell> Cells)
{
    public static readonly WeekSheet Empty = new(null, "pending", []);

    /// <summary>Approved sheets are locked: the API refuses changes to their days.</summary>
    public bool Locked => Status == "approved";

    public long Minutes(DateOnly? day = null, long? projectId = null) =>
        Cells.Where(c => (day is null || c.Day == day) && (projectId is null || c.ProjectId == projectId)).Sum(c => c.Minutes);

    public static async Task<WeekSheet> FromAsync(TimesheetResponse? sheet)
    {
        if (sheet is null) return Empty;
        var cells = new List<WeekCell>();
        if (sheet.DailyBreakdown is { } breakdown)
        {
            using var json = JsonDocument.Parse(await KiotaJsonSerializer.SerializeAsStringAsync(breakdown));
            foreach (var day in json.RootElement.EnumerateObject())
            {
                if (!DateOnly.TryParseExact(day.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) continue;
                foreach (var item in day.Value.EnumerateArray())
                    cells.Add(new WeekCell(date, Long(item, "project_id"),
                        item.TryGetProperty("project_name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "No project",
                        Long(item, "total_minutes") ?? 0));
            }
        }
        return new WeekSheet(sheet.Id, sheet.Status ?? "pending", cells);
    }

    private static long? Long(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
}

public sealed record WeekCell(DateOnly Day, long? ProjectId, string ProjectName, long Minutes);
