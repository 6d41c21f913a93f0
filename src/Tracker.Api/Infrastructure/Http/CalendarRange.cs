namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// The dates the API accepts: 1900-01-01 to 9998-12-31, for every date and instant it reads. Day, week and
/// time-zone arithmetic (the end of a range plus one day, a week after a start, 24:00, UTC+14) then never leaves
/// what <see cref="DateOnly"/> and <see cref="DateTime"/> can hold, and no one tracks time outside it.
/// </summary>
public static class CalendarRange
{
    public static readonly DateOnly First = new(1900, 1, 1);
    public static readonly DateOnly Last = new(9998, 12, 31);

    public const string Problem = "must be a date between 1900-01-01 and 9998-12-31";

    public static bool Contains(DateOnly date) => date >= First && date <= Last;

    public static bool Contains(DateTime instant) => Contains(DateOnly.FromDateTime(instant));
}
