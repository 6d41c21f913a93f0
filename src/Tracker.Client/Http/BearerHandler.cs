using System.Net;
using System.Net.Http.Headers;

namespace Tracker.Client.Http;

/// <summary>
/// Puts the token on each request. With an OAuth session it refreshes an access token about to expire, and once
/// more when the server answers 401 (revoked or expired early), then resends.
/// </summary>
internal sealed class BearerHandler(string? personalToken, OAuthSession? session) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (session is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", personalToken);
            return await base.SendAsync(request, ct);
        }
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(ct);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await session.AccessTokenAsync(ct));
        var response = await base.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !session.CanRefresh) return response;
        response.Dispose();
        await session.RefreshAsync(ct);
        var retry = Requests.Copy(request, body);
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Current.AccessToken);
        return await base.SendAsync(retry, ct);
    }
}
