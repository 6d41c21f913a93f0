using System.Text;

namespace Tracker.Api.Features.Reports;

/// <summary>
/// A report as CSV (RFC 4180), written row by row to the response as the rows are produced (download with
/// <c>format=csv</c> or <c>Accept: text/csv</c>).
/// </summary>
public sealed class CsvResult(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "text/csv; charset=utf-8";
        httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(httpContext.Response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024);
        await writer.WriteLineAsync(string.Join(',', header.Select(Escape)));
        foreach (var row in rows)
            await writer.WriteLineAsync(string.Join(',', row.Select(v => Escape(Format(v)))));
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Quotes when needed; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.</summary>
    private static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
