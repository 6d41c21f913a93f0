using System.CommandLine;
using Tracker.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Tracker.Cli.Commands;

/// <summary>tracker report: tracked hours per member or project over a range, with a bar per row.</summary>
internal static class ReportCommand
{
    private const int BarWidth = 30;

    public sealed record ReportRow(string Name, long Minutes);

    public static Command Build(CliContext context, Globals globals)
    {
        var dates = new Dates();
        var by = new Option<string>("--by") { Description = "member | project", DefaultValueFactory = _ => "member" };
        by.AcceptOnlyFromAmong("member", "project");
        var csv = new Option<bool>("--csv") { Description = "The server's CSV export of the report" };
        var command = new Command("report", "Tracked hours (default this week) per member or project (owners and executive managers)") { by, csv };
        dates.AddTo(command, month: true);
        globals.Run(command, context, async (parse, session, output, ct) =>
        {
            var ws = await session.WorkspaceAsync(ct);
            var (from, to) = dates.Range(parse, session.Today, weekByDefault: true);
            if (parse.GetValue(csv))
            {
                output.Raw(await output.WaitAsync("Loading report", c => session.Api.TrackedHoursCsvAsync(ws.Id, from, to, c), ct));
                return;
            }
            var lines = await output.WaitAsync("Loading report", c => session.Api.TrackedHoursAsync(ws.Id, from, to, c), ct);
            var byProject = parse.GetValue(by) == "project";
            var rows = Rows(lines, byProject);
            var total = rows.Sum(r => r.Minutes);
            output.Write(new { from, to, by = byProject ? "project" : "member", total_minutes = total, rows }, () => Render(rows, total, byProject, from, to));
        });
        return command;
    }

    /// <summary>Minutes per member (or project) summed over the report's days.</summary>
    private static List<ReportRow> Rows(List<TrackedHoursLine> lines, bool byProject) =>
        [.. lines.GroupBy(l => byProject ? l.ProjectName ?? "(no project)" : l.UserName ?? "")
            .Select(g => new ReportRow(g.Key, g.Sum(l => (long)l.TotalMinutes)))
            .OrderByDescending(r => r.Minutes).ThenBy(r => r.Name, StringComparer.Ordinal)];

    private static IRenderable Render(List<ReportRow> rows, long total, bool byProject, DateOnly from, DateOnly to)
    {
        if (rows.Count == 0) return new Markup($"No tracked time {from:yyyy-MM-dd}..{to:yyyy-MM-dd}.\n");
        var table = Output.Table(byProject ? "Project" : "Member", "Hours", "");
        var max = Math.Max(1, rows.Select(r => r.Minutes).DefaultIfEmpty(0).Max());
        foreach (var r in rows)
            table.AddRow(Format.Esc(r.Name), Format.Minutes(r.Minutes), $"[green]{new string('█', (int)Math.Max(1, r.Minutes * BarWidth / max))}[/]");
        return new Rows(table, new Markup($"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}, total {Format.Minutes(total)}\n"));
    }
}
