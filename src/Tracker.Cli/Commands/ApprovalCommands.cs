using Spectre.Console;
using System.CommandLine;

namespace Tracker.Cli.Commands;

/// <summary>tracker timesheet submit | approvals | approve KIND ID | reject KIND ID --reason TEXT.</summary>
internal static class ApprovalCommands
{
    private static readonly string[] Kinds = ["timesheet", "time-request", "leave"];

    public static IEnumerable<Command> Build(CliContext context, Globals globals)
    {
        var week = new Option<string?>("--week") { Description = "A day of the week to submit, yyyy-MM-dd (default today)" };
        var submit = new Command("submit", "Submit your open timesheets of a week") { week };
        globals.Run(submit, context, async (parse, session, output, ct) =>
        {
            var day = parse.GetValue(week) is { } w ? Dates.Parse(w, "--week") : session.Today;
            var (from, to) = Dates.WeekOf(day);
            var ws = await session.WorkspaceAsync(ct);
            var sheets = await output.WaitAsync("Submitting", async c =>
            {
                var open = (await session.Api.TimesheetsAsync(ws.Id, ws.UserId, from, to, null, c))
                    .Where(s => s.Status is "pending" or "rejected").ToList();
                foreach (var s in open) await session.Api.SubmitTimesheetAsync(ws.Id, s.Id, c);
                return open;
            }, ct);
            output.Write(new { submitted = sheets.Select(s => s.Id) }, sheets.Count == 0
                ? $"No open timesheet for {from:yyyy-MM-dd}..{to:yyyy-MM-dd}."
                : string.Join("\n", sheets.Select(s => $"Submitted timesheet {s.Id} ({s.From:yyyy-MM-dd}..{s.To:yyyy-MM-dd}, {Format.Minutes(s.Minutes)}).")));
        });
        var timesheet = new Command("timesheet", "Your timesheets") { submit };

        var approvals = new Command("approvals", "Pending timesheets, time requests and leaves (managers)");
        globals.Run(approvals, context, async (_, session, output, ct) =>
        {
            var ws = await session.WorkspaceAsync(ct);
            var rows = await output.WaitAsync("Loading approvals", c => session.Api.PendingAsync(ws.Id, session.Today, c), ct);
            output.Write(rows, () =>
            {
                if (rows.Count == 0) return new Markup("Nothing waits for a decision.\n");
                var table = Output.Table("Kind", "Id", "User", "What");
                foreach (var r in rows) table.AddRow(r.Kind, r.Id, r.UserId.ToString(), Format.Esc(r.What));
                return table;
            });
        });

        var approve = Decision("approve", "Approve a timesheet, time request or leave", null, context, globals);
        var reason = new Option<string>("--reason") { Description = "Why (shown to the member)", Required = true };
        var reject = Decision("reject", "Reject a timesheet, time request or leave", reason, context, globals);
        return [timesheet, approvals, approve, reject];
    }

    private static Command Decision(string name, string description, Option<string>? reason, CliContext context, Globals globals)
    {
        var kind = new Argument<string>("KIND") { Description = string.Join(" | ", Kinds) };
        kind.AcceptOnlyFromAmong(Kinds);
        var id = new Argument<string>("ID");
        var command = new Command(name, description) { kind, id };
        if (reason is not null) command.Options.Add(reason);
        globals.Run(command, context, async (parse, session, output, ct) =>
        {
            var ws = await session.WorkspaceAsync(ct);
            var (k, i) = (parse.GetValue(kind)!, parse.GetValue(id)!);
            await output.WaitAsync(name == "approve" ? "Approving" : "Rejecting",
                c => session.Api.DecideAsync(ws.Id, k, i, reason is null ? null : parse.GetValue(reason), c), ct);
            var done = name == "approve" ? "approved" : "rejected";
            output.Write(new { kind = k, id = i, status = done }, $"{k} {Format.Esc(i)} {done}.");
        });
        return command;
    }
}
