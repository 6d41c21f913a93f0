using System.Drawing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Tracker.Api.Features.App;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.BrowserTests;

/// <summary>
/// The server on a real Kestrel socket (a browser cannot reach the in-memory test server) and one headless Chromium
/// for all browser test classes, which run one after another: starting each costs seconds, a page costs milliseconds.
/// Both start on first use, so where the browser is missing and the tests are skipped nothing starts.
/// </summary>
public sealed class BrowserHost : TrackerFactory
{
    public const string Collection = "Browser: one Kestrel host and one Chromium";
    public const int Wide = 1280, Narrow = 390;

    private ChromeDriver? _driver;
    private Uri? _origin;

    public BrowserHost() => UseKestrel(0);

    public IWebDriver Driver => _driver ??= Chromium.Start();

    public Uri Origin => _origin ??= StartedOrigin();

    public override Uri BaseAddress => Origin;

    private Uri StartedOrigin()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    /// <summary>Opens <paramref name="path"/> in a browser of <paramref name="width"/> px, signed out unless <paramref name="keepCookies"/>.</summary>
    public IWebDriver Open(string path, int width = Wide, bool keepCookies = false)
    {
        var origin = Origin;
        if (!keepCookies && Driver.Url.StartsWith(origin.ToString(), StringComparison.Ordinal)) Driver.Manage().Cookies.DeleteAllCookies();
        Resize(width);
        Driver.Navigate().GoToUrl(new Uri(origin, path));
        return Driver;
    }

    public void Resize(int width)
    {
        if (Driver.Manage().Window.Size.Width != width) Driver.Manage().Window.Size = new Size(width, 900);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The app reaches the API over this socket, as in production, instead of the in-memory server's handler.
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<AppApiTransport>();
            services.AddSingleton<AppApiTransport>();
        });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _driver?.Quit();
        base.Dispose(disposing);
    }
}

[CollectionDefinition(BrowserHost.Collection)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHost>;
