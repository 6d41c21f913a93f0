using System.Text.Json.Serialization;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Reports;

public sealed record TrackedHoursRow(
    long UserId, string UserName, long? ProjectId, string? ProjectName, long? ContractId, int TotalMinutes,
    [property: RateField] IReadOnlyDictionary<string, decimal>? TotalAmount) : IRateFields
{
    public bool RatesVisible { get; init; }
}

public sealed record TrackedHoursTotal(
    int TotalMinutes, [property: RateField] Dictionary<string, decimal>? TotalAmount) : IRateFields
{
    public bool RatesVisible { get; init; }
}

public sealed record TrackedHoursDay(IReadOnlyList<TrackedHoursRow> Users);

/// <summary>
/// The report: <see cref="Days"/> by default; with <c>group_by</c>, the sums asked for instead (<see cref="TrackedHoursSums"/>).
/// The keys of the other form are left out, so the default answer is the contract's, unchanged.
/// </summary>
public sealed record TrackedHoursData(
    string ReportType, DateOnly StartDate, DateOnly EndDate, TrackedHoursTotal Total,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, TrackedHoursDay>? Days,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TrackedHoursDayTotal>? ByDay = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TrackedHoursUserTotal>? ByUser = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TrackedHoursProjectTotal>? ByProject = null);

/// <summary>GET /reports/tracked-hours: minutes per day per user + project + contract; amounts only with rate visibility.</summary>
public static class TrackedHoursReport
{
    /// <summary>The spec caps the range at 31 days only with user_id; without it a year is the sane limit.</summary>
    private const int MaxRangeWithoutUser = 366;

    public static async Task<IResult> HandleAsync(HttpRequest http, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var q = new ReportQuery(http);
        var userId = q.Ids("user_id");
        var users = userId.Length > 0 ? userId : q.Ids("users");
        var projects = q.Ids("projects", "project_id");
        q.Ids("teams");
        q.Ids("titles");
        var currencies = q.Strings("currencies");
        var zone = q.TimeZone();
        var start = q.Date("start_date", required: false);
        var end = q.Date("end_date", required: false);
        q.Range(start, end, userId.Length > 0 ? ReportQuery.MaxRangeDays : MaxRangeWithoutUser);
        var groupings = TrackedHoursSums.Read(q);
        // Paging applies to the members' sums only (the plain report is one answer), but a malformed page is a 422 either way.
        var paging = q.Paging();
        q.Errors.ThrowIfInvalid();
        if (q.Query.ContainsKey("teams") || q.Query.ContainsKey("titles") || q.Query.ContainsKey("teams[]") || q.Query.ContainsKey("titles[]"))
            throw ApiException.BadRequest("Filtering by teams or titles is not available: this server has no team or title records.");

        // Defaults: the current week, Monday to Sunday; one given end fills the other to a week.
        var weekStart = ReportEndpoints.Today(clock).AddDays(-(((int)ReportEndpoints.Today(clock).DayOfWeek + 6) % 7));
        var from = start ?? (end?.AddDays(-6) ?? weekStart);
        var to = end ?? (start?.AddDays(6) ?? weekStart.AddDays(6));

        var members = await ReportMembers.LoadAsync(db, scope, users, zone, ct);
        var byId = members.ToDictionary(m => m.UserId);
        // Grouped by day, user, project and contract in the database: one bucket is one row.
        var buckets = await TimeAggregator.SumAsync(db, scope.WorkspaceId, members, from, to,
            new TimeFilter(projects, [], true, null, TimeGrouping.Project), clock.GetUtcNow().UtcDateTime, ct);
        var lookups = await ReportLookups.LoadAsync(db, scope.WorkspaceId, buckets, ct);

        var rows = new List<(int DayIndex, TrackedHoursRow Row)>(buckets.Count);
        foreach (var b in buckets)
        {
            var minutes = TimeAggregator.Minutes(b.Seconds);
            if (minutes <= 0) continue;
            var member = byId[b.UserId];
            rows.Add((b.DayIndex, new TrackedHoursRow(b.UserId, member.Name, b.ProjectId, lookups.ProjectName(b.ProjectId), b.ContractId,
                minutes, scope.CanSeeRates ? lookups.Amount(b, member, minutes, currencies) : null) { RatesVisible = scope.CanSeeRates }));
        }
        buckets.Clear(); // the GC may take them while the (multi-MB) answer is written
        var total = new TrackedHoursTotal(rows.Sum(r => r.Row.TotalMinutes), scope.CanSeeRates ? Merge(rows.Select(r => (CurrencyAmount)r.Row.TotalAmount!)) : null)
        {
            RatesVisible = scope.CanSeeRates,
        };
        // The sums need no order of the rows (each list is ordered itself); the CSV file and the days do.
        if (groupings.Length > 0) return TrackedHoursSums.Answer(groupings, paging, from, to, total, rows, scope.CanSeeRates);
        rows.Sort((x, y) => x.DayIndex != y.DayIndex ? x.DayIndex.CompareTo(y.DayIndex)
            : x.Row.UserId != y.Row.UserId ? x.Row.UserId.CompareTo(y.Row.UserId)
            : Nullable.Compare(x.Row.ProjectId, y.Row.ProjectId) != 0 ? Nullable.Compare(x.Row.ProjectId, y.Row.ProjectId)
            : Nullable.Compare(x.Row.ContractId, y.Row.ContractId));

        if (q.WantsCsv)
            return new CsvResult($"tracked-hours-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv",
                scope.CanSeeRates
                    ? ["date", "user_id", "user_name", "project_id", "project_name", "contract_id", "total_minutes", "currency", "total_amount"]
                    : ["date", "user_id", "user_name", "project_id", "project_name", "contract_id", "total_minutes"],
                rows.SelectMany(r => CsvLines(from.AddDays(r.DayIndex), r.Row, scope.CanSeeRates)));

        // Rows are sorted by day, so each day's users are one consecutive run.
        var days = new SortedDictionary<string, TrackedHoursDay>(StringComparer.Ordinal);
        var next = 0;
        for (var index = 0; index <= to.DayNumber - from.DayNumber; index++)
        {
            var dayRows = new List<TrackedHoursRow>();
            for (; next < rows.Count && rows[next].DayIndex == index; next++) dayRows.Add(rows[next].Row);
            days[from.AddDays(index).ToString("yyyy-MM-dd")] = new TrackedHoursDay(dayRows);
        }
        return ReportEndpoints.Json(new TrackedHoursData("tracked_hours", from, to, total, days));
    }

    /// <summary>
    /// Amounts per currency added up (a row's amount has at most one currency), currencies in ordinal order: the
    /// same data answers the same JSON whatever order its rows were read in.
    /// </summary>
    internal static Dictionary<string, decimal> Merge(IEnumerable<CurrencyAmount> amounts)
    {
        var total = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var amount in amounts)
            if (amount.Currency is { } currency) total[currency] = total.GetValueOrDefault(currency) + amount.Amount;
        return new Dictionary<string, decimal>(total);
    }

    private static IEnumerable<IReadOnlyList<object?>> CsvLines(DateOnly day, TrackedHoursRow r, bool withMoney)
    {
        object?[] common = [day.ToString("yyyy-MM-dd"), r.UserId, r.UserName, r.ProjectId, r.ProjectName, r.ContractId, r.TotalMinutes];
        if (!withMoney) { yield return common; yield break; }
        if (r.TotalAmount!.Count == 0) { yield return [.. common, null, null]; yield break; }
        foreach (var (currency, amount) in r.TotalAmount) yield return [.. common, currency, amount];
    }
}
