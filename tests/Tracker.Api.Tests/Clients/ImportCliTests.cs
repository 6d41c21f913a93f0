using System.Text;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Imports;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Cli;

namespace Tracker.Api.Tests.Clients;

/// <summary><c>tracker import</c> against the real server, in process, and its upload progress bar.</summary>
[Collection(SharedHost.Api)]
public class ImportCliTests(TrackerFactory factory)
{
    [Fact]
    public async Task Import_a_toggl_file_dry_run_then_for_real_then_again()
    {
        var ws = await factory.NewWorkspaceAsync();
        var jane = await ws.AddMemberAsync(Roles.RegularUser, timezone: "Europe/Berlin");
        var path = Path.Combine(Path.GetTempPath(), $"toggl-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, ImportClient.Fixture("toggl.csv").Replace("jane@example.com", jane.Email)
            .Replace("omar.nunez@example.com", $"omar-{Guid.NewGuid():N}@example.com"));
        try
        {
            using var cli = new CliRunner(factory, ws.Owner.Token);
            var dry = await cli.RunAsync("import", path, "--from", "toggl", "--dry-run", "--json");
            Assert.True(dry.Json.GetProperty("dry_run").GetBoolean());
            Assert.Equal(4, dry.Json.GetProperty("entries_created").GetInt32());

            var real = await cli.RunAsync("import", path, "--from", "toggl");
            Assert.Equal(TrackerCli.Ok, real.ExitCode);
            Assert.Contains("Entries created", real.Output);
            Assert.Contains("line 8", real.Output);

            var again = await cli.RunAsync("import", path, "--from", "toggl", "--json");
            Assert.Equal(0, again.Json.GetProperty("entries_created").GetInt32());
            Assert.Equal(5, again.Json.GetProperty("entries_skipped_duplicates").GetInt32());

            var member = await ws.AddMemberAsync(Roles.RegularUser);
            using var denied = new CliRunner(factory, member.Token);
            var refused = await denied.RunAsync("import", path, "--from", "toggl", "--workspace", ws.Id.ToString());
            Assert.Equal(TrackerCli.ApiError, refused.ExitCode);
            Assert.Contains("Error 403", refused.Output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Bad_usage_exits_2()
    {
        using var cli = new CliRunner(factory, "trk_pat_unused");
        Assert.Equal(TrackerCli.BadUsage, (await cli.RunAsync("import", "x.csv", "--from", "kimai")).ExitCode);
        Assert.Equal(TrackerCli.BadUsage, (await cli.RunAsync("import", "x.csv")).ExitCode);
        var missing = await cli.RunAsync("import", Path.Combine(Path.GetTempPath(), $"none-{Guid.NewGuid():N}.csv"), "--from", "toggl");
        Assert.Equal(TrackerCli.BadUsage, missing.ExitCode);
        Assert.Contains("No such file", missing.Output);
    }

    [Fact]
    public async Task On_a_terminal_a_progress_bar_follows_the_upload()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        var output = new Output(console, json: false, new FakeTimeProvider());
        var file = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 200_000)));
        var sent = await output.UploadAsync("Uploading export.csv", file, async (stream, ct) =>
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            return copy.Length;
        }, default);
        Assert.Equal(200_000, sent);
        Assert.Contains("Uploading export.csv", writer.ToString());
        Assert.Contains("100%", writer.ToString());
    }
}
