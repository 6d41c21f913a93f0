using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Http;
using Tracker.Client;
using Tracker.Client.Generated.Models;

namespace Tracker.Api.Features.App;

/// <summary>
/// The typed API client for the signed-in person, made from the web session token their cookie carries: each page
/// sees exactly what the API shows that person. One per request (static pages) or per circuit (interactive parts).
/// </summary>
public sealed class AppApi(
    AuthenticationStateProvider authentication, AppApiTransport transport, NavigationManager navigation, IHttpContextAccessor http) : IDisposable
{
    private TrackerClient? _client;
    private Task<AppWorkspaces?>? _workspaces;

    public async Task<TrackerClient> ClientAsync()
    {
        if (_client is not null) return _client;
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var token = user.FindFirst(PersonalAccessTokens.WebSessionClaim)?.Value
            ?? throw new TrackerApiException(StatusCodes.Status401Unauthorized, "Unauthenticated.", new Dictionary<string, string[]>());
        // No retries: a page answers at once, and says so when the budget is spent.
        return _client = TrackerClient.WithToken(transport.BaseUrl, token, new TrackerClientOptions { InnerHandler = transport.Handler, MaxRetries = 0 });
    }

    /// <summary>
    /// The workspace the app works in, with the person's id, role, time zone and weekly limit there, as the API answers
    /// them. Null when they belong to none.
    /// </summary>
    public async Task<AppWorkspace?> WorkspaceAsync() => (await WorkspacesAsync())?.Current;

    /// <summary>
    /// The person's workspaces as the API lists them, and the one the app shows: the one chosen in the switcher this
    /// session (<see cref="WorkspaceSwitch"/>), else the first. Read once per request, however many components ask.
    /// </summary>
    public Task<AppWorkspaces?> WorkspacesAsync() => _workspaces ??= LoadWorkspacesAsync();

    private async Task<AppWorkspaces?> LoadWorkspacesAsync()
    {
        var client = await ClientAsync();
        WorkspaceListEnvelope? list;
        try
        {
            list = await client.V2.Workspaces.GetAsync(q => q.QueryParameters.PerPage = 100);
        }
        catch (TrackerApiException e) when (e.Status == StatusCodes.Status401Unauthorized)
        {
            // The session's token ended before its cookie (revoked, or lapsed while idle): sign in again, then back here.
            navigation.NavigateTo("/account/login?ReturnUrl=" + Uri.EscapeDataString("/" + navigation.ToBaseRelativePath(navigation.Uri)), forceLoad: true);
            return null;
        }
        // Only memberships in force: an invitation not yet accepted is listed (status "inactive") but opens nothing.
        var all = (list?.Data ?? []).Where(w => w is { Id: not null, UserId: not null, Status: "active" }).OrderBy(w => w.Id).ToList();
        var chosen = WorkspaceSwitch.Chosen(http.HttpContext);
        var current = chosen is { } id ? all.FirstOrDefault(w => w.Id == id) ?? await RefusedAsync(client, id) : all.FirstOrDefault();
        if (current is null) return null;
        var me = await client.V2.Members[current.UserId!.Value].GetAsync(q => q.QueryParameters.WorkspaceId = current.Id);
        return new AppWorkspaces(
            all.Select(w => new AppWorkspaceChoice(w.Id!.Value, w.WorkspaceName ?? "")).ToList(),
            new AppWorkspace(current.Id!.Value, current.UserId.Value, current.WorkspaceName ?? "", current.Role ?? "", AppTime.Zone(me?.Data?.Timezone),
                me?.Data?.WeeklyHoursLimit is > 0 and var limit ? limit : null));
    }

    /// <summary>
    /// A chosen workspace the person is not in (an edited form or cookie, or a membership that ended): the API's own
    /// answer for that workspace becomes the page (its 403), and the choice is forgotten, so the next page shows their
    /// first workspace. Nothing of that workspace is read.
    /// </summary>
    private async Task<WorkspaceResponse> RefusedAsync(TrackerClient client, long id)
    {
        WorkspaceSwitch.Forget(http.HttpContext);
        try
        {
            await client.V2.Members.GetAsync(q => (q.QueryParameters.WorkspaceId, q.QueryParameters.PerPage) = (id, 1));
        }
        catch (TrackerApiException e) when (e.Status is >= 400 and < 500)
        {
            throw new ApiException(e.Status, e.Message);
        }
        throw ApiException.Forbidden("This workspace is not one of yours.");
    }

    /// <summary>
    /// Runs one API call; a refusal (4xx) becomes the message the page shows instead of an error page. The API's
    /// answer is the rule: 403 "not allowed", 422 the fields' messages, 400 the business rule's.
    /// </summary>
    public async Task<ApiOutcome<T>> TryAsync<T>(Func<TrackerClient, Task<T>> call)
    {
        try
        {
            return new ApiOutcome<T>(await call(await ClientAsync()), null);
        }
        catch (TrackerApiException e) when (e.Status is >= 400 and < 500)
        {
            return new ApiOutcome<T>(default, ApiProblem.From(e));
        }
    }

    public void Dispose() => _client?.Dispose();
}

/// <summary>The person's workspaces (id and name, for the switcher) and the one the app shows.</summary>
public sealed record AppWorkspaces(IReadOnlyList<AppWorkspaceChoice> All, AppWorkspace Current);

public sealed record AppWorkspaceChoice(long Id, string Name);

/// <summary>The current workspace and the person's user id, role, time zone and weekly hours limit (null: none) in it.</summary>
public sealed record AppWorkspace(long Id, long UserId, string Name, string Role, TimeZoneInfo Zone, int? WeeklyHoursLimit)
{
    public DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);
}

/// <summary>An API call's value, or the API's refusal.</summary>
public sealed record ApiOutcome<T>(T? Value, ApiProblem? Problem);

/// <summary>What a refused call shows: the status, the API's message and its per-field messages.</summary>
public sealed record ApiProblem(int Status, string Message, IReadOnlyList<string> Details)
{
    public static ApiProblem From(TrackerApiException e) => new(e.Status,
        e.Status == StatusCodes.Status403Forbidden ? "Not allowed: " + e.Message : e.Message,
        e.Errors.Values.SelectMany(v => v).Where(m => m != e.Message).Distinct().ToList());
}
