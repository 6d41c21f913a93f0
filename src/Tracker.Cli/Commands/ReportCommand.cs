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
            var byProject = parse.GetValue(by) == "project";
            var (sums, total) = await output.WaitAsync("Loading report", c => session.Api.TrackedHoursSumsAsync(ws.Id, from, to, byProject, c), ct);
            // The server sums and orders them (most time first); names are what it answered.
            List<ReportRow> rows = [.. sums.Select(s => new ReportRow(s.Name ?? (byProject ? "(no project)" : ""), s.TotalMinutes))];
            output.Write(new { from, to, by = byProject ? "project" : "member", total_minutes = total, rows }, () => Render(rows, total, byProject, from, to));
        });
        return command;
    }

    private static IRenderable Render(List<ReportRow> rows, int total, bool byProject, DateOnly from, DateOnly to)
    {
        if (rows.Count == 0) return new Markup($"No tracked time {from:yyyy-MM-dd}..{to:yyyy-MM-dd}.\n");
        var table = Output.Table(byProject ? "Project" : "Member", "Hours", "");
        var max = Math.Max(1, rows.Select(r => r.Minutes).DefaultIfEmpty(0).Max());
        foreach (var r in rows)
            table.AddRow(Format.Esc(r.Name), Format.Minutes(r.Minutes), $"[green]{new string('█', (int)Math.Max(1, r.Minutes * BarWidth / max))}[/]");
        return new Rows(table, new Markup($"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}, total {Format.Minutes(total)}\n"));
    }
}
