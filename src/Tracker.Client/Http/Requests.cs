namespace Tracker.Client.Http;

internal static class Requests
{
    /// <summary>A message can be sent once; a retry sends a copy with the same headers (and idempotency key).</summary>
    public static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? body)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var (name, values) in request.Headers) copy.Headers.TryAddWithoutValidation(name, values);
        foreach (var option in request.Options) ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        if (body is null) return copy;
        copy.Content = new ByteArrayContent(body);
        foreach (var (name, values) in request.Content!.Headers) copy.Content.Headers.TryAddWithoutValidation(name, values);
        return copy;
    }
}
