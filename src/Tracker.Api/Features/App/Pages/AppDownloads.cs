using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Http.Extensions;

namespace Tracker.Api.Features.App.Pages;

/// <summary>
/// Files the app passes through from the API (the reports CSV, the export): plain endpoints beside the pages, signed
/// in by the app's cookie, that reach the API through the person's <see cref="AppApi"/> like a page does.
/// </summary>
public static class AppDownloads
{
    public static RouteHandlerBuilder ForAppSession(this RouteHandlerBuilder route) =>
        route.ExcludeFromDescription()
            .RequireAuthorization(p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser());

    /// <summary>
    /// Runs <paramref name="send"/> with the person's workspace; back to <paramref name="page"/> without one, and to
    /// the sign-in when the session's token has ended (then back to this file).
    /// </summary>
    public static async Task<IResult> ForWorkspaceAsync(HttpContext http, AppApi api, string page, Func<AppWorkspace, Task<IResult>> send)
    {
        // Outside a component the app's authentication state and address are this request's, given here once.
        var services = http.RequestServices;
        ((IHostEnvironmentAuthenticationStateProvider)services.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        ((IHostEnvironmentNavigationManager)services.GetRequiredService<NavigationManager>()).Initialize(
            $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/", http.Request.GetEncodedUrl());
        AppWorkspace? workspace;
        try
        {
            workspace = await api.WorkspaceAsync();
        }
        catch (NavigationException e)
        {
            return TypedResults.Redirect(e.Location);
        }
        return workspace is null ? TypedResults.Redirect(page) : await send(workspace);
    }
}
