using System.Globalization;
using System.Net.Mail;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// Collects field errors and throws one 422 with all of them (Laravel-style message: the first error, plus how
/// many more). Field names are the snake_case names the client sent.
/// </summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public bool HasErrors => _errors.Count > 0;
    public bool Has(string field) => _errors.ContainsKey(field);

    public Validator Required(string field, object? value)
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
            Add(field, $"The {Label(field)} field is required.");
        return this;
    }

    public Validator MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
            Add(field, $"The {Label(field)} field must not be greater than {max} characters.");
        return this;
    }

    public Validator Email(string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !IsEmail(value))
            Add(field, $"The {Label(field)} field must be a valid email address.");
        return this;
    }

    public Validator OneOf(string field, string? value, IEnumerable<string> allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            Add(field, $"The selected {Label(field)} is invalid. Allowed: {string.Join(", ", allowed)}.");
        return this;
    }

    public Validator OneOf(string field, int? value, IEnumerable<int> allowed)
    {
        if (value is not null && !allowed.Contains(value.Value))
            Add(field, $"The selected {Label(field)} is invalid. Allowed: {string.Join(", ", allowed)}.");
        return this;
    }

    public Validator Range(string field, decimal? value, decimal min, decimal max)
    {
        if (value is not null && (value < min || value > max))
            Add(field, $"The {Label(field)} field must be between {min} and {max}.");
        return this;
    }

    public Validator TimeZone(string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !TimeZones.IsValid(value))
            Add(field, $"The {Label(field)} field must be a valid IANA time zone.");
        return this;
    }

    /// <summary>
    /// A <c>YYYY-MM-DD</c> date (or one of <paramref name="alsoAccepted"/>) within <see cref="CalendarRange"/>: every
    /// date the API reads from text comes through here.
    /// </summary>
    public Validator Date(string field, string? value, out DateOnly? parsed, params string[] alsoAccepted)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value)) return this;
        if (!DateOnly.TryParseExact(value, ["yyyy-MM-dd", .. alsoAccepted], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            Add(field, $"The {Label(field)} field must match the format Y-m-d.");
        else if (!CalendarRange.Contains(d)) Add(field, $"The {Label(field)} field {CalendarRange.Problem}.");
        else parsed = d;
        return this;
    }

    /// <summary>
    /// An ISO 8601 instant with its offset (<c>2025-02-19T19:24:55.000000Z</c>, or <c>+02:00</c>), as UTC, within
    /// <see cref="CalendarRange"/>. A time without an offset names no instant, so it is refused.
    /// </summary>
    public Validator Instant(string field, string? value, out DateTime? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value)) return this;
        var text = value.Trim();
        var hasOffset = text.Length > 10 && (text.EndsWith('Z') || text.EndsWith('z') || text[10..].Contains('+') || text[10..].LastIndexOf('-') > 0);
        if (!hasOffset || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            Add(field, $"The {Label(field)} field must be an ISO 8601 instant with its offset, such as 2025-02-19T19:24:55Z.");
        else if (!CalendarRange.Contains(instant.UtcDateTime)) Add(field, $"The {Label(field)} field {CalendarRange.Problem}.");
        else parsed = instant.UtcDateTime;
        return this;
    }

    /// <summary>An optional 24-hour wall-clock time, <c>HH:mm</c> (a single-digit hour is accepted too).</summary>
    public Validator Clock(string field, string? value, out TimeOnly? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value)) return this;
        if (TimeOnly.TryParseExact(value.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) parsed = t;
        else Add(field, $"The {Label(field)} field must match the format H:i (e.g. 09:00).");
        return this;
    }

    /// <summary>The one date-range rule: when both dates are given, the end may not come before the start (422 on the end).</summary>
    public Validator DateOrder(string fromField, DateOnly? from, string toField, DateOnly? to)
    {
        if (from > to) Add(toField, $"The {Label(toField)} field must be a date after or equal to {Label(fromField)}.");
        return this;
    }

    /// <summary>An optional positive integer id from text (query strings); anything else is a 422 on that field.</summary>
    public long? Id(string field, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (long.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            return id;
        Add(field, $"The {Label(field)} field must be a positive integer.");
        return null;
    }

    /// <summary>Throws the 422 if anything was added.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count == 0) return;
        var first = _errors.First().Value[0];
        var more = _errors.Sum(e => e.Value.Count) - 1;
        var message = more == 0 ? first : $"{first} (and {more} more error{(more == 1 ? "" : "s")})";
        throw new ApiException(StatusCodes.Status422UnprocessableEntity, message,
            _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    public static bool IsEmail(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value, out var a) && a.Address == value.Trim() && value.Contains('.');

    private static string Label(string field) => field.Replace('_', ' ');
}

public static class TimeZones
{
    public static bool IsValid(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
