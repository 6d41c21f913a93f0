using System.Globalization;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// The date order of a file, learned from all of it: "2024-01-15" is ISO; in "a/b/yyyy" (or with dots or dashes) a
/// first part over 12 proves day-first, a second part over 12 month-first. Only what was seen is kept (two flags),
/// never the dates. A file whose every date fits both orders is read month-first, the products' default (US) locale.
/// </summary>
public sealed class ImportDates
{
    private bool _dayFirstSeen;
    private bool _monthFirstSeen;
    private bool _dayFirst;

    public void Observe(string? value)
    {
        if (value is null || !TrySplit(value, out var a, out var b, out _)) return;
        if (a > 12) _dayFirstSeen = true;
        if (b > 12) _monthFirstSeen = true;
    }

    /// <summary>Decides the order; 422 when the file proves both.</summary>
    public void Decide()
    {
        if (_dayFirstSeen && _monthFirstSeen)
            throw ApiException.Invalid("file", "The file's dates mix day-first (DD/MM/YYYY) and month-first (MM/DD/YYYY) orders; export it again with one date format.");
        _dayFirst = _dayFirstSeen;
    }

    public string Order => _dayFirst ? "DD/MM/YYYY" : "MM/DD/YYYY";

    public DateOnly Parse(string column, string value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso)) return Checked(column, iso);
        if (TrySplit(value, out var a, out var b, out var year))
        {
            var (day, month) = _dayFirst ? (a, b) : (b, a);
            if (month is >= 1 and <= 12 && year is >= 1 and <= 9999 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
                return Checked(column, new DateOnly(year, month, day));
        }
        throw new ImportRowException($"The {column} \"{value}\" is not a date in the file's format ({Order} or YYYY-MM-DD).");
    }

    private static DateOnly Checked(string column, DateOnly date)
    {
        ImportValues.RequireInCalendar(column, date);
        return date;
    }

    private static bool TrySplit(string value, out int a, out int b, out int year)
    {
        (a, b, year) = (0, 0, 0);
        var parts = value.Trim().Split('/', '.', '-');
        return parts.Length == 3 && parts[2].Length == 4 && parts[0].Length is 1 or 2 && parts[1].Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out a)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out b)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out year);
    }
}
