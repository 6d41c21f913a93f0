using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

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
    /// Checks a delivery the way a Standard Webhooks receiver would, from the secret alone (written from the
    /// specification, not with the server's signer): the signed content is <c>{webhook-id}.{webhook-timestamp}.{body}</c>,
    /// the key the base64 after <c>whsec_</c>, and <c>webhook-signature</c> a space-separated list of <c>v1,&lt;base64&gt;</c>.
    /// </summary>
    public static bool Verifies(ReceivedWebhook hook, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{hook.Id}.{hook.Timestamp}.{hook.Body}"));
        return hook.Signature.Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Decode(s[3..]), expected));
    }

    /// <summary><c>X-Webhook-Signature: sha256=&lt;hex&gt;</c>: the spec's header, keyed with the whole token, over the same content.</summary>
    public static bool HexSignatureVerifies(ReceivedWebhook hook, string secret) =>
        hook.BodySignature == "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{hook.Id}.{hook.Timestamp}.{hook.Body}")));

    private static byte[] Decode(string base64)
    {
        try { return Convert.FromBase64String(base64); }
        catch (FormatException) { return []; }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
