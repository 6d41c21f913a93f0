using System.Globalization;

namespace Tracker.Api.Features.App;

/// <summary>How the app shows and reads times: in the person's zone, durations as h:mm.</summary>
public static class AppTime
{
    /// <summary>The person's zone as the API names it; UTC when it names none the server knows.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static string Duration(long minutes) => $"{minutes / 60}:{minutes % 60:00}";

    public static string Clock(DateTimeOffset? instant, TimeZoneInfo zone) =>
        instant is { } i ? TimeZoneInfo.ConvertTime(i, zone).ToString("HH:mm", CultureInfo.InvariantCulture) : "";

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Monday(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>
    /// A local day and HH:mm as the API's wall-clock fields, which are UTC (time.md 1): the UTC date and HH:mm.
    /// Null when the time is not HH:mm.
    /// </summary>
    public static (string Date, string Time)? ToApi(DateOnly day, string? time, TimeZoneInfo zone) =>
        Instant(day, time, zone) is { } utc
            ? (utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), utc.ToString("HH:mm", CultureInfo.InvariantCulture))
            : null;

    /// <summary>A local day and HH:mm as an instant (time requests take instants); null for a time the clocks skip.</summary>
    public static DateTimeOffset? Instant(DateOnly day, string? time, TimeZoneInfo zone)
    {
        if (!TimeOnly.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return null;
        var local = day.ToDateTime(t);
        return zone.IsInvalidTime(local) ? null : new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
