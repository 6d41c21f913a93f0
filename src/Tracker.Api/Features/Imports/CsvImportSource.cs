using System.Runtime.CompilerServices;
using System.Text;
using nietras.SeparatedValues;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// A comma-separated export read with Sep in two passes over <see cref="ImportFile"/>: the first streams the upload
/// through <see cref="CsvGuard"/> (whole-file checks), checks the header and lets the source learn the file's formats
/// (<see cref="Scan"/>); the second maps each row. Columns are found by name, case-insensitively; unknown ones are
/// ignored. A row that cannot be mapped becomes an <see cref="ImportRead.Bad"/>, never an exception.
/// </summary>
public abstract class CsvImportSource : IImportSource
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    private CsvColumns? _columns;

    public abstract string Name { get; }

    /// <summary>Columns the header must have (their absence is a 422 naming them); empty values are checked per row.</summary>
    protected abstract IReadOnlyList<string> RequiredColumns { get; }

    /// <summary>First pass, every row: learn what the whole file says (date order, for one).</summary>
    protected virtual void Scan(CsvRow row) { }

    /// <summary>After the first pass: throw a 422 when the file as a whole cannot be read.</summary>
    protected virtual void Scanned() { }

    /// <summary>One row as an entry; throws <see cref="ImportRowException"/> for a bad row.</summary>
    protected abstract ImportRow Map(CsvRow row);

    public async IAsyncEnumerable<ImportRead> ReadAsync(ImportFile file, [EnumeratorCancellation] CancellationToken ct)
    {
        await ScanAsync(file, ct);
        var copy = await file.NextPassAsync(ct);
        foreach (var read in ReadRows(copy)) yield return read;
    }

    private static SepReaderOptions Options() => new Sep(',').Reader(o => o with
    {
        HasHeader = false, DisableColCountCheck = true, Unescape = true,
    });

    private async Task ScanAsync(ImportFile file, CancellationToken ct)
    {
        using var text = new StreamReader(new CsvGuard(file.FirstPass()), StrictUtf8, detectEncodingFromByteOrderMarks: true);
        try
        {
            using var reader = await Options().FromAsync(text, ct);
            await foreach (var row in reader)
            {
                if (_columns is null) _columns = CsvColumns.FromHeader(row, RequiredColumns);
                else
                {
                    var csv = new CsvRow(row, _columns);
                    if (csv.IsBlank) continue;
                    try
                    {
                        Scan(csv);
                    }
                    catch (ImportRowException)
                    {
                        // reported with its line by the second pass
                    }
                }
            }
        }
        catch (DecoderFallbackException)
        {
            throw ApiException.Invalid("file", "The file is not UTF-8 text: it must be the CSV file the product exported.");
        }
        if (_columns is null) throw ApiException.Invalid("file", "The file is empty.");
        Scanned();
    }

    private IEnumerable<ImportRead> ReadRows(Stream copy)
    {
        using var text = new StreamReader(copy, StrictUtf8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        using var reader = Options().From(text);
        var header = true;
        while (reader.MoveNext())
        {
            if (header)
            {
                header = false;
                continue;
            }
            if (MapOne(new CsvRow(reader.Current, _columns!)) is { } read) yield return read;
        }
    }

    private ImportRead? MapOne(CsvRow row)
    {
        if (row.IsBlank) return null;
        try
        {
            row.RequireShape();
            return ImportRead.Ok(row.Line, Map(row));
        }
        catch (ImportRowException e)
        {
            return ImportRead.Bad(row.Line, e.Message);
        }
    }
}

/// <summary>A row that cannot be imported; the message says why, in words for the person who exported the file.</summary>
public sealed class ImportRowException(string message) : Exception(message);
