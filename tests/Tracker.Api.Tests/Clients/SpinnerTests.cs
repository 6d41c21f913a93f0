using Microsoft.Extensions.Time.Testing;
using Spectre.Console;
using Tracker.Cli;

namespace Tracker.Api.Tests.Clients;

/// <summary>The CLI's spinner: only on a terminal, and only once a wait has passed 300 ms.</summary>
public class SpinnerTests
{
    [Fact]
    public async Task A_spinner_shows_only_when_a_wait_passes_300_ms()
    {
        var clock = new FakeTimeProvider();
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        var output = new Output(console, json: false, clock);

        Assert.Equal(1, await output.WaitAsync("Quick", _ => Task.FromResult(1), default));
        Assert.DoesNotContain("Quick", writer.ToString());

        var slow = new TaskCompletionSource<int>();
        var waiting = output.WaitAsync("Loading report", _ => slow.Task, default);
        Assert.DoesNotContain("Loading report", writer.ToString());
        clock.Advance(TimeSpan.FromMilliseconds(300));
        for (var waited = 0; waited < 5_000 && !writer.ToString().Contains("Loading report"); waited += 20)
            await Task.Delay(20); // the spinner's first frame is drawn on its own thread
        Assert.Contains("Loading report", writer.ToString());
        slow.SetResult(2);

        Assert.Equal(2, await waiting);
    }
}
