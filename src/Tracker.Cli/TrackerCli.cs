using System.CommandLine;
using Spectre.Console;
using Tracker.Cli.Commands;
using Tracker.Client;

namespace Tracker.Cli;

/// <summary>Options every command takes.</summary>
internal sealed record Globals(Option<bool> Json, Option<long?> Workspace)
{
    /// <summary>Gives <paramref name="command"/> an action that runs in a <see cref="Session"/> with an <see cref="Output"/>.</summary>
    public void Run(Command command, CliContext context, Func<ParseResult, Session, Output, CancellationToken, Task> body) =>
        command.SetAction(async (parse, ct) =>
        {
            using var session = new Session(context, parse.GetValue(Workspace));
            await body(parse, session, new Output(context.Console, parse.GetValue(Json), context.Clock), ct);
            return 0;
        });
}

/// <summary>
/// The <c>tracker</c> command line. Exit codes: 0 success, 1 the API (or the network) refused (its message printed),
/// 2 bad usage. <see cref="RunAsync"/> takes everything from <see cref="CliContext"/>, so tests run it in process.
/// </summary>
public static class TrackerCli
{
    public const int Ok = 0, ApiError = 1, BadUsage = 2;

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken ct = default)
    {
        var globals = new Globals(
            new Option<bool>("--json") { Description = "Answer in JSON, for scripts", Recursive = true },
            new Option<long?>("--workspace") { Description = "Workspace id (default: the saved one, or your only one)", Recursive = true });
        var root = new RootCommand("Track time on a Tracker server from the terminal.") { globals.Json, globals.Workspace };
        foreach (var command in LoginCommand.Build(context, globals).Concat(ListCommands.Build(context, globals))
                     .Concat(TrackingCommands.Build(context, globals)).Concat(ApprovalCommands.Build(context, globals))
                     .Append(ReportCommand.Build(context, globals)).Append(ExportCommand.Build(context, globals)).Append(ImportCommand.Build(context, globals)))
            root.Subcommands.Add(command);

        var console = context.Console;
        var parse = root.Parse(args);
        var config = new InvocationConfiguration
        {
            Output = console.Profile.Out.Writer, Error = console.Profile.Out.Writer, EnableDefaultExceptionHandler = false,
        };
        var output = new Output(console, parse.GetValue(globals.Json), context.Clock);
        if (parse.Errors.Count > 0)
            return Fail(output, BadUsage, null, string.Join("\n", parse.Errors.Select(e => e.Message).Append("Run `tracker --help` for usage.")), null);
        try
        {
            return await parse.InvokeAsync(config, ct);
        }
        catch (UsageException e)
        {
            return Fail(output, BadUsage, null, e.Message, null);
        }
        catch (TrackerApiException e)
        {
            return Fail(output, ApiError, e.Status, e.Message, e.Errors);
        }
        catch (HttpRequestException e)
        {
            return Fail(output, ApiError, null, "Cannot reach the server: " + e.Message, null);
        }
    }

    /// <summary>The failure, as JSON with --json (scripts read <c>status</c> and <c>errors</c>), else as text.</summary>
    private static int Fail(Output output, int exitCode, int? status, string message, IReadOnlyDictionary<string, string[]>? errors)
    {
        if (output.IsJson)
        {
            output.Write(new { success = false, exit_code = exitCode, status, message, errors = errors ?? new Dictionary<string, string[]>() }, "");
            return exitCode;
        }
        var console = output.Console;
        console.MarkupLine(status is { } s ? $"[red]Error {s}:[/] {Format.Esc(message)}" : $"[red]{Format.Esc(message)}[/]");
        foreach (var (field, messages) in errors ?? new Dictionary<string, string[]>())
            foreach (var m in messages) console.MarkupLine($"  [yellow]{Format.Esc(field)}[/]: {Format.Esc(m)}");
        return exitCode;
    }
}
