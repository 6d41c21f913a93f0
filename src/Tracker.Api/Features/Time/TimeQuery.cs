using System.Globalization;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Time;

/// <summary>Query-string and body parsing shared by the time endpoints; every malformed value is a 422 naming its field.</summary>
public static class TimeQuery
{
    /// <summary>24-hour <c>HH:mm</c> wall-clock time.</summary>
    public static TimeOnly? Clock(Validator v, string field, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (TimeOnly.TryParseExact(raw, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        v.Add(field, $"The {field.Replace('_', ' ')} field must match the format H:i (e.g. 09:00).");
        return null;
    }
}
