using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.Paging;

/// <summary>
/// <c>page</c> (≥ 1, default 1) and <c>per_page</c> (1..100, default 20) from the query string. Out-of-range or
/// non-numeric values answer 422 rather than being clamped silently. Declare it as an endpoint parameter.
/// </summary>
public sealed record PageRequest(int Page, int PerPage)
{
    public const int DefaultPerPage = 20;
    public const int MaxPerPage = 100;

    public static ValueTask<PageRequest?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<PageRequest?>(FromQuery(context.Request.Query, DefaultPerPage));

    public static PageRequest FromQuery(IQueryCollection query, int defaultPerPage)
    {
        var v = new Validator();
        var request = Read(v, query, defaultPerPage);
        v.ThrowIfInvalid();
        return request;
    }

    /// <summary>The same, adding problems to <paramref name="v"/> so they are named with the caller's other fields.</summary>
    public static PageRequest Read(Validator v, IQueryCollection query, int defaultPerPage) =>
        new(ReadInt(v, query, "page", 1, 1, int.MaxValue / MaxPerPage), ReadInt(v, query, "per_page", defaultPerPage, 1, MaxPerPage));

    private static int ReadInt(Validator v, IQueryCollection query, string name, int fallback, int min, int max)
    {
        var raw = query[name].ToString();
        if (string.IsNullOrEmpty(raw)) return fallback;
        if (!int.TryParse(raw, out var value)) { v.Add(name, $"The {name.Replace('_', ' ')} field must be an integer."); return fallback; }
        if (value < min || value > max) v.Add(name, $"The {name.Replace('_', ' ')} field must be between {min} and {max}.");
        return value;
    }
}

public static class PagingExtensions
{
    /// <summary>
    /// Reads one page and the total. The query must already be ordered (stable paging needs it). The total rides on
    /// each row as an uncorrelated sub-query, which the database evaluates once: one round trip instead of two. Only an
    /// empty page past the first needs its own count.
    /// </summary>
    public static Task<Page<T>> ToPageAsync<T>(this IQueryable<T> query, PageRequest request, CancellationToken ct) =>
        query.ToPageAsync(request, page => page, ct);

    /// <summary>
    /// The same, shaping only the rows of the page: what <paramref name="shape"/> joins (a member's profile) is read
    /// for the rows answered, and the total counts <paramref name="query"/> alone.
    /// </summary>
    public static async Task<Page<TResult>> ToPageAsync<T, TResult>(
        this IQueryable<T> query, PageRequest request, Func<IQueryable<T>, IQueryable<TResult>> shape, CancellationToken ct)
    {
        var rows = await shape(query.Skip((request.Page - 1) * request.PerPage).Take(request.PerPage))
            .Select(item => new CountedRow<TResult>(item, query.Count()))
            .ToListAsync(ct);
        return ToPage(rows, request, rows.Count > 0 || request.Page == 1 ? 0 : await query.CountAsync(ct));
    }

    /// <summary>
    /// The same for a compiled query (<c>EF.CompileAsyncQuery</c>) that takes skip and take and carries the total on
    /// each row as <see cref="CountedRow{T}"/>. An empty page past the first reads the first row again for its total.
    /// </summary>
    public static async Task<Page<T>> ToPageAsync<T>(
        this Func<int, int, IAsyncEnumerable<CountedRow<T>>> compiled, PageRequest request, CancellationToken ct)
    {
        var rows = await compiled((request.Page - 1) * request.PerPage, request.PerPage).ToListAsync(ct);
        return ToPage(rows, request, rows.Count > 0 || request.Page == 1 ? 0 : (await compiled(0, 1).FirstOrDefaultAsync(ct))?.Total ?? 0);
    }

    public sealed record CountedRow<T>(T Item, int Total);

    private static Page<T> ToPage<T>(List<CountedRow<T>> rows, PageRequest request, int totalWhenEmpty)
    {
        var items = rows.ConvertAll(r => r.Item);
        return new Page<T>(items, Describe(rows.Count > 0 ? rows[0].Total : totalWhenEmpty, request, items.Count));
    }

    public static Pagination Describe(int total, PageRequest request, int countOnPage)
    {
        var lastPage = Math.Max(1, (int)Math.Ceiling(total / (double)request.PerPage));
        int? from = countOnPage == 0 ? null : (request.Page - 1) * request.PerPage + 1;
        int? to = countOnPage == 0 ? null : from + countOnPage - 1;
        return new Pagination(total, request.PerPage, request.Page, lastPage, from, to);
    }
}
