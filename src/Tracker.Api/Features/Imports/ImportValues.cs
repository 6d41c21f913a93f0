using System.Globalization;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Imports;

/// <summary>How the exports write values: locale numbers, 12- and 24-hour clocks, hour durations, currency labels.</summary>
public static class ImportValues
{
    private static readonly string[] ClockFormats =
        ["H:mm:ss", "H:mm", "h:mm:ss tt", "h:mm tt", "h:mm:sstt", "h:mmtt", "HH:mm:ss.fff"];

    /// <summary>"09:05:00", "9:05", "11:00:00 AM", "1:30 pm".</summary>
    public static TimeOnly Clock(string column, string value) =>
        TimeOnly.TryParseExact(value.ToUpperInvariant(), ClockFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time : throw new ImportRowException($"The {column} \"{value}\" is not a time of day.");

    /// <summary>"01:30:00", "125:00:00" (hours may pass 24) or "1:30".</summary>
    public static TimeSpan Elapsed(string column, string value)
    {
        var parts = value.Split(':');
        if (parts.Length is 2 or 3 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)) && parts[0].Length <= 6
            && int.Parse(parts[1], CultureInfo.InvariantCulture) < 60 && (parts.Length == 2 || int.Parse(parts[2], CultureInfo.InvariantCulture) < 60))
            return new TimeSpan(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture),
                parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0);
        throw new ImportRowException($"The {column} \"{value}\" is not a duration such as 01:30:00.");
    }

    /// <summary>
    /// A decimal in either notation: "1,234.50", "1.234,50", "2.000,0", "1,5", "1.5". With both marks the last one
    /// is the decimal mark; with one kind only, a single mark is decimal and repeated ones group thousands.
    /// </summary>
    public static decimal Number(string column, string value)
    {
        var text = value.Replace(" ", "").Replace("\u00A0", "").Replace("'", "");
        var (dot, comma) = (text.LastIndexOf('.'), text.LastIndexOf(','));
        char? decimalMark = dot >= 0 && comma >= 0 ? (dot > comma ? '.' : ',')
            : dot >= 0 ? (text.Count(c => c == '.') == 1 ? '.' : null)
            : comma >= 0 ? (text.Count(c => c == ',') == 1 ? ',' : null) : null;
        var group = decimalMark == '.' ? "," : decimalMark == ',' ? "." : dot >= 0 ? "." : ",";
        var normal = text.Replace(group, "");
        if (decimalMark == ',') normal = normal.Replace(',', '.');
        return decimal.TryParse(normal, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && Math.Abs(number) < 1_000_000_000m
            ? number : throw new ImportRowException($"The {column} \"{value}\" is not a number.");
    }

    /// <summary>"USD", "usd", "Euro - EUR", "US Dollar (USD)": the ISO code; null when the value names none.</summary>
    public static string? Currency(string? value)
    {
        if (value is null) return null;
        var code = value.Trim().TrimEnd(')');
        var cut = code.LastIndexOfAny([' ', '(', '-']);
        code = code[(cut + 1)..].Trim().ToUpperInvariant();
        return code.Length == 3 && Currencies.IsKnown(code) ? code : null;
    }

    /// <summary>The currency in a column name such as "Billable Rate (EUR)" or "Amount (USD)".</summary>
    public static string? CurrencyOfColumn(CsvColumns columns, string column)
    {
        var i = columns.IndexOf(column);
        return i < 0 ? null : Currency(columns.NameAt(i));
    }

    /// <summary>"Jane van Dijk" → ("Jane", "van Dijk"); one word is a first name with an empty last name.</summary>
    public static (string First, string Last) SplitName(string name)
    {
        var trimmed = name.Trim();
        var space = trimmed.IndexOf(' ');
        return space < 0 ? (trimmed, "") : (trimmed[..space], trimmed[(space + 1)..].Trim());
    }

    public static void RequireInCalendar(string column, DateOnly date)
    {
        if (!CalendarRange.Contains(date)) throw new ImportRowException($"The {column} {CalendarRange.Problem}.");
    }
}
