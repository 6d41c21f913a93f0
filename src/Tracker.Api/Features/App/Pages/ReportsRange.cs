using System.Globalization;

namespace Tracker.Api.Features.App.Pages;

/// <summary>
/// The range picker of /app/reports: this week, last week, this month, or custom dates. Weeks run Monday to Sunday,
/// as the API's own default range does. A custom range is passed on as typed: its limit (31 days) and order are the
/// API's rules, and the page shows the API's 422 message when they are broken.
/// </summary>
public sealed record ReportsRange(string Preset, DateOnly From, DateOnly To)
{
    public const string ThisWeek = "this-week", LastWeek = "last-week", ThisMonth = "this-month", Custom = "custom";

    public static readonly IReadOnlyList<(string Value, string Label)> Presets =
        [(ThisWeek, "This week"), (LastWeek, "Last week"), (ThisMonth, "This month"), (Custom, "Custom")];

    /// <summary>The range the query asks for; an unknown preset, or custom without both dates, is this week.</summary>
    public static ReportsRange Resolve(string? preset, DateOnly? from, DateOnly? to, DateOnly today)
    {
        var monday = AppTime.Monday(today);
        var month = new DateOnly(today.Year, today.Month, 1);
        return preset switch
        {
            LastWeek => new(LastWeek, monday.AddDays(-7), monday.AddDays(-1)),
            ThisMonth => new(ThisMonth, month, month.AddMonths(1).AddDays(-1)),
            Custom when from is { } f && to is { } t => new(Custom, f, t),
            _ => new(ThisWeek, monday, monday.AddDays(6)),
        };
    }

    /// <summary>A date of the query (yyyy-MM-dd), or null for anything else.</summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>The query string that selects this range again (links, the CSV download).</summary>
    public string Query => $"range={Preset}&from={AppTime.Iso(From)}&to={AppTime.Iso(To)}"; // Gregorian in any server culture
}
