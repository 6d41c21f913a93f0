using System.Globalization;
using System.Text.Json.Serialization;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;
using static System.FormattableString;

namespace Tracker.Api.Features.Reports;

/// <summary>A row of the plain report as documented; it is written from its bucket (<see cref="TrackedHoursDayLines"/>).</summary>
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

/// <summary>A day of the plain report as documented; it is written from <see cref="TrackedHoursDayLines"/>.</summary>
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TrackedHoursProjectTotal>? ByProject = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TrackedHoursActivity? Activity = null);

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

        var members = (await ReportMembers.LoadAsync(db, scope, users, zone, ct)).ToDictionary(m => m.UserId);
        // Grouped by day, user, project and contract: one bucket is one row.
        var buckets = await TimeAggregator.SumAsync(db, scope.WorkspaceId, members.Values.ToList(), from, to,
            new TimeFilter(projects, [], true, null, TimeGrouping.Project, Activity: groupings.Length > 0), clock.GetUtcNow().UtcDateTime, ct);
        var lookups = await ReportLookups.LoadAsync(db, scope.WorkspaceId, buckets, ct);
        var report = new RowSource(members, lookups, currencies, scope.CanSeeRates);
        if (groupings.Length > 0) return TrackedHoursSums.Answer(groupings, paging, from, to, buckets, report);

        var rows = LinesByDay(buckets, to.DayNumber - from.DayNumber + 1);
        var tally = new ReportTally();
        foreach (var day in rows)
            foreach (var bucket in day)
            {
                var (minutes, amount) = report.Figures(bucket);
                tally.Add(minutes, amount);
            }
        var total = new TrackedHoursTotal(tally.Minutes, tally.Amounts(scope.CanSeeRates)) { RatesVisible = scope.CanSeeRates };

        if (q.WantsCsv)
            return new CsvResult(Invariant($"tracked-hours-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv"),
                scope.CanSeeRates
                    ? ["date", "user_id", "user_name", "project_id", "project_name", "contract_id", "total_minutes", "currency", "total_amount"]
                    : ["date", "user_id", "user_name", "project_id", "project_name", "contract_id", "total_minutes"],
                rows.SelectMany((day, index) => day.SelectMany(bucket => CsvLines(from.AddDays(index), bucket, report))));

        var days = new SortedDictionary<string, TrackedHoursDayLines>(StringComparer.Ordinal);
        for (var index = 0; index < rows.Length; index++) days[from.AddDays(index).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] = new TrackedHoursDayLines(rows[index], report);
        return ReportEndpoints.Json(new TrackedHoursPlain("tracked_hours", from, to, total, days));
    }

    /// <summary>What makes a bucket a row: its member, the names and rates, the currency filter, rate visibility.</summary>
    internal sealed record RowSource(IReadOnlyDictionary<long, ReportMember> Members, ReportLookups Lookups, string[] Currencies, bool RatesVisible)
    {
        /// <summary>The row's minutes (rounded per row; a row under half a minute is no row) and amount (null: rates hidden).</summary>
        public (int Minutes, CurrencyAmount? Amount) Figures(TimeBucket bucket)
        {
            var minutes = TimeAggregator.Minutes(bucket.Seconds);
            return (minutes, RatesVisible && minutes > 0 ? Lookups.Amount(bucket, Members[bucket.UserId], minutes, Currencies) : null);
        }
    }

    /// <summary>
    /// The report's rows (one per member, project and contract with time), a list of their buckets per day of the
    /// range, each ordered by member, project and contract. Lists per day rather than one of the month's ~44k rows,
    /// and of the buckets alone, figures worked out where they are written: a day's list then stays off the large
    /// object heap, whose arrays forced full collections (bench, issue 20).
    /// </summary>
    private static List<TimeBucket>[] LinesByDay(IReadOnlyCollection<TimeBucket> buckets, int dayCount)
    {
        // Each day's list is sized once (a count of its buckets): growing them was a quarter of what a month allocated.
        var counts = new int[dayCount];
        foreach (var b in buckets) counts[b.DayIndex]++;
        var rows = new List<TimeBucket>[dayCount];
        for (var i = 0; i < rows.Length; i++) rows[i] = new List<TimeBucket>(counts[i]);
        foreach (var b in buckets)
            if (TimeAggregator.Minutes(b.Seconds) > 0) rows[b.DayIndex].Add(b);
        foreach (var day in rows)
            day.Sort(static (x, y) => x.UserId != y.UserId ? x.UserId.CompareTo(y.UserId)
                : Nullable.Compare(x.ProjectId, y.ProjectId) != 0 ? Nullable.Compare(x.ProjectId, y.ProjectId)
                : Nullable.Compare(x.ContractId, y.ContractId));
        return rows;
    }

    private static IEnumerable<IReadOnlyList<object?>> CsvLines(DateOnly day, TimeBucket b, RowSource source)
    {
        var (minutes, money) = source.Figures(b);
        object?[] common = [day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), b.UserId, source.Members[b.UserId].Name, b.ProjectId, source.Lookups.ProjectName(b.ProjectId), b.ContractId, minutes];
        if (money is not { } amount) yield return common;
        else if (amount.Currency is null) yield return [.. common, null, null];
        else yield return [.. common, amount.Currency, amount.Amount];
    }
}
