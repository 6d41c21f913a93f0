namespace Tracker.Api.Infrastructure.Cli;

/// <summary>
/// The server's command line, read before the host is built: help and unknown commands end here without
/// configuration or a database. Hand-written (decisions.md, "Issue 16: start-up"): four commands whose options
/// <see cref="CliCommands"/> reads; everything starting with "-" or "/" or holding "=" is a setting for the host's
/// command-line configuration (--urls, --Database:Provider=postgres).
/// </summary>
public static class CommandLine
{
    public static readonly string[] Commands = ["token create", "oauth-client create", "workspace create", "user set-password"];

    public const string Usage = """
        Tracker: a server for the WebWork Tracker REST API V2.

        Usage:
          Tracker.Api [--urls URL] [--Setting value ...]   start the server (settings: README, "Configuration")
          Tracker.Api token create --email E [--name N]
          Tracker.Api oauth-client create --email E --name N (--redirect-uri URI | --client-credentials)
          Tracker.Api workspace create --name N --owner-email E [--first-name F] [--last-name L]
          Tracker.Api user set-password --email E          (the password is read from standard input)
          Tracker.Api help | --help | -h                    this text

        From the source tree: dotnet run --project src/Tracker.Api -- ARGUMENTS; from a build: dotnet Tracker.Api.dll ARGUMENTS.
        Exit codes: 0 done, 1 start-up error (one line on standard error), 2 unknown command or a command's error.
        """;

    /// <summary>"token create" etc. when the arguments start with a command, otherwise null (serve).</summary>
    public static string? CommandOf(string[] args) =>
        args.Length >= 2 && Commands.Contains($"{args[0]} {args[1]}") ? $"{args[0]} {args[1]}" : null;

    /// <summary>The exit code when the arguments ask for help or name no known command; null to go on.</summary>
    public static int? Answer(string[] args, TextWriter output, TextWriter error)
    {
        if (args is ["help", ..] || args.Any(a => a is "--help" or "-h"))
        {
            output.WriteLine(Usage);
            return 0;
        }
        if (args.Length == 0 || CommandOf(args) is not null || !IsWord(args[0])) return null;
        error.WriteLine($"Unknown command \"{string.Join(' ', args.Take(2).Where(IsWord))}\".");
        error.WriteLine(Usage);
        return CliCommands.Failed;
    }

    private static bool IsWord(string arg) => arg.Length > 0 && arg[0] is not ('-' or '/') && !arg.Contains('=');
}
