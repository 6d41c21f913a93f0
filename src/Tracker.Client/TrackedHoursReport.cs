using System.Text.Json;

namespace Tracker.Client;

/// <summary>
/// A sum of the report's rows by day (<see cref="Name"/> the date, no id), member or project (null: time without one):
/// minutes, and amounts per currency when the API shows them.
/// </summary>
public sealed record TrackedHoursSum(long? Id, string? Name, int TotalMinutes, IReadOnlyDictionary<string, decimal>? TotalAmount);

/// <summary>
/// The report's sums (<c>group_by</c>): the total over the range, the groupings asked for (empty when not asked), and
/// how many members have time (<see cref="Users"/>; <see cref="ByUser"/> is one page of them, most time first), and the
/// range's average activity (null: none of its time has a level) and active minutes.
/// </summary>
public sealed record TrackedHoursSums(
    int TotalMinutes, IReadOnlyDictionary<string, decimal>? TotalAmount,
    List<TrackedHoursSum> ByDay, List<TrackedHoursSum> ByUser, List<TrackedHoursSum> ByProject, int Users, int LastPage,
    int? ActivityLevel = null, int ActiveMinutes = 0);

/// <summary>
/// Reads the tracked-hours report's sums. Their amounts (objects keyed by currency) can only be described as open
/// objects, so the generated model leaves them untyped; this is the one typed reader of them.
/// </summary>
public static class TrackedHoursReport
{
    /// <summary>A <c>group_by</c> value: sums per day of the range.</summary>
    public const string ByDay = "day";
    /// <summary>A <c>group_by</c> value: sums per member (paged).</summary>
    public const string ByUser = "user";
    /// <summary>A <c>group_by</c> value: sums per project.</summary>
    public const string ByProject = "project";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// The report summed by the server (<c>group_by</c>: <see cref="ByDay"/>, <see cref="ByUser"/>, <see cref="ByProject"/>)
    /// instead of every row: a month of a large workspace is a few kilobytes rather than megabytes. The members' sums
    /// come a page at a time (<paramref name="page"/>, <paramref name="perPage"/> up to 100).
    /// </summary>
    public static async Task<TrackedHoursSums> SumsAsync(TrackerClient client, long workspaceId, DateOnly from, DateOnly to,
        string[] groupBy, int page = 1, int perPage = 30, CancellationToken ct = default)
    {
        var request = client.V2.Reports.TrackedHours.ToGetRequestInformation(q =>
        {
            (q.QueryParameters.WorkspaceId, q.QueryParameters.StartDate, q.QueryParameters.EndDate) = (workspaceId, from.ToApiDate(), to.ToApiDate());
            (q.QueryParameters.GroupBy, q.QueryParameters.Page, q.QueryParameters.PerPage) = (string.Join(',', groupBy), page, perPage);
        });
        await using var stream = await client.Adapter.SendPrimitiveAsync<Stream>(request, cancellationToken: ct)
                                 ?? throw new TrackerApiException(500, "The report was empty.", new Dictionary<string, string[]>());
        var answer = await JsonSerializer.DeserializeAsync<Envelope>(stream, Json, ct);
        var data = answer?.Data;
        return new TrackedHoursSums(data?.Total?.TotalMinutes ?? 0, data?.Total?.TotalAmount,
            [.. (data?.ByDay ?? []).Select(d => new TrackedHoursSum(null, d.Date, d.TotalMinutes, d.TotalAmount))],
            [.. (data?.ByUser ?? []).Select(u => new TrackedHoursSum(u.UserId, u.UserName, u.TotalMinutes, u.TotalAmount))],
            [.. (data?.ByProject ?? []).Select(p => new TrackedHoursSum(p.ProjectId, p.ProjectName, p.TotalMinutes, p.TotalAmount))],
            answer?.Meta?.Pagination?.Total ?? data?.ByUser?.Count ?? 0, answer?.Meta?.Pagination?.LastPage ?? 1,
            data?.Activity?.ActivityLevel, data?.Activity?.ActiveMinutes ?? 0);
    }

    private sealed record Envelope(Data? Data, Meta? Meta);
    private sealed record Meta(Pagination? Pagination);
    private sealed record Pagination(int Total, int LastPage);
    private sealed record Data(Total? Total, List<DaySum>? ByDay, List<UserSum>? ByUser, List<ProjectSum>? ByProject, Activity? Activity);
    private sealed record Total(int TotalMinutes, Dictionary<string, decimal>? TotalAmount);
    private sealed record Activity(int? ActivityLevel, int ActiveMinutes);
    private sealed record DaySum(string Date, int TotalMinutes, Dictionary<string, decimal>? TotalAmount);
    private sealed record UserSum(long UserId, string UserName, int TotalMinutes, Dictionary<string, decimal>? TotalAmount);
    private sealed record ProjectSum(long? ProjectId, string? ProjectName, int TotalMinutes, Dictionary<string, decimal>? TotalAmount);
}
