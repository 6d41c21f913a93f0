using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Tracker.Api.Tests.Features.Webhooks;

public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string? BodySignature, string Body);

/// <summary>A real HTTP endpoint on 127.0.0.1 (random port) that records what it receives and answers a scripted status.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    /// <summary>A path of its own, so a delivery meant for an earlier receiver on a reused port is not counted.</summary>
    private readonly string _path = "/hook/" + Guid.NewGuid().ToString("N");

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();
    /// <summary>Answered once the script is used up.</summary>
    public int DefaultStatus { get; set; } = 200;
    public string Url { get; private set; } = "";

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook/{id}", async (HttpRequest request) =>
        {
            if (request.Path != _path) return Results.StatusCode(410);
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Received.Enqueue(new ReceivedWebhook(request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), request.Headers["X-Webhook-Signature"].FirstOrDefault(), body));
            var status = _script.TryDequeue(out var s) ? s : DefaultStatus;
            return status == 302 ? Results.Redirect("http://127.0.0.1:9/elsewhere") : Results.StatusCode(status);
        });
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First() : throw new InvalidOperationException();
        receiver.Url = address + receiver._path;
        return receiver;
    }

    /// <summary>The next answers, in order (e.g. 500 then 200).</summary>
    public void Script(params int[] statuses) { foreach (var s in statuses) _script.Enqueue(s); }

    /// <summary>
    /// Checks a delivery the way a Standard Webhooks receiver would, from the secret alone, with the StandardWebhooks
    /// package rather than the server's signer: its <c>v1</c> signature of the received id, timestamp and body must be
    /// one of the space-separated entries of <c>webhook-signature</c>. (The package's <c>Verify</c> also holds the
    /// timestamp to the machine's real clock, which the tests' fake clock is not.)
    /// </summary>
    public static bool Verifies(ReceivedWebhook hook, string secret) =>
        long.TryParse(hook.Timestamp, out var seconds)
        && hook.Signature.Split(' ').Contains(new StandardWebhook(secret).Sign(hook.Id, DateTimeOffset.FromUnixTimeSeconds(seconds), hook.Body));

    /// <summary><c>X-Webhook-Signature: sha256=&lt;hex&gt;</c>: the spec's header, keyed with the whole token, over the same content.</summary>
    public static bool HexSignatureVerifies(ReceivedWebhook hook, string secret) =>
        hook.BodySignature == "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{hook.Id}.{hook.Timestamp}.{hook.Body}")));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
