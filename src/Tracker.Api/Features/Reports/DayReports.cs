using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;
using static System.FormattableString;

namespace Tracker.Api.Features.Reports;

public sealed record TimelineEntry(
    string StartTime, string? EndTime, int DurationMinutes, long? ProjectId, string? ProjectName, long? TaskId, string? TaskTitle,
    string? ActivityDescription, string TrackingMethod, int? ActivityLevel,
    [property: RateField] decimal? TotalAmount,
    [property: RateField] string? Currency) : IRateFields
{
    public bool RatesVisible { get; init; }
}

public sealed record TimelineUser(
    long UserId, string UserName, int? ActivityLevel, int TotalMinutes,
    [property: RateField] Dictionary<string, decimal>? TotalAmount,
    IReadOnlyList<TimelineEntry> TimeEntries) : IRateFields
{
    public bool RatesVisible { get; init; }
}

public sealed record TimelineData(DateOnly Date, IReadOnlyList<TimelineUser> Users);

public sealed record AttendanceUser(
    long UserId, string UserName, IReadOnlyList<string> Statuses, string? Shift, string? StartTime, string? EndTime,
    int TrackedMinutes, int BreakMinutes, IReadOnlyList<string> BreakIntervals, int? LateMinutes, int? LeftEarlyMinutes,
    int? ProductiveMinutes, string? LateReason);
public sealed record AttendanceData(DateOnly Date, IReadOnlyList<AttendanceUser> Users);

/// <summary>One member's entries clipped to one local day (loaded only for one page of members and one day).</summary>
internal sealed record DaySlice(DateTime Start, DateTime End, bool Running, Domain.TimeEntry Entry);

internal static class DayReport
{
    public static DateOnly ReadDate(ReportQuery q, TimeProvider clock)
    {
        var date = q.Date("date", required: true);
        var today = ReportEndpoints.Today(clock);
        if (date is { } d && (d < today.AddYears(-1) || d > today.AddYears(1)))
            q.Errors.Add("date", "The date must be within one year before or after today.");
        return date ?? today;
    }

    public static async Task<Dictionary<long, List<DaySlice>>> LoadSlicesAsync(
        TrackerDbContext db, long workspaceId, IReadOnlyList<ReportMember> members, DateOnly day, DateTime now, CancellationToken ct)
    {
        var bounds = members.ToDictionary(m => m.UserId,
            m => (Start: m.Zone.DayStartUtc(day), End: m.Zone.DayStartUtc(day.AddDays(1))));
        if (bounds.Count == 0) return [];
        var earliest = bounds.Values.Min(b => b.Start);
        var latest = bounds.Values.Max(b => b.End);
        var ids = bounds.Keys.ToList();
        // Bounded like TimeAggregator's scan: entries started from the first midnight − 24 h by index range, and the
        // rare older running or long ones through their partial index. Unbounded, the members' whole history before
        // the day was read and filtered (~200k rows for 100 members of the bench data).
        var shortFrom = earliest - LongTimeEntryIndex.MaxShortEntry;
        var recent = await db.TimeEntries.AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId && ids.Contains(e.UserId) && e.StartedAt >= shortFrom && e.StartedAt < latest && (e.EndedAt ?? now) > earliest)
            .OrderBy(e => e.StartedAt).ToListAsync(ct);
        var longEntries = $$"""SELECT * FROM "TimeEntries" WHERE "WorkspaceId" = {0} AND "StartedAt" < {1} AND ({{LongTimeEntryIndex.Filter(db.Database)}})""";
        var older = await db.TimeEntries.FromSqlRaw(longEntries, workspaceId, shortFrom).AsNoTracking().Where(e => ids.Contains(e.UserId) && (e.EndedAt ?? now) > earliest)
            .ToListAsync(ct);
        var entries = recent.Concat(older).OrderBy(e => e.StartedAt).ToList();
        return ids.ToDictionary(id => id, id =>
        {
            var (start, end) = bounds[id];
            return entries.Where(e => e.UserId == id && e.StartedAt < end && (e.EndedAt ?? now) > start)
                .Select(e => new DaySlice(e.StartedAt > start ? e.StartedAt : start, (e.EndedAt ?? now) < end ? e.EndedAt ?? now : end, e.EndedAt is null, e))
                .ToList();
        });
    }

    public static string Iso(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(utc, TimeSpan.Zero), zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Clock(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(utc, TimeSpan.Zero), zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static int Minutes(DaySlice s) => TimeAggregator.Minutes((s.End - s.Start).TotalSeconds);
}

/// <summary>GET /reports/daily-timeline: each user's entries of one day (users with time that day), paged by user.</summary>
public static class DailyTimelineReport
{
    public static async Task<IResult> HandleAsync(HttpRequest http, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var q = new ReportQuery(http);
        var date = DayReport.ReadDate(q, clock);
        var users = q.Ids("user_ids", "users");
        var zone = q.TimeZone();
        var paging = q.Paging();
        q.Errors.ThrowIfInvalid();
        var now = clock.GetUtcNow().UtcDateTime;
        var members = await ReportMembers.LoadAsync(db, scope, users, zone, ct);
        var totals = await TimeAggregator.SumAsync(db, scope.WorkspaceId, members, date, date, new TimeFilter([], [], true, null, TimeGrouping.Task, Activity: true), now, ct);
        var withTime = totals.GroupBy(b => b.UserId).Where(g => g.Sum(b => b.Seconds) > 0).Select(g => g.Key).ToHashSet();
        var (page, pagination) = ReportEndpoints.PageOf(members.Where(m => withTime.Contains(m.UserId)).ToList(), paging, q.WantsCsv);
        var slices = await DayReport.LoadSlicesAsync(db, scope.WorkspaceId, page, date, now, ct);
        var buckets = totals.Where(b => page.Any(m => m.UserId == b.UserId)).ToList();
        var lookups = await ReportLookups.LoadAsync(db, scope.WorkspaceId, buckets, ct);
        var byId = members.ToDictionary(m => m.UserId);

        TimelineEntry Entry(ReportMember m, DaySlice s)
        {
            var minutes = DayReport.Minutes(s);
            var bucket = new TimeBucket { UserId = m.UserId, ProjectId = s.Entry.ProjectId, ContractId = s.Entry.ContractId };
            var (rate, currency) = lookups.RateFor(bucket, m);
            return new TimelineEntry(DayReport.Iso(s.Start, m.Zone.Zone), s.Running ? null : DayReport.Iso(s.End, m.Zone.Zone), minutes,
                s.Entry.ProjectId, lookups.ProjectName(s.Entry.ProjectId), s.Entry.TaskId, lookups.TaskTitle(s.Entry.TaskId),
                s.Entry.ActivityDescription, s.Entry.Method, s.Entry.ActivityLevel,
                scope.CanSeeRates ? Math.Round(rate * minutes / 60m, 2, MidpointRounding.AwayFromZero) : null, scope.CanSeeRates ? currency : null)
            {
                RatesVisible = scope.CanSeeRates,
            };
        }

        var result = page.Select(m =>
        {
            var mine = buckets.Where(b => b.UserId == m.UserId).ToList();
            return new TimelineUser(m.UserId, m.Name, TimeAggregator.ActivityLevel(mine), mine.Sum(b => TimeAggregator.Minutes(b.Seconds)),
                scope.CanSeeRates ? lookups.Amounts(mine, byId, []) : null, slices[m.UserId].Select(s => Entry(m, s)).ToList())
            {
                RatesVisible = scope.CanSeeRates,
            };
        }).ToList();

        if (q.WantsCsv)
            return new CsvResult(Invariant($"daily-timeline-{date:yyyy-MM-dd}.csv"),
                ["user_id", "user_name", "start_time", "end_time", "duration_minutes", "project_id", "project_name", "task_id", "task_title",
                 "activity_description", "tracking_method", "activity_level"],
                result.SelectMany(u => u.TimeEntries.Select(e => (IReadOnlyList<object?>)[u.UserId, u.UserName, e.StartTime, e.EndTime,
                    e.DurationMinutes, e.ProjectId, e.ProjectName, e.TaskId, e.TaskTitle, e.ActivityDescription, e.TrackingMethod, e.ActivityLevel])));
        return ReportEndpoints.Json(new TimelineData(date, result), pagination);
    }
}

/// <summary>
/// GET /reports/daily-attendance: who tracked time on a day, first start, last end, breaks between entries. This server
/// has no shifts or leave records, so statuses are "Present" or "Absent" and the shift-based figures are null.
/// </summary>
public static class DailyAttendanceReport
{
    private static readonly string[] StatusFilters = ["late", "left_early", "tracked_less", "absent", "on_leave"];

    public static async Task<IResult> HandleAsync(HttpRequest http, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var q = new ReportQuery(http);
        var date = DayReport.ReadDate(q, clock);
        var users = q.Ids("users", "user_ids");
        var statuses = q.Strings("status");
        foreach (var s in statuses) q.Errors.OneOf("status", s, StatusFilters);
        var zone = q.TimeZone();
        var paging = q.Paging();
        q.Errors.ThrowIfInvalid();
        var now = clock.GetUtcNow().UtcDateTime;
        var members = await ReportMembers.LoadAsync(db, scope, users, zone, ct);
        if (statuses.Length > 0)
        {
            // Only "absent" can match without shift and leave data; the status filter is applied before paging.
            var totals = await TimeAggregator.SumAsync(db, scope.WorkspaceId, members, date, date, new TimeFilter([], [], true, null, TimeGrouping.Project, Activity: false), now, ct);
            var present = totals.Where(b => b.Seconds > 0).Select(b => b.UserId).ToHashSet();
            members = statuses.Contains("absent", StringComparer.OrdinalIgnoreCase) ? members.Where(m => !present.Contains(m.UserId)).ToList() : [];
        }
        var (page, pagination) = ReportEndpoints.PageOf(members, paging, q.WantsCsv);
        var slices = await DayReport.LoadSlicesAsync(db, scope.WorkspaceId, page, date, now, ct);
        var result = page.Select(m => Describe(m, slices[m.UserId])).ToList();
        if (q.WantsCsv)
            return new CsvResult(Invariant($"daily-attendance-{date:yyyy-MM-dd}.csv"),
                ["user_id", "user_name", "statuses", "start_time", "end_time", "tracked_minutes", "break_minutes", "break_intervals"],
                result.Select(u => (IReadOnlyList<object?>)[u.UserId, u.UserName, string.Join("; ", u.Statuses), u.StartTime, u.EndTime,
                    u.TrackedMinutes, u.BreakMinutes, string.Join("; ", u.BreakIntervals)]));
        return ReportEndpoints.Json(new AttendanceData(date, result), pagination);
    }

    private static AttendanceUser Describe(ReportMember m, List<DaySlice> slices)
    {
        if (slices.Count == 0)
            return new AttendanceUser(m.UserId, m.Name, ["Absent"], null, null, null, 0, 0, [], null, null, null, null);
        // Merge overlapping entries so a gap between them is a break and nothing is counted twice.
        var merged = new List<(DateTime Start, DateTime End)>();
        foreach (var s in slices.OrderBy(s => s.Start))
        {
            if (merged.Count > 0 && s.Start <= merged[^1].End)
                merged[^1] = (merged[^1].Start, s.End > merged[^1].End ? s.End : merged[^1].End);
            else merged.Add((s.Start, s.End));
        }
        var tracked = TimeAggregator.Minutes(merged.Sum(x => (x.End - x.Start).TotalSeconds));
        var breaks = merged.Zip(merged.Skip(1), (a, b) => (Start: a.End, End: b.Start)).ToList();
        return new AttendanceUser(m.UserId, m.Name, ["Present"], null, DayReport.Clock(merged[0].Start, m.Zone.Zone),
            slices.Any(s => s.Running) ? null : DayReport.Clock(merged[^1].End, m.Zone.Zone), tracked,
            TimeAggregator.Minutes(breaks.Sum(b => (b.End - b.Start).TotalSeconds)),
            breaks.Select(b => $"{DayReport.Clock(b.Start, m.Zone.Zone)} - {DayReport.Clock(b.End, m.Zone.Zone)}").ToList(), null, null, null, null);
    }
}
