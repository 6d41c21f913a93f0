using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// A file format the import reads. A source turns the uploaded file into rows; everything after (members, projects,
/// fingerprints, batches) is <see cref="ImportWriter"/>'s. Problems with the whole file (missing columns, not text)
/// are thrown as <see cref="ApiException"/> before the first row is yielded, so nothing is written for them.
/// </summary>
public interface IImportSource
{
    string Name { get; }

    IAsyncEnumerable<ImportRead> ReadAsync(ImportFile file, CancellationToken ct);
}

/// <summary>The sources by their <c>source</c> name. Adding one: its file, and one line here.</summary>
public static class ImportSources
{
    private static readonly Dictionary<string, Func<IImportSource>> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["toggl"] = () => new TogglSource(),
        ["clockify"] = () => new ClockifySource(),
        ["harvest"] = () => new HarvestSource(),
    };

    /// <summary>Every source name: the CSV sources and <see cref="TrackerImport.Source"/>, which writes whole records itself.</summary>
    public static IReadOnlyCollection<string> Names => [.. All.Keys, TrackerImport.Source];

    public static bool IsTracker(string? name) => string.Equals(name?.Trim(), TrackerImport.Source, StringComparison.OrdinalIgnoreCase);

    /// <summary>A fresh source for one file (sources keep what they learn about the file); 422 for an unknown name.</summary>
    public static IImportSource Create(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw ApiException.Invalid("source", "The source field is required.");
        return All.TryGetValue(name.Trim(), out var create) ? create()
            : throw ApiException.Invalid("source", $"The source must be one of {string.Join(", ", Names)}.");
    }
}
