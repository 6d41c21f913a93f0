using Microsoft.Kiota.Abstractions;

namespace Tracker.Client;

/// <summary>The generated client's calendar dates (Kiota's <see cref="Date"/>) to and from <see cref="DateOnly"/>.</summary>
public static class Dates
{
    /// <summary>The day as the client sends it in a query or body.</summary>
    public static Date ToApiDate(this DateOnly day) => new(day.Year, day.Month, day.Day);

    /// <summary>A day the API answered.</summary>
    public static DateOnly ToDateOnly(this Date date) => new(date.Year, date.Month, date.Day);
}
