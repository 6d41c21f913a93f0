using System.Net;

namespace Tracker.Client.Http;

/// <summary>
/// Retries a 429 after the server's <c>Retry-After</c> (seconds or an HTTP date; 1 s when absent), at most
/// <paramref name="maxRetries"/> times and never waiting longer than <paramref name="maxWait"/> at once.
/// <paramref name="delay"/> is the wait itself, so tests can move a fake clock instead of sleeping.
/// </summary>
internal sealed class RetryAfterHandler(int maxRetries, TimeSpan maxWait, Func<TimeSpan, CancellationToken, Task> delay, TimeProvider clock)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(attempt == 0 ? request : Requests.Copy(request, body), ct);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt >= maxRetries) return response;
            var wait = WaitOf(response);
            response.Dispose();
            await delay(wait, ct);
        }
    }

    private TimeSpan WaitOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } at ? at - clock.GetUtcNow() : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > maxWait ? maxWait : wait;
    }
}
