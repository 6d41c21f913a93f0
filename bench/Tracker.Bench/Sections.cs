namespace Tracker.Bench;

/// <summary>
/// Rewrites one part of RESULTS.md and keeps the rest: a run owns either the opening part (everything before the first
/// "## " heading) or one "## " section (up to the next "## " heading). Sections a run does not own — hand-written
/// notes, another pass's results — are kept as they are; a section that does not exist yet is appended.
/// </summary>
public static class Sections
{
    public static async Task WriteAsync(string file, string? heading, string content)
    {
        var existing = File.Exists(file) ? await File.ReadAllTextAsync(file) : "# Benchmark results\n";
        await File.WriteAllTextAsync(file, Splice(existing, heading, content.TrimEnd() + "\n"));
    }

    public static string Splice(string existing, string? heading, string content)
    {
        if (heading is null)
        {
            var firstSection = existing.StartsWith("## ", StringComparison.Ordinal) ? 0 : existing.IndexOf("\n## ", StringComparison.Ordinal);
            return firstSection < 0 ? content : content + "\n" + existing[(firstSection == 0 ? 0 : firstSection + 1)..];
        }
        var start = existing.StartsWith(heading + "\n", StringComparison.Ordinal) ? 0 : existing.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        if (start < 0) return existing.TrimEnd() + "\n\n" + content;
        if (start > 0) start++;
        var next = existing.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return existing[..start] + content + (next < 0 ? "" : "\n" + existing[(next + 1)..]);
    }
}
