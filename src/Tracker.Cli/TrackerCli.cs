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
                     .Append(ReportCommand.Build(context, globals)))
            root.Subcommands.Add(command);

        var console = context.Console;
        var parse = root.Parse(args);
        var config = new InvocationConfiguration
        {
            Output = console.Profile.Out.Writer, Error = console.Profile.Out.Writer, EnableDefaultExceptionHandler = false,
        };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) console.MarkupLine($"[red]{Format.Esc(error.Message)}[/]");
            console.MarkupLine("Run [bold]tracker --help[/] for usage.");
            return BadUsage;
        }
        try
        {
            return await parse.InvokeAsync(config, ct);
        }
        catch (UsageException e)
        {
            console.MarkupLine($"[red]{Format.Esc(e.Message)}[/]");
            return BadUsage;
        }
        catch (TrackerApiException e)
        {
            console.MarkupLine($"[red]Error {e.Status}:[/] {Format.Esc(e.Message)}");
            foreach (var (field, messages) in e.Errors)
                foreach (var message in messages) console.MarkupLine($"  [yellow]{Format.Esc(field)}[/]: {Format.Esc(message)}");
            return ApiError;
        }
        catch (HttpRequestException e)
        {
            console.MarkupLine($"[red]Cannot reach the server:[/] {Format.Esc(e.Message)}");
            return ApiError;
        }
    }
}
