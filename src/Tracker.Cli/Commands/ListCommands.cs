using Spectre.Console;
using System.CommandLine;

namespace Tracker.Cli.Commands;

/// <summary>tracker workspaces | projects | members.</summary>
internal static class ListCommands
{
    public static IEnumerable<Command> Build(CliContext context, Globals globals)
    {
        var workspaces = new Command("workspaces", "Your workspaces, your role and user id in each");
        globals.Run(workspaces, context, async (_, session, output, ct) =>
        {
            var rows = await output.WaitAsync("Loading workspaces", session.WorkspacesAsync, ct);
            output.Write(rows, () =>
            {
                var table = Output.Table("Id", "Name", "Role", "Your user id");
                foreach (var w in rows) table.AddRow(w.Id.ToString(), Format.Esc(w.Name), w.Role, w.UserId.ToString());
                return table;
            });
        });

        var projects = new Command("projects", "Projects of the workspace (all pages)");
        globals.Run(projects, context, async (_, session, output, ct) =>
        {
            var ws = await session.WorkspaceAsync(ct);
            var rows = await output.WaitAsync("Loading projects", c => session.Api.ProjectsAsync(ws.Id, null, c).ToListAsync(c).AsTask(), ct);
            output.Write(rows, () =>
            {
                var table = Output.Table("Id", "Name");
                foreach (var p in rows) table.AddRow(p.Id.ToString(), Format.Esc(p.Name));
                return table;
            });
        });

        var members = new Command("members", "Members of the workspace (all pages)");
        globals.Run(members, context, async (_, session, output, ct) =>
        {
            var ws = await session.WorkspaceAsync(ct);
            var rows = await output.WaitAsync("Loading members", c => session.Api.MembersAsync(ws.Id, c).ToListAsync(c).AsTask(), ct);
            output.Write(rows, () =>
            {
                var table = Output.Table("Id", "Name", "Email", "Role", "Status");
                foreach (var m in rows) table.AddRow(m.Id.ToString(), Format.Esc(m.Name), Format.Esc(m.Email), m.Role, m.Status);
                return table;
            });
        });
        return [workspaces, projects, members];
    }
}
