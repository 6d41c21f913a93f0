using Tracker.Api.Features.App.Components;
using Tracker.Api.Features.App.Pages;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.App;

/// <summary>
/// The web app: Razor components under /app, rendered on the server (static by default; the ticking timer is
/// interactive). Pages reach data only through the public API (<see cref="AppApi"/>), with the person's own rights.
/// </summary>
public static class AppSetup
{
    public static IServiceCollection AddTrackerApp(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<AppApiTransport>();
        services.AddScoped<AppApi>();
        services.AddHttpContextAccessor(); // the workspace switcher's cookie, read by AppApi
        services.AddSingleton<ApprovalsCounts>();
        return services;
    }

    public static IEndpointRouteBuilder MapTrackerApp(this IEndpointRouteBuilder app)
    {
        app.MapStaticAssets(); // app.css and the framework's blazor.web.js, from this server
        app.MapReportsCsv();
        app.MapWorkspaceSwitch();
        app.MapDataExport();
        app.MapRazorComponents<AppRoot>().AddInteractiveServerRenderMode().Add(endpoint =>
        {
            if (endpoint.RequestDelegate is { } render) endpoint.RequestDelegate = context => StaleFormAsPageAsync(context, render);
        });
        return app;
    }

    /// <summary>
    /// A form posted from a page that has changed since (its form is gone: the entry was deleted, the tracker
    /// stopped elsewhere) gets the framework's bodiless text/plain 400; the person gets a page that says so.
    /// </summary>
    private static async Task StaleFormAsPageAsync(HttpContext context, RequestDelegate render)
    {
        await render(context);
        var response = context.Response;
        if (response is { StatusCode: StatusCodes.Status400BadRequest, HasStarted: false } && response.ContentType?.StartsWith("text/plain", StringComparison.Ordinal) == true)
        {
            response.ContentType = null;
            await ErrorHandling.WriteAsync(context, StatusCodes.Status400BadRequest,
                "This page changed since you opened it. Open it again and retry.", null, null);
        }
    }
}
