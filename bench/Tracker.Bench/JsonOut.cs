using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace Tracker.Bench;

/// <summary>
/// Writes the server's JSON by hand from a data reader: snake_case names, instants as <c>2025-02-19T19:24:55.000000Z</c>,
/// dates as <c>YYYY-MM-DD</c>, the envelope and its pagination. Instants are UTC on both providers (SQLite hands them
/// back unspecified).
/// </summary>
public static class JsonOut
{
    public static string Instant(DateTime v) =>
        DateTime.SpecifyKind(v, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static void Str(this Utf8JsonWriter w, string name, DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) w.WriteNull(name); else w.WriteString(name, r.GetString(i));
    }

    public static void Long(this Utf8JsonWriter w, string name, DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) w.WriteNull(name); else w.WriteNumber(name, r.GetInt64(i));
    }

    public static void Int(this Utf8JsonWriter w, string name, DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) w.WriteNull(name); else w.WriteNumber(name, r.GetInt32(i));
    }

    public static void Dec(this Utf8JsonWriter w, string name, DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) w.WriteNull(name); else w.WriteNumber(name, r.GetDecimal(i));
    }

    public static void Bool(this Utf8JsonWriter w, string name, DbDataReader r, int i) => w.WriteBoolean(name, r.GetBoolean(i));

    public static void Instant(this Utf8JsonWriter w, string name, DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) w.WriteNull(name); else w.WriteString(name, Instant(r.GetDateTime(i)));
    }

    public static void Date(this Utf8JsonWriter w, string name, DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) w.WriteNull(name); else w.WriteString(name, r.GetFieldValue<DateOnly>(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static void Meta(this Utf8JsonWriter w, Paging? paging = null)
    {
        w.WriteStartObject("meta");
        w.WriteString("api_version", "2.0.0");
        w.WriteString("timestamp", Now());
        if (paging is not null) w.Pagination("pagination", paging);
        w.WriteEndObject();
    }

    public static void Pagination(this Utf8JsonWriter w, string name, Paging p)
    {
        w.WriteStartObject(name);
        w.WriteNumber("total", p.Total);
        w.WriteNumber("per_page", p.PerPage);
        w.WriteNumber("current_page", p.Page);
        w.WriteNumber("last_page", Math.Max(1, (int)Math.Ceiling(p.Total / (double)p.PerPage)));
        if (p.Count == 0) { w.WriteNull("from"); w.WriteNull("to"); }
        else
        {
            w.WriteNumber("from", (p.Page - 1) * p.PerPage + 1);
            w.WriteNumber("to", (p.Page - 1) * p.PerPage + p.Count);
        }
        w.WriteEndObject();
    }
}

/// <summary>page/per_page as the server reads them (defaults 1 and 20), the total, and how many rows the page held.</summary>
public sealed class Paging(int page, int perPage)
{
    public int Page { get; } = page;
    public int PerPage { get; } = perPage;
    public int Offset => (Page - 1) * PerPage;
    public long Total { get; set; }
    public int Count { get; set; }

    public static Paging From(Microsoft.AspNetCore.Http.HttpRequest request) =>
        new(int.TryParse(request.Query["page"], out var p) ? p : 1, int.TryParse(request.Query["per_page"], out var s) ? s : 20);
}
