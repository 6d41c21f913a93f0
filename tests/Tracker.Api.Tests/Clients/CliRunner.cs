using System.Text.Json;
using Spectre.Console;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Cli;

namespace Tracker.Api.Tests.Clients;

public sealed record CliResult(int ExitCode, string Output)
{
    /// <summary>The --json answer; a failed command's text otherwise shows in the test's failure.</summary>
    public JsonElement Json => ExitCode == 0 ? JsonDocument.Parse(Output).RootElement
        : throw new Xunit.Sdk.XunitException($"tracker exited {ExitCode}: {Output}");
}

/// <summary>
/// Runs <c>tracker</c> in process against the test server: its handler, its fake clock, a recording console and a
/// config folder of its own; TRACKER_SERVER/TRACKER_TOKEN come from <paramref name="token"/> when given.
/// </summary>
public sealed class CliRunner(TrackerFactory factory, string? token, Func<Uri, bool>? openBrowser = null) : IDisposable
{
    public string ConfigFolder { get; } = Path.Combine(Path.GetTempPath(), "tracker-cli-tests", Guid.NewGuid().ToString("N"));

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        var environment = new Dictionary<string, string?> { ["TRACKER_SERVER"] = token is null ? null : "http://localhost", ["TRACKER_TOKEN"] = token };
        var context = new CliContext(console, ConfigFolder, name => environment.GetValueOrDefault(name), factory.Clock, factory.Server.CreateHandler(), openBrowser);
        var code = await TrackerCli.RunAsync(args, context);
        return new CliResult(code, writer.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(ConfigFolder, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
