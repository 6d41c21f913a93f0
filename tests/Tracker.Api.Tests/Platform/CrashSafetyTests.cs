using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tracker.Api.Tests.Features.Webhooks;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>
/// Runs the real server as a separate process, kills it with SIGKILL in the middle of a stream of writes, starts
/// it again on the same database, and checks that every acknowledged write is there, complete (membership and its
/// outbox event, written in one transaction), that nothing half-written exists, and that the queued webhook events
/// of those writes are still delivered after the restart.
/// </summary>
public class CrashSafetyTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Token = "trk_pat_crash_safety_owner";

    [Fact]
    public async Task Acknowledged_writes_survive_a_sigkill()
    {
        var folder = Directory.CreateTempSubdirectory("tracker-crash").FullName;
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        var server = Start(folder, port);
        await WaitHealthyAsync(http);
        await using var receiver = await WebhookReceiver.StartAsync();
        (await http.PostAsJsonAsync("/api/v2/webhooks?workspace_id=1", new { url = receiver.Url, events = new[] { "member.invited" } }))
            .EnsureSuccessStatusCode();
        var acknowledged = new List<long>();
        var sent = 0;
        try
        {
            using var writes = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                while (!writes.IsCancellationRequested)
                {
                    sent++;
                    try
                    {
                        var response = await http.PostAsJsonAsync("/api/v2/members?workspace_id=1",
                            new { email = $"crash-{sent}@example.com", firstname = "C", lastname = "S", role = "Regular User" });
                        if (response.StatusCode != HttpStatusCode.Created) continue;
                        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                        lock (acknowledged) acknowledged.Add(body.GetProperty("data").GetProperty("user_id").GetInt64());
                    }
                    catch (HttpRequestException) { return; }
                    catch (TaskCanceledException) { return; }
                }
            });
            while (true) { lock (acknowledged) if (acknowledged.Count >= 25) break; await Task.Delay(20); }
            server.Kill(entireProcessTree: true); // SIGKILL: no graceful shutdown, requests in flight are cut
            await server.WaitForExitAsync();
            writes.Cancel();
            await writer;
        }
        finally
        {
            if (!server.HasExited) server.Kill(true);
        }

        var restarted = Start(folder, port);
        try
        {
            await WaitHealthyAsync(http);
            var members = new HashSet<long>();
            for (var page = 1; ; page++)
            {
                var list = JsonDocument.Parse(await http.GetStringAsync($"/api/v2/members?workspace_id=1&per_page=100&page={page}")).RootElement;
                foreach (var m in list.GetProperty("data").EnumerateArray()) members.Add(m.GetProperty("id").GetInt64());
                if (page >= list.GetProperty("meta").GetProperty("pagination").GetProperty("last_page").GetInt32()) break;
            }
            Assert.All(acknowledged, id => Assert.Contains(id, members));
            // Every invited membership has its event and every event its membership: no half-written change.
            var (invited, events) = await CountInvitesAndEventsAsync();
            Assert.Equal(invited, events);
            Assert.True(invited >= acknowledged.Count);

            // Every committed invitation's event reaches the receiver, including those queued when the process died.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            // Distinct webhook-ids: a redelivery after the kill counts once.
            int Delivered() => receiver.Received.Select(r => r.Id).Distinct().Count();
            while (Delivered() < invited && DateTime.UtcNow < deadline) await Task.Delay(250);
            Assert.Equal(invited, Delivered());
        }
        finally
        {
            restarted.Kill(true);
            await restarted.WaitForExitAsync();
            try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }

    private Process Start(string folder, int port)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Tracker.Api.dll");
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["ConnectionStrings__Default"] = factory.ConnectionString;
        info.Environment["Database__Provider"] = factory.IsPostgres ? "postgres" : "sqlite";
        info.Environment["Seed__OwnerToken"] = Token;
        info.Environment["RateLimiting__PermitsPerMinute"] = "100000";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Webhooks__AllowLoopback"] = "true";
        info.Environment["Webhooks__PollIntervalSeconds"] = "0.5";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<(long Invited, long Events)> CountInvitesAndEventsAsync()
    {
        const string invited = "SELECT COUNT(*) FROM \"Members\" WHERE \"WorkspaceId\" = 1 AND \"Role\" = 'Regular User' AND \"UserId\" IN (SELECT \"Id\" FROM \"Users\" WHERE \"Email\" LIKE 'crash-%')";
        const string events = "SELECT COUNT(*) FROM \"OutboxEvents\" WHERE \"WorkspaceId\" = 1 AND \"EventType\" = 'member.invited'";
        if (factory.IsPostgres)
        {
            await using var pg = new NpgsqlConnection(factory.ConnectionString);
            await pg.OpenAsync();
            return ((long)(await new NpgsqlCommand(invited, pg).ExecuteScalarAsync())!, (long)(await new NpgsqlCommand(events, pg).ExecuteScalarAsync())!);
        }
        await using var lite = new SqliteConnection(factory.ConnectionString);
        await lite.OpenAsync();
        await using var a = new SqliteCommand(invited, lite);
        await using var b = new SqliteCommand(events, lite);
        return ((long)(await a.ExecuteScalarAsync())!, (long)(await b.ExecuteScalarAsync())!);
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The server did not become healthy.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
