using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tracker.Api.Features.Webhooks;

public sealed record SendResult(int? StatusCode, string? Error, int DurationMs)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// POSTs one signed delivery. The connection goes to an address this class resolved and checked itself
/// (ConnectCallback), so a DNS answer cannot change between the check and the connect; redirects are not followed,
/// the timeout is short and at most a few KB of the answer are read.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private const int MaxResponseBytes = 4096;
    public const string DestinationNotAllowed = "destination address not allowed";
    private readonly HttpClient _http;
    private readonly WebhookAddressPolicy _policy;
    private readonly TimeProvider _clock;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider clock)
    {
        _clock = clock;
        _policy = new WebhookAddressPolicy(options.Value.AllowLoopback);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = options.Value.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 16,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = options.Value.Timeout, MaxResponseContentBufferSize = MaxResponseBytes };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Tracker-Webhooks/1.0");
    }

    public async Task<SendResult> SendAsync(string url, string secret, string messageId, string body, CancellationToken ct)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(secret, messageId, timestamp, body));
        request.Headers.Add("X-Webhook-Signature", WebhookSigner.SignHex(secret, messageId, timestamp, body));
        var started = _clock.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            string? error = null;
            if (code is < 200 or >= 300) error = $"HTTP {code}: {await ReadBoundedAsync(response, ct)}".TrimEnd(' ', ':');
            return new SendResult(code, error, Elapsed(started));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            var message = ex is TaskCanceledException ? "Timed out" : (ex.InnerException?.Message ?? ex.Message);
            return new SendResult(null, Truncate(message), Elapsed(started));
        }
    }

    private int Elapsed(long started) => (int)_clock.GetElapsedTime(started).TotalMilliseconds;

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[512];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        return Truncate(Encoding.UTF8.GetString(buffer, 0, read));
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];

    /// <summary>Resolves the host now and connects only to an address the policy allows.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0) throw new HttpRequestException($"{host} did not resolve.");
        var refused = addresses.FirstOrDefault(a => !_policy.IsAllowed(a));
        // The log is read by workspace admins: it must not tell them what an internal name resolves to.
        if (refused is not null) throw new HttpRequestException(DestinationNotAllowed);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();
}
