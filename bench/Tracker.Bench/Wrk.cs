using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tracker.Bench;

/// <summary>One wrk run: <see cref="Errors"/> counts non-2xx answers, <see cref="SocketErrors"/> connect/read/write errors and timeouts.</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors, string? Refused = null, long SocketErrors = 0);

/// <summary>Drives one bounded load run with wrk (Debian's package) against a loopback URL and reads its summary.</summary>
public static partial class Wrk
{
    public static async Task<LoadResult> RunAsync(string url, string token, int threads, int connections, int seconds, string? script = null, params string[] scriptArgs)
    {
        var uri = new Uri(url);
        if (!uri.IsLoopback) throw new InvalidOperationException("Load runs target loopback only.");
        var args = new List<string> { $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "10s", "-H", $"Authorization: Bearer {token}" };
        if (script is not null) args.AddRange(["-s", script]);
        args.Add(url);
        if (scriptArgs.Length > 0) args.AddRange(["--", .. scriptArgs]);
        var start = new ProcessStartInfo("wrk", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk).");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk failed: {await process.StandardError.ReadToEndAsync()}");

        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new LoadResult(
            double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            requests == 0 ? double.NaN : Percentile(output, "50%"), requests == 0 ? double.NaN : Percentile(output, "99%"), requests, errors,
            Refused().Match(output) is { Success: true } r ? r.Groups[1].Value.Trim() : null,
            Sockets().Match(output) is { Success: true } e ? Enumerable.Range(1, 4).Sum(i => long.Parse(e.Groups[i].Value, CultureInfo.InvariantCulture)) : 0);
    }

    private static double Percentile(string output, string label)
    {
        var m = Regex.Match(output, $@"^\s*{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success) throw new InvalidOperationException($"no {label} in wrk output:\n{output}");
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"^refused: (.*)$", RegexOptions.Multiline)] private static partial Regex Refused();
    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")] private static partial Regex Sockets();
    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")] private static partial Regex Rate();
    [GeneratedRegex(@"(\d+) requests in")] private static partial Regex RequestsLine();
    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")] private static partial Regex NonSuccess();
}
