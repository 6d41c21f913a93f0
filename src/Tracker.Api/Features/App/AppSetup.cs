using Tracker.Api.Features.App.Components;
using Tracker.Api.Features.App.Pages;

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
        return services;
    }

    public static IEndpointRouteBuilder MapTrackerApp(this IEndpointRouteBuilder app)
    {
        app.MapStaticAssets(); // app.css and the framework's blazor.web.js, from this server
        app.MapReportsCsv();
        app.MapRazorComponents<AppRoot>().AddInteractiveServerRenderMode();
        return app;
    }
}
