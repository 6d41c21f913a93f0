using Microsoft.AspNetCore.Components.Authorization;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Client;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Features.App;

/// <summary>
/// The typed API client for the signed-in person, made from the web session token their cookie carries: each page
/// sees exactly what the API shows that person. One per request (static pages) or per circuit (interactive parts).
/// </summary>
public sealed class AppApi(AuthenticationStateProvider authentication, AppApiTransport transport) : IDisposable
{
    private TrackerClient? _client;
    private AppWorkspace? _workspace;

    public async Task<TrackerClient> ClientAsync()
    {
        if (_client is not null) return _client;
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var token = user.FindFirst(PersonalAccessTokens.WebSessionClaim)?.Value
            ?? throw new TrackerApiException(StatusCodes.Status401Unauthorized, "Unauthenticated.", new Dictionary<string, string[]>());
        // No retries: a page answers at once, and says so when the budget is spent.
        return _client = TrackerClient.WithToken(transport.BaseUrl, token, new TrackerClientOptions { InnerHandler = transport.Handler, MaxRetries = 0 });
    }

    /// <summary>The workspace the app works in: the person's first (a switcher comes with a second page that needs it).</summary>
    public async Task<AppWorkspace?> WorkspaceAsync()
    {
        if (_workspace is not null) return _workspace;
        var client = await ClientAsync();
        var list = await client.V2.Workspaces.GetAsync();
        return _workspace = list?.Data?.OrderBy(w => w.Id).Select(w => new AppWorkspace(w.Id ?? 0, w.UserId ?? 0, w.WorkspaceName ?? "", w.Role ?? ""))
            .FirstOrDefault();
    }

    public void Dispose() => _client?.Dispose();
}

/// <summary>The current workspace and the person's user id and role in it, as the API's workspace list answers them.</summary>
public sealed record AppWorkspace(long Id, long UserId, string Name, string Role);
