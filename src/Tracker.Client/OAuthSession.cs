using System.Text.Json;

namespace Tracker.Client;

/// <summary>An OAuth access token, the refresh token that renews it, and when it expires (UTC).</summary>
public sealed record OAuthToken(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt);

/// <summary>
/// An OAuth2 client of the server's <c>/oauth/token</c> endpoint: exchanges an authorization code (PKCE) and keeps an
/// access token fresh with its refresh token. <see cref="Refreshed"/> lets an app save each new pair.
/// </summary>
public sealed class OAuthSession(Uri server, string clientId, string? clientSecret, OAuthToken token, HttpMessageHandler? handler = null,
    TimeProvider? clock = null)
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The token pair in use.</summary>
    public OAuthToken Current { get; private set; } = token;
    /// <summary>Whether there is a refresh token.</summary>
    public bool CanRefresh => Current.RefreshToken is not null;
    /// <summary>Raised after each refresh with the new pair: store it, the old refresh token may be spent.</summary>
    public event Action<OAuthToken>? Refreshed;

    /// <summary>The access token, refreshed first when it expires within a minute.</summary>
    public async ValueTask<string> AccessTokenAsync(CancellationToken ct)
    {
        if (CanRefresh && Current.ExpiresAt is { } at && at - Margin <= _clock.GetUtcNow()) await RefreshAsync(ct);
        return Current.AccessToken;
    }

    /// <summary>Renews the pair with the refresh token (once, when several requests ask together).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var used = Current;
        await _refreshing.WaitAsync(ct);
        try
        {
            if (!ReferenceEquals(used, Current)) return; // another request refreshed it meanwhile
            var next = await RequestAsync(server, clientId, clientSecret, handler, _clock, ct,
                ("grant_type", "refresh_token"), ("refresh_token", used.RefreshToken!));
            Current = next.RefreshToken is null ? next with { RefreshToken = used.RefreshToken } : next;
        }
        finally
        {
            _refreshing.Release();
        }
        Refreshed?.Invoke(Current);
    }

    /// <summary>The token request of the authorization-code flow with PKCE (RFC 7636).</summary>
    public static Task<OAuthToken> ExchangeCodeAsync(Uri server, string clientId, string? clientSecret, string code, string codeVerifier,
        Uri redirectUri, HttpMessageHandler? handler = null, TimeProvider? clock = null, CancellationToken ct = default) =>
        RequestAsync(server, clientId, clientSecret, handler, clock ?? TimeProvider.System, ct, ("grant_type", "authorization_code"), ("code", code),
            ("code_verifier", codeVerifier), ("redirect_uri", redirectUri.ToString()));

    private static async Task<OAuthToken> RequestAsync(Uri server, string clientId, string? clientSecret, HttpMessageHandler? handler,
        TimeProvider clock, CancellationToken ct, params (string Key, string Value)[] fields)
    {
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        var form = fields.Append(("client_id", clientId));
        if (clientSecret is not null) form = form.Append(("client_secret", clientSecret));
        using var response = await http.PostAsync(new Uri(server, "/oauth/token"),
            new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Item1, f.Item2))), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (!response.IsSuccessStatusCode)
            throw new TrackerApiException((int)response.StatusCode,
                root.TryGetProperty("error_description", out var d) ? d.GetString()! : root.TryGetProperty("error", out var e) ? e.GetString()! : "Token request refused",
                new Dictionary<string, string[]>());
        var expires = root.TryGetProperty("expires_in", out var s) ? clock.GetUtcNow().AddSeconds(s.GetInt32()) : (DateTimeOffset?)null;
        return new OAuthToken(root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var r) ? r.GetString() : null, expires);
    }
}
