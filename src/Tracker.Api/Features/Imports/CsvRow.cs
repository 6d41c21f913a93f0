using nietras.SeparatedValues;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Imports;

/// <summary>The header of a CSV export: column positions by name (trimmed, case-insensitive; the first of a repeated name wins).</summary>
public sealed class CsvColumns
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];

    public int Count => _names.Count;

    /// <summary>The header row; 422 naming every required column it lacks.</summary>
    public static CsvColumns FromHeader(SepReader.Row header, IReadOnlyList<string> required)
    {
        var columns = new CsvColumns();
        for (var i = 0; i < header.ColCount; i++)
        {
            var name = header[i].Span.Trim().TrimStart('\uFEFF').Trim().ToString();
            columns._names.Add(name);
            columns._index.TryAdd(name, i);
        }
        var missing = required.Where(r => columns.IndexOf(r) < 0).ToList();
        if (missing.Count == 0) return columns;
        var hint = columns.Count == 1 && columns._names[0].IndexOfAny([';', '\t', '|']) >= 0
            ? " The file must be comma-separated; this one seems to use another separator." : "";
        throw ApiException.Invalid("file", $"The file lacks the required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}.{hint}");
    }

    /// <summary>The position of a column, or of the first whose name starts with <paramref name="name"/> followed by
    /// " (" (currency-suffixed columns such as "Billable Rate (USD)"); -1 when absent.</summary>
    public int IndexOf(string name)
    {
        if (_index.TryGetValue(name, out var i)) return i;
        return _names.FindIndex(n => n.StartsWith(name + " (", StringComparison.OrdinalIgnoreCase));
    }

    public string NameAt(int index) => _names[index];
}

/// <summary>One data row, read by column name; values are trimmed, an empty value is null.</summary>
public readonly ref struct CsvRow
{
    private readonly SepReader.Row row;
    private readonly CsvColumns columns;

    public CsvRow(SepReader.Row row, CsvColumns columns)
    {
        this.row = row;
        this.columns = columns;
    }

    public int Line => row.LineNumberFrom;

    public bool IsBlank => row.ColCount == 1 && row[0].Span.IsWhiteSpace();

    public CsvColumns Columns => columns;

    /// <summary>A row must have as many columns as the header (an unquoted comma in a description shifts everything).</summary>
    public void RequireShape()
    {
        if (row.ColCount != columns.Count)
            throw new ImportRowException($"The row has {row.ColCount} columns where the header has {columns.Count}; a value with a comma must be quoted.");
    }

    public string? this[string column]
    {
        get
        {
            var i = columns.IndexOf(column);
            if (i < 0 || i >= row.ColCount) return null;
            var value = row[i].Span.Trim();
            if (value.IsEmpty) return null;
            if (ControlCharacters.Contains(value))
                throw new ImportRowException($"The {columns.NameAt(i)} column contains control characters.");
            return value.ToString();
        }
    }

    public string Required(string column) => this[column] ?? throw new ImportRowException($"The {column} column is empty.");
}
