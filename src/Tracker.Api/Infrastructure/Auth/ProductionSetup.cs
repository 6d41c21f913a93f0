using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// Production settings for running several server processes behind one proxy.
/// DataProtection:KeysPath: the folder holding the key ring that protects session cookies, antiforgery tokens and
/// OAuth pages' state; every process pointed at the same folder reads the others' cookies. The application name is
/// fixed, so processes started from different folders still share one key ring.
/// Proxy:ForwardedHeaders=true: trust X-Forwarded-For/-Proto from a proxy on loopback (nginx), so anonymous rate
/// limits and redirects see the real client.
/// </summary>
public static class ProductionSetup
{
    public const string ApplicationName = "Tracker";

    public static IServiceCollection AddTrackerDataProtection(this IServiceCollection services, IConfiguration config)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (config["DataProtection:KeysPath"] is { Length: > 0 } folder)
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(folder)));
        return services;
    }

    public static IApplicationBuilder UseTrackerForwardedHeaders(this IApplicationBuilder app, IConfiguration config)
    {
        if (!config.GetValue("Proxy:ForwardedHeaders", false)) return app;
        // The defaults trust only proxies on loopback, which is where the deploy/ layout puts nginx.
        return app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
        });
    }
}
