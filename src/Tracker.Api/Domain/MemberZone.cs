namespace Tracker.Api.Domain;

/// <summary>
/// A member's time zone and the local-calendar arithmetic done in it, shared by time entries, timesheets, leaves,
/// expenses and reports. Instants are stored UTC; days are cut at the member's local midnight (so a DST day has 23
/// or 25 hours).
/// </summary>
public sealed class MemberZone(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;
    public string Id => Zone.Id;

    /// <summary>The workspace's system zone wins when set, then the user's own, then UTC (also for unknown ids).</summary>
    public static MemberZone For(string? systemTimezone, string? userTimezone)
    {
        foreach (var id in new[] { systemTimezone, userTimezone })
            if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz)) return new MemberZone(tz);
        return new MemberZone(TimeZoneInfo.Utc);
    }

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>
    /// The UTC instant of a local wall-clock time, or null when that time does not exist (skipped by a DST jump).
    /// An ambiguous time (repeated hour) resolves to its first occurrence.
    /// </summary>
    public DateTime? ToUtc(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local)) return null;
        if (Zone.IsAmbiguousTime(local))
        {
            var offset = Zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    /// <summary>A local wall-clock time as UTC; a time skipped by a DST jump moves forward to the next valid half hour.</summary>
    public DateTime ToUtcMovingForward(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    /// <summary>First instant of the local day (the first valid minute when a DST jump skips midnight).</summary>
    public DateTime DayStartUtc(DateOnly date)
    {
        for (var minutes = 0; ; minutes += 30)
            if (ToUtc(date, TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minutes))) is { } utc) return utc;
    }

    /// <summary>The local day as a half-open UTC range [start, end).</summary>
    public (DateTime Start, DateTime End) DayUtc(DateOnly date) => (DayStartUtc(date), DayStartUtc(date.AddDays(1)));

    /// <summary>Local days touched by the half-open UTC span [start, end); a zero-length span touches its start day.</summary>
    public IEnumerable<DateOnly> DaysTouched(DateTime start, DateTime end)
    {
        var first = LocalDate(start);
        var last = end > start ? LocalDate(end.AddTicks(-1)) : first;
        for (var d = first; d <= last; d = d.AddDays(1)) yield return d;
    }

    /// <summary>Seconds of [start, end) that fall on local day <paramref name="date"/>.</summary>
    public long SecondsOn(DateOnly date, DateTime start, DateTime end)
    {
        var (dayStart, dayEnd) = DayUtc(date);
        var from = start > dayStart ? start : dayStart;
        var to = end < dayEnd ? end : dayEnd;
        return to > from ? (long)(to - from).TotalSeconds : 0;
    }
}
