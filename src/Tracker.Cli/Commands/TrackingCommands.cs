using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tracker.Client;

namespace Tracker.Cli.Commands;

/// <summary>tracker start | stop | status | log | add: the signed-in user's own time.</summary>
internal static class TrackingCommands
{
    public static IEnumerable<Command> Build(CliContext context, Globals globals)
    {
        var project = new Option<string?>("--project") { Description = "Project name or id" };
        var task = new Option<string?>("--task") { Description = "Task title or id" };
        var note = new Option<string?>("--note") { Description = "What you are working on" };

        var start = new Command("start", "Start your tracker") { project, task, note };
        globals.Run(start, context, async (parse, session, output, ct) =>
        {
            var ws = await session.WorkspaceAsync(ct);
            var (contractId, projectId) = await session.ContractAsync(ws, parse.GetValue(project), ct);
            long? taskId = parse.GetValue(task) is { } t ? await session.TaskIdAsync(ws.Id, projectId, t, ct) : null;
            var started = await output.WaitAsync("Starting", c => session.Api.StartAsync(ws.Id, ws.UserId, contractId, taskId, parse.GetValue(note), c), ct);
            output.Write(new { started = true, start_time = started.Start, project = started.Project, task = started.Task },
                $"Started at {Local(context, started.Start):HH:mm}{On(started.Project, started.Task)}.");
        });

        var stop = new Command("stop", "Stop your tracker");
        globals.Run(stop, context, async (_, session, output, ct) =>
        {
            var ws = await session.WorkspaceAsync(ct);
            var stoppedAt = await output.WaitAsync("Stopping", c => session.Api.StopAsync(ws.Id, ws.UserId, c), ct);
            output.Write(new { stopped = true, stopped_at = stoppedAt }, $"Stopped at {Local(context, stoppedAt):HH:mm}.");
        });

        var status = new Command("status", "What is running, for how long, and today's total");
        globals.Run(status, context, async (_, session, output, ct) =>
        {
            var ws = await session.WorkspaceAsync(ct);
            var current = await output.WaitAsync("Reading your tracker", c => session.Api.CurrentAsync(ws.Id, ws.UserId, c), ct);
            // The running entry's start is on the time-entries list, which only owners and executive managers may read.
            List<EntryRow>? today = null;
            try { today = await session.Api.EntriesAsync(ws.Id, ws.UserId, session.Today, ct); }
            catch (TrackerApiException e) when (e.Status == 403) { }
            var since = today?.FirstOrDefault(e => e.End is null)?.Start;
            var running = since is { } s ? (long)(context.Clock.GetUtcNow() - s).TotalMinutes : (long?)null;
            var total = current?.TodayMinutes ?? today?.Sum(e => e.Minutes);
            output.Write(new { running = current is not null, since, running_minutes = running, today_minutes = total, task = current?.Task, note = current?.Note },
                (current is null ? "Not tracking." : $"Tracking{On(null, current.Task)}{(current.Note is null ? "" : $" ({Format.Esc(current.Note)})")}" +
                    (running is { } m ? $" for {Format.Minutes(m)} (since {Local(context, since):HH:mm})." : "."))
                + (total is { } t ? $"\nToday: {Format.Minutes(t)}." : ""));
        });

        var dates = new Dates();
        var log = new Command("log", "Your time entries as a table (owners and executive managers)");
        dates.AddTo(log, month: false);
        globals.Run(log, context, async (parse, session, output, ct) =>
        {
            var ws = await session.WorkspaceAsync(ct);
            var (from, to) = dates.Range(parse, session.Today);
            if (to < from || to.DayNumber - from.DayNumber > 31) throw new UsageException("The range must be 1 to 31 days, --from before --to.");
            var rows = await output.WaitAsync("Loading entries", async c =>
            {
                var all = new List<EntryRow>();
                for (var day = from; day <= to; day = day.AddDays(1)) all.AddRange(await session.Api.EntriesAsync(ws.Id, ws.UserId, day, c));
                return all;
            }, ct);
            output.Write(rows, () =>
            {
                if (rows.Count == 0) return new Markup($"No entries {from:yyyy-MM-dd}..{to:yyyy-MM-dd}.\n");
                var table = Output.Table("Date", "From", "To", "Duration", "Project", "Task", "Note");
                foreach (var e in rows)
                    table.AddRow($"{e.Date:yyyy-MM-dd}", $"{Local(context, e.Start):HH:mm}", e.End is null ? "running" : $"{Local(context, e.End):HH:mm}",
                        Format.Minutes(e.Minutes), Format.Esc(e.Project), Format.Esc(e.Task), Format.Esc(e.Note));
                table.Caption($"Total {Format.Minutes(rows.Sum(e => e.Minutes))}");
                return table;
            });
        });

        var fromTime = new Option<string>("--from") { Description = "Start, HH:mm", Required = true };
        var toTime = new Option<string>("--to") { Description = "End, HH:mm", Required = true };
        var date = new Option<string?>("--date") { Description = "Day, yyyy-MM-dd (default today)" };
        var add = new Command("add", "Add time by hand (owners and executive managers)") { fromTime, toTime, date, project, note };
        globals.Run(add, context, async (parse, session, output, ct) =>
        {
            var (f, t) = (Time(parse.GetValue(fromTime)!, "--from"), Time(parse.GetValue(toTime)!, "--to"));
            var day = parse.GetValue(date) is { } d ? Dates.Parse(d, "--date") : session.Today;
            var ws = await session.WorkspaceAsync(ct);
            var (contractId, _) = await session.ContractAsync(ws, parse.GetValue(project), ct);
            var message = await output.WaitAsync("Adding", c => session.Api.AddEntryAsync(ws.Id, ws.UserId, contractId, day, f, t, parse.GetValue(note), c), ct);
            output.Write(new { added = true, message }, Format.Esc(message ?? "Added."));
        });
        return [start, stop, status, log, add];
    }

    private static string Time(string text, string option) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? text : throw new UsageException($"{option}: '{text}' is not a time (HH:mm).");

    private static DateTimeOffset? Local(CliContext context, DateTimeOffset? at) =>
        at is { } a ? TimeZoneInfo.ConvertTime(a, context.Clock.LocalTimeZone) : null;

    private static string On(string? project, string? task) =>
        project is null && task is null ? "" : " on " + Format.Esc(string.Join(" / ", new[] { project, task }.OfType<string>()));
}
