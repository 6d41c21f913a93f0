using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Tracker.Cli;

/// <summary>How a command answers: JSON for scripts (<c>--json</c>), tables and text for people; a spinner on waits.</summary>
internal sealed class Output(IAnsiConsole console, bool json, TimeProvider clock)
{
    private static readonly TimeSpan SpinnerAfter = TimeSpan.FromMilliseconds(300);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public bool IsJson => json;
    public IAnsiConsole Console => console;

    /// <summary>Runs <paramref name="work"/>; when it takes longer than ~300 ms on a terminal, a spinner says what it waits for.</summary>
    public async Task<T> WaitAsync<T>(string what, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var task = work(ct);
        if (json || !console.Profile.Capabilities.Interactive) return await task;
        if (await Task.WhenAny(task, Task.Delay(SpinnerAfter, clock, ct)) == task) return await task;
        return await console.Status().Spinner(Spinner.Known.Dots).StartAsync(what, _ => task);
    }

    /// <summary>
    /// Sends <paramref name="file"/> with <paramref name="send"/>; on a terminal a progress bar follows the bytes read
    /// from it (the upload), then says the server is working on it.
    /// </summary>
    public async Task<T> UploadAsync<T>(string what, Stream file, Func<Stream, CancellationToken, Task<T>> send, CancellationToken ct)
    {
        if (json || !console.Profile.Capabilities.Interactive) return await send(file, ct);
        return await console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask(what, maxValue: Math.Max(1, file.Length));
                var counted = new CountingStream(file, read =>
                {
                    bar.Value = read;
                    if (read >= file.Length) bar.Description = what + ": sent, the server is importing";
                });
                var result = await send(counted, ct);
                bar.Value = bar.MaxValue;
                return result;
            });
    }

    public async Task WaitAsync(string what, Func<CancellationToken, Task> work, CancellationToken ct) =>
        await WaitAsync(what, async c => { await work(c); return true; }, ct);

    /// <summary>With --json the value itself; otherwise the human form.</summary>
    public void Write(object value, Func<IRenderable> human)
    {
        if (json) console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, Json));
        else console.Write(human());
    }

    public void Write(object value, string humanMarkup) => Write(value, () => new Markup(humanMarkup + "\n"));

    public void Raw(string text) => console.Profile.Out.Writer.Write(text);

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in columns) table.AddColumn(c);
        return table;
    }
}

internal static class Format
{
    public static string Minutes(long minutes) => $"{minutes / 60}h {minutes % 60:00}m";
    public static string Esc(string? text) => Markup.Escape(text ?? "");
}
