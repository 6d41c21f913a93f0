using System.Globalization;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;

namespace Tracker.Api.Features.Reports;

/// <summary>
/// Query-string reading shared by the reports: dates, id lists in either form (<c>users=1,2</c> or
/// <c>users[]=1&amp;users[]=2</c>), booleans, CSV choice. Problems are collected in one <see cref="Validator"/>.
/// </summary>
public sealed class ReportQuery(HttpRequest request)
{
    public const int MaxRangeDays = 31;
    public Validator Errors { get; } = new();
    public IQueryCollection Query => request.Query;

    public bool WantsCsv =>
        string.Equals(request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary><c>page</c>/<c>per_page</c> (members per page), read with the other fields: one 422 names every bad one.</summary>
    public PageRequest Paging() => PageRequest.Read(Errors, request.Query, ReportEndpoints.UsersPerPage);

    public DateOnly? Date(string name, bool required)
    {
        var raw = request.Query[name].ToString();
        if (required) Errors.Required(name, raw);
        Errors.Date(name, raw, out var parsed);
        return parsed;
    }

    public long[] Ids(params string[] names)
    {
        var result = new List<long>();
        foreach (var name in names)
            foreach (var raw in request.Query[name].Concat(request.Query[name + "[]"]))
                foreach (var part in (raw ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var token = part.Trim('[', ']', ' ');
                    if (token.Length == 0) continue;
                    if (long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id > 0) result.Add(id);
                    else Errors.Add(name, $"The {name.Replace('_', ' ')} field must contain positive integers.");
                }
        return [.. result.Distinct()];
    }

    public string[] Strings(string name) =>
        [.. request.Query[name].Concat(request.Query[name + "[]"])
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => v.Trim('[', ']', '"', ' ')).Where(v => v.Length > 0).Distinct()];

    public bool Bool(string name, bool fallback)
    {
        var raw = request.Query[name].ToString();
        if (string.IsNullOrEmpty(raw)) return fallback;
        if (raw is "1" || raw.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (raw is "0" || raw.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        Errors.Add(name, $"The {name.Replace('_', ' ')} field must be true or false.");
        return fallback;
    }

    /// <summary>Optional IANA zone overriding every member's own zone (extension).</summary>
    public string? TimeZone()
    {
        var raw = request.Query["timezone"].ToString();
        Errors.TimeZone("timezone", raw);
        return string.IsNullOrWhiteSpace(raw) ? null : raw;
    }

    /// <summary>end ≥ start and at most <paramref name="maxDays"/> days inclusive; 422 otherwise.</summary>
    public void Range(DateOnly? start, DateOnly? end, int maxDays)
    {
        if (start is null || end is null) return;
        if (end < start) Errors.Add("end_date", "The end date field must be a date after or equal to start date.");
        else if (end.Value.DayNumber - start.Value.DayNumber + 1 > maxDays)
            Errors.Add("end_date", $"The date range must not exceed {maxDays} days.");
    }
}
