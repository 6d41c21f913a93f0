using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Http.Extensions;
using Tracker.Client;

namespace Tracker.Api.Features.App.Pages;

/// <summary>
/// The download of /app/data: the API's export of the person's workspace, fetched with their rights and passed
/// through as it arrives. A refusal sends the person back to the page, which says the server refused it.
/// </summary>
public static class DataExport
{
    public const string Path = "/app/data/export.zip";

    public static IEndpointRouteBuilder MapDataExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, DownloadAsync).ExcludeFromDescription()
            .RequireAuthorization(p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        return app;
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, AuthenticationStateProvider authentication, NavigationManager navigation,
        AppApi api, CancellationToken ct)
    {
        // Outside a component the app's authentication state and address are this request's, given here once.
        ((IHostEnvironmentAuthenticationStateProvider)authentication).SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        ((IHostEnvironmentNavigationManager)navigation).Initialize(
            $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/", http.Request.GetEncodedUrl());
        AppWorkspace? workspace;
        try
        {
            workspace = await api.WorkspaceAsync();
        }
        catch (NavigationException e)
        {
            return TypedResults.Redirect(e.Location); // the session's token ended: sign in, then back to this file
        }
        if (workspace is null) return TypedResults.Redirect("/app/data");
        try
        {
            var client = await api.ClientAsync();
            var zip = await client.V2.Exports.GetAsync(q => q.QueryParameters.WorkspaceId = workspace.Id, ct);
            return zip is null ? TypedResults.Redirect("/app/data?export=refused")
                : TypedResults.Stream(zip, "application/zip", $"tracker-export-{workspace.Id}.zip");
        }
        catch (TrackerApiException e)
        {
            return TypedResults.Redirect($"/app/data?export=refused&status={e.Status}");
        }
    }
}
