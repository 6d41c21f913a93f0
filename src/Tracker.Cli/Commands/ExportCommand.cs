using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;

namespace Tracker.Cli.Commands;

/// <summary>tracker export --out FILE: the workspace's export zip (owners and executive managers), with its manifest's counts.</summary>
internal static class ExportCommand
{
    public static Command Build(CliContext context, Globals globals)
    {
        var file = new Option<FileInfo>("--out") { Description = "The zip file to write", Required = true };
        var command = new Command("export", "Download everything the workspace holds as a zip (owners and executive managers)") { file };
        globals.Run(command, context, async (parse, session, output, ct) =>
        {
            var ws = await session.WorkspaceAsync(ct);
            var target = parse.GetValue(file)!;
            // Written beside the target and moved at the end: a refused or broken download leaves no half file.
            var partial = target.FullName + ".partial";
            try
            {
                await using (var stream = File.Create(partial))
                    await output.WaitAsync("Exporting", c => session.Api.ExportAsync(ws.Id, stream, c), ct);
                File.Move(partial, target.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            var counts = await CountsAsync(target.FullName, ct);
            var bytes = new FileInfo(target.FullName).Length;
            output.Write(new { file = target.FullName, bytes, counts },
                $"Exported {counts.Values.Sum()} records of {Format.Esc(ws.Name)} to {Format.Esc(target.FullName)} ({bytes / 1024.0:0.#} KB).");
        });
        return command;
    }

    /// <summary>The manifest's lines per file.</summary>
    private static async Task<Dictionary<string, int>> CountsAsync(string path, CancellationToken ct)
    {
        await using var zip = await ZipFile.OpenReadAsync(path, ct);
        await using var manifest = await (zip.GetEntry("manifest.json")
            ?? throw new UsageException("The server's answer is not a Tracker export (no manifest.json).")).OpenAsync(ct);
        using var doc = await JsonDocument.ParseAsync(manifest, cancellationToken: ct);
        return doc.RootElement.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
    }
}
