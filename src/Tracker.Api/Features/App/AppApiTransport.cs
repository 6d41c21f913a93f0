using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Tracker.Api.Features.App;

/// <summary>
/// How the app's API calls reach this same server: over loopback to the address it listens on (App:ApiUrl
/// overrides it, e.g. when it listens on HTTPS only or on a socket). One connection pool for every page.
/// Tests replace it with the test server's handler.
/// </summary>
public class AppApiTransport(IServer server, IConfiguration config) : IDisposable
{
    private readonly SocketsHttpHandler _network = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
    private Uri? _baseUrl;

    public virtual HttpMessageHandler Handler => _network;

    public virtual Uri BaseUrl => _baseUrl ??= Resolve();

    private Uri Resolve()
    {
        if (config["App:ApiUrl"] is { Length: > 0 } configured) return new Uri(configured, UriKind.Absolute);
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        // Plain HTTP first: a loopback call need not pass a certificate made for the public name.
        var address = addresses.OrderBy(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)).FirstOrDefault()
            ?? throw new InvalidOperationException("The server listens on no address; set App:ApiUrl.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0") uri.Host = "127.0.0.1";
        else if (uri.Host is "[::]" or "::") uri.Host = "[::1]";
        return uri.Uri;
    }

    public void Dispose()
    {
        _network.Dispose();
        GC.SuppressFinalize(this);
    }
}
