using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Tracker.Cli.Commands;

/// <summary>tracker import FILE --from toggl|clockify|harvest|tracker [--dry-run]: another tracker's export in (owners and executive managers).</summary>
internal static class ImportCommand
{
    private const int ErrorsShown = 20;

    public static Command Build(CliContext context, Globals globals)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The export: a detailed time-entry CSV, or a Tracker export (zip)" };
        var from = new Option<string>("--from") { Description = "toggl | clockify | harvest | tracker", Required = true };
        from.AcceptOnlyFromAmong("toggl", "clockify", "harvest", "tracker");
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file and count what it would create; write nothing" };
        var command = new Command("import", "Import time entries from another tracker's export (owners and executive managers)") { file, from, dryRun };
        globals.Run(command, context, async (parse, session, output, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new UsageException($"No such file: {path.FullName}");
            var ws = await session.WorkspaceAsync(ct);
            var source = parse.GetValue(from)!;
            var dry = parse.GetValue(dryRun);
            await using var stream = path.OpenRead();
            var result = await output.UploadAsync($"Uploading {path.Name}", stream, (s, c) => session.Api.ImportAsync(ws.Id, source, s, dry, c), ct);
            output.Write(result, () => Render(result));
        });
        return command;
    }

    private static IRenderable Render(ImportSummary r)
    {
        var table = Output.Table("", "Count");
        table.AddRow("Rows", r.Rows.ToString());
        table.AddRow(r.DryRun ? "Entries it would create" : "Entries created", r.EntriesCreated.ToString());
        table.AddRow("Already imported (skipped)", r.EntriesSkippedDuplicates.ToString());
        table.AddRow("Members invited", r.MembersCreated.ToString());
        table.AddRow("Projects created", r.ProjectsCreated.ToString());
        table.AddRow("Tasks created", r.TasksCreated.ToString());
        table.AddRow("Rows with errors", r.Errors.Count.ToString());
        var lines = new List<IRenderable> { table };
        if (r.DryRun) lines.Add(new Markup("[yellow]Dry run: nothing was written.[/]\n"));
        foreach (var e in r.Errors.Take(ErrorsShown)) lines.Add(new Markup($"  [red]line {e.Line}[/]: {Format.Esc(e.Message)}\n"));
        if (r.Errors.Count > ErrorsShown) lines.Add(new Markup($"  … and {r.Errors.Count - ErrorsShown} more (--json lists them all)\n"));
        return new Rows(lines);
    }
}
