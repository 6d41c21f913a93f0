using System.Diagnostics;

namespace Tracker.Bench;

/// <summary>The published server in its own process, with production settings on the bench database.</summary>
public sealed class ServerProcess(Process process, string url) : IDisposable
{
    /// <summary>Samples the whole life of the process: its peak under the whole bench.</summary>
    private readonly MemorySampler _lifetime = new(process.Id);

    public long PeakMbSinceStart => _lifetime.PeakMb;

    /// <summary>Starts the server on PostgreSQL or on a SQLite file; <paramref name="environment"/> adds runtime settings
    /// (e.g. DOTNET_TieredPGO) for an A/B of them.</summary>
    public static ServerProcess Start(string dll, string url, Provider provider, string connectionString, string keysFolder,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = url,
                ["Database__Provider"] = provider == Provider.Sqlite ? "sqlite" : "postgres",
                ["ConnectionStrings__Default"] = connectionString,
                ["Seed__Enabled"] = "false",
                ["OAuth__KeysPath"] = Path.Combine(keysFolder, "oauth"),
                ["DataProtection__KeysPath"] = Path.Combine(keysFolder, "dataprotection"),
                // The contract's 60/min per user would turn a load run into a 429 run; the limiter still runs.
                ["RateLimiting__PermitsPerMinute"] = "1000000000",
                // Likewise the web app's own budget (600/min per person): the page-timing pass loads pages back to back.
                ["RateLimiting__WebSessionPermitsPerMinute"] = "1000000000",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, url);
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"the server exited with {process.ExitCode}");
            try
            {
                if ((await http.GetAsync(url + "/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("the server did not become healthy");
    }

    /// <summary>Samples the server's resident memory every 200 ms until disposed.</summary>
    public MemorySampler SampleMemory() => new(process.Id);

    public int Id => process.Id;

    public void Stop()
    {
        if (process.HasExited) return;
        process.Kill();
        process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        _lifetime.Dispose();
        Stop();
        process.Dispose();
    }
}

public sealed class MemorySampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakKb;

    public MemorySampler(int pid)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peakKb = Math.Max(_peakKb, CurrentMb(pid) * 1024);
                try { await Task.Delay(200, _stop.Token); } catch (TaskCanceledException) { }
            }
        });
    }

    public long PeakMb => _peakKb / 1024;

    /// <summary>The resident memory now, in MB.</summary>
    public static long CurrentMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb) ? kb / 1024 : 0;
        }
        catch (IOException)
        {
            return 0; // the process has exited
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait();
        _stop.Dispose();
    }
}
