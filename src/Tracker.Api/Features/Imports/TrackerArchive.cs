using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Tracker.Api.Features.Exports;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// A Tracker export (docs/export-format.md) opened for <c>source=tracker</c>: the zip is read from the upload's
/// spooled copy, each JSON-lines file row by row. A file that is not a zip, has no manifest or is of a newer format
/// version is refused whole (422) before anything is written; a bad line is an error of its own.
/// </summary>
public sealed class TrackerArchive : IAsyncDisposable
{
    /// <summary>The longest line read; past it the line is an error (an export's lines are a few hundred bytes).</summary>
    public const int MaxLineLength = 64 * 1024;

    private readonly ZipArchive _zip;

    private TrackerArchive(ZipArchive zip) => _zip = zip;

    public static async Task<TrackerArchive> OpenAsync(ImportFile file, CancellationToken ct)
    {
        ZipArchive zip;
        try
        {
            zip = await ZipArchive.CreateAsync(await file.NextPassAsync(ct), ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, ct);
        }
        catch (InvalidDataException)
        {
            throw NotAnExport("The file is not a zip archive.");
        }
        var archive = new TrackerArchive(zip);
        var manifest = zip.GetEntry(ExportFormat.Manifest) ?? throw NotAnExport("The zip has no manifest.json.");
        try
        {
            await using var stream = await manifest.OpenAsync(ct);
            var read = await JsonSerializer.DeserializeAsync<ExportManifest>(stream, ExportFormat.Json, ct);
            if (read?.Format != ExportFormat.Name) throw NotAnExport($"manifest.json does not name the format \"{ExportFormat.Name}\".");
            if (read.FormatVersion is < 1 or > ExportFormat.Version)
                throw NotAnExport($"The export is of format version {read.FormatVersion}; this server reads versions 1 to {ExportFormat.Version}.");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw NotAnExport("manifest.json cannot be read.");
        }
        return archive;
    }

    /// <summary>The rows of one file with their line numbers; a line that cannot be read is reported to <paramref name="bad"/>.</summary>
    public async IAsyncEnumerable<(int Line, T Row)> RowsAsync<T>(string name, Action<int, string> bad, [EnumeratorCancellation] CancellationToken ct)
        where T : class
    {
        if (_zip.GetEntry(name) is not { } entry) yield break;
        await using var stream = await entry.OpenAsync(ct);
        using var reader = new StreamReader(stream);
        var line = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            T? row = null;
            var problem = $"The line is longer than {MaxLineLength} characters.";
            if (text.Length <= MaxLineLength)
                try
                {
                    if (HasControlCharacters(text)) problem = $"A value {ControlCharacters.Problem}.";
                    else
                    {
                        row = JsonSerializer.Deserialize<T>(text, ExportFormat.Json);
                        problem = "The line is not a JSON object.";
                    }
                }
                catch (JsonException e)
                {
                    // The path names the field; the exception's own text would name internal types.
                    problem = e.Path is { Length: > 1 } path ? $"The value at {path} is missing or invalid." : "The line is not valid JSON.";
                }
            if (row is null) bad(line, problem);
            else yield return (line, row);
        }
    }

    /// <summary>Any string of the line holding a control character (written escaped, so the raw text does not show it).</summary>
    private static bool HasControlCharacters(string line)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(line));
        try
        {
            while (reader.Read())
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && ControlCharacters.Contains(reader.GetString()))
                    return true;
        }
        catch (InvalidOperationException)
        {
            return true; // an escaped lone surrogate: not text
        }
        return false;
    }

    public ValueTask DisposeAsync() => _zip.DisposeAsync();

    private static ApiException NotAnExport(string why) => ApiException.Invalid(ImportUpload.Field, $"Not a Tracker export: {why}");
}
