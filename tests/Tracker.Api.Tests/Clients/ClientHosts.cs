using Tracker.Api.Tests.Infrastructure;
using Tracker.Client;

namespace Tracker.Api.Tests.Clients;

/// <summary>A client on the test server: the factory's in-memory handler under the client's own handlers.</summary>
public static class ClientHosts
{
    public static readonly Uri BaseUrl = new("http://localhost");

    public static TrackerClient ClientFor(this TrackerFactory factory, TestUser user, HttpMessageHandler? inner = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null) =>
        TrackerClient.WithToken(BaseUrl, user.Token, new TrackerClientOptions
        {
            InnerHandler = inner ?? factory.Server.CreateHandler(), Clock = factory.Clock, Delay = delay,
        });

    /// <summary>Finds the repository root (the folder with Tracker.slnx) from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tracker.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Tracker.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Records each request's method and Idempotency-Key before passing it on.</summary>
public sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public List<(HttpMethod Method, string Path, string? Key)> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        lock (Requests)
            Requests.Add((request.Method, request.RequestUri!.AbsolutePath,
                request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null));
        return base.SendAsync(request, ct);
    }
}
