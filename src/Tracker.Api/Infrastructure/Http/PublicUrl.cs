namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// The server's own base URL for links sent to people (invitations, password resets): <c>App:PublicUrl</c>, else the
/// configured listen address. Never the request's Host header: a client chooses it, and a forged Host would point
/// an invitee's secret link at the forger's site.
/// </summary>
public static class PublicUrl
{
    public const string DefaultListenUrl = "http://localhost:5080";

    public static string Base(IConfiguration config)
    {
        if (config["App:PublicUrl"] is { Length: > 0 } configured) return configured.TrimEnd('/');
        var urls = config["urls"] is { Length: > 0 } set ? set : DefaultListenUrl;
        return Openable(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);
    }

    /// <summary>A listen address as a person opens it: a wildcard names no host, the server answers on localhost.</summary>
    public static string Openable(string listenUrl)
    {
        foreach (var wildcard in (string[])["://*", "://+", "://0.0.0.0", "://[::]"])
            listenUrl = listenUrl.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        return listenUrl.TrimEnd('/');
    }
}
