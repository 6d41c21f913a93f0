using System.Text.Json;

namespace Tracker.Client.Http;

/// <summary>
/// Turns every non-2xx response into a <see cref="TrackerApiException"/>, reading the envelope itself rather than
/// the generated error classes, so the exception is the same for every operation whatever the document declares.
/// </summary>
internal sealed class ErrorEnvelopeHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw Read((int)response.StatusCode, response.ReasonPhrase, body);
        }
    }

    internal static TrackerApiException Read(int status, string? reason, string body)
    {
        var message = reason ?? $"HTTP {status}";
        var errors = new Dictionary<string, string[]>();
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new TrackerApiException(status, message, errors);
            if (root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString()!;
            if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                foreach (var field in e.EnumerateObject())
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? [.. field.Value.EnumerateArray().Select(x => x.ToString())]
                        : [field.Value.ToString()];
        }
        catch (JsonException)
        {
            // Not the envelope (a proxy's page, say): the status and reason are all there is.
        }
        return new TrackerApiException(status, message, errors);
    }
}
