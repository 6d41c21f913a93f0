namespace Tracker.Client.Http;

/// <summary>
/// Gives every POST an <c>Idempotency-Key</c> (unless the caller set one), before the retry handler, so a retried
/// POST carries the same key and the server replays its first answer instead of creating twice.
/// </summary>
internal sealed class IdempotencyKeyHandler : DelegatingHandler
{
    public const string Header = "Idempotency-Key";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Method == HttpMethod.Post && !request.Headers.Contains(Header))
            request.Headers.TryAddWithoutValidation(Header, Guid.NewGuid().ToString());
        return base.SendAsync(request, ct);
    }
}
