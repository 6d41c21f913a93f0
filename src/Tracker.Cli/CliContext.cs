using Spectre.Console;

namespace Tracker.Cli;

/// <summary>
/// Everything the commands take from outside: the console, the config folder, the environment
/// (TRACKER_SERVER/TRACKER_TOKEN), the clock, and the HTTP handler. Tests pass the test server's handler and a
/// recording console; <see cref="ForProcess"/> is the real terminal.
/// </summary>
public sealed record CliContext(
    IAnsiConsole Console,
    string ConfigFolder,
    Func<string, string?> Environment,
    TimeProvider Clock,
    HttpMessageHandler? Handler = null,
    Func<Uri, bool>? OpenBrowser = null)
{
    public static CliContext ForProcess() => new(
        AnsiConsole.Console,
        Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.ApplicationData,
            System.Environment.SpecialFolderOption.Create), "tracker"),
        System.Environment.GetEnvironmentVariable,
        TimeProvider.System,
        OpenBrowser: Browser.TryOpen);
}
