using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.App;

/// <summary>
/// The workspace switcher: a person in several workspaces picks the one the app shows. The choice is a session
/// cookie holding the workspace id, nothing more: whether the person may see that workspace is the API's answer on
/// the next page (<see cref="AppApi.WorkspacesAsync"/>), never decided here.
/// </summary>
public static class WorkspaceSwitch
{
    private const string Cookie = "tracker.workspace";

    public static IEndpointRouteBuilder MapWorkspaceSwitch(this IEndpointRouteBuilder app)
    {
        // A form post (antiforgery-checked): the switcher in the app's header.
        app.MapPost("/app/workspace", ([FromForm] string? workspace, [FromForm] string? returnUrl, HttpContext http) =>
            {
                if (!long.TryParse(workspace, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                    throw ApiException.Invalid("workspace", "Choose one of your workspaces.");
                http.Response.Cookies.Append(Cookie, id.ToString(CultureInfo.InvariantCulture), Options(http));
                return TypedResults.Redirect(Back(returnUrl));
            })
            .ExcludeFromDescription()
            .RequireAuthorization(p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        return app;
    }

    /// <summary>The workspace chosen this session, or null (none chosen, or not a number: the first one is shown).</summary>
    public static long? Chosen(HttpContext? http) =>
        long.TryParse(http?.Request.Cookies[Cookie], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    /// <summary>Drops the choice with the answer being written, whatever it turns out to be (an error page included).</summary>
    public static void Forget(HttpContext? http)
    {
        if (http is null) return;
        http.Response.OnStarting(() =>
        {
            http.Response.Cookies.Delete(Cookie, Options(http));
            return Task.CompletedTask;
        });
    }

    /// <summary>A session cookie for the app's pages only.</summary>
    private static CookieOptions Options(HttpContext http) =>
        new() { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = "/app", IsEssential = true };

    /// <summary>Back to the app page the switch was made on (its path only: ids in its query belong to the old workspace).</summary>
    private static string Back(string? returnUrl)
    {
        var path = returnUrl?.Split('?', '#')[0];
        return path is not null && (path == "/app" || path.StartsWith("/app/", StringComparison.Ordinal)) && !path.Contains("//", StringComparison.Ordinal)
               && !path.Contains('\\', StringComparison.Ordinal)
            ? path
            : "/app";
    }
}
