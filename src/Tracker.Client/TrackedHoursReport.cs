using System.Text.Json;

namespace Tracker.Client;

/// <summary>One row of <c>GET /reports/tracked-hours</c>: a member's minutes on one project and contract on one day.</summary>
public sealed record TrackedHoursLine(
    string Date, long UserId, string UserName, long? ProjectId, string? ProjectName, int TotalMinutes,
    IReadOnlyDictionary<string, decimal>? TotalAmount);

/// <summary>
/// Reads the tracked-hours answer's per-day map (<c>data.days[date].users[]</c>). The document can only describe it
/// as an object keyed by date, so the generated model leaves it untyped; this is the one typed reader of it.
/// </summary>
public static class TrackedHoursReport
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The lines of the envelope as the server wrote it, day by day in date order.</summary>
    public static async Task<List<TrackedHoursLine>> ReadAsync(Stream envelope, CancellationToken ct = default)
    {
        var answer = await JsonSerializer.DeserializeAsync<Envelope>(envelope, Json, ct);
        return answer?.Data?.Days is not { } days ? []
            : days.OrderBy(d => d.Key, StringComparer.Ordinal)
                .SelectMany(d => d.Value.Users.Select(u => new TrackedHoursLine(
                    d.Key, u.UserId, u.UserName, u.ProjectId, u.ProjectName, u.TotalMinutes, u.TotalAmount)))
                .ToList();
    }

    private sealed record Envelope(Data? Data);
    private sealed record Data(Dictionary<string, Day>? Days);
    private sealed record Day(List<Row> Users);
    private sealed record Row(long UserId, string UserName, long? ProjectId, string? ProjectName, int TotalMinutes, Dictionary<string, decimal>? TotalAmount);
}
