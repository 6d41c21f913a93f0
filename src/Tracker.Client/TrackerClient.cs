using System.Runtime.CompilerServices;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Tracker.Client.Generated;
using Tracker.Client.Http;

namespace Tracker.Client;

/// <summary>
/// The Tracker API V2: <see cref="V2"/> is the generated client (one property per path), wired through the
/// hand-written handlers: bearer token (PAT, or OAuth with refresh), an Idempotency-Key on every POST, retry of
/// 429 after Retry-After, and non-2xx answers as <see cref="TrackerApiException"/>.
/// </summary>
public sealed class TrackerClient : IDisposable
{
    private readonly HttpClient _http;

    private TrackerClient(Uri baseUrl, string? personalToken, OAuthSession? session, TrackerClientOptions? options)
    {
        options ??= new TrackerClientOptions();
        var clock = options.Clock;
        var delay = options.Delay ?? ((wait, ct) => Task.Delay(wait, clock, ct));
        // Kiota's own middleware minus its RetryHandler: ours retries 429 only, with a wait that tests can fake.
        var kiota = KiotaClientFactory.CreateDefaultHandlers().Where(h => h is not RetryHandler);
        DelegatingHandler[] handlers =
        [
            new ErrorEnvelopeHandler(), new IdempotencyKeyHandler(),
            new RetryAfterHandler(options.MaxRetries, options.MaxRetryWait, delay, clock),
            new BearerHandler(personalToken, session), .. kiota,
        ];
        var first = KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(options.InnerHandler ?? new HttpClientHandler(), handlers)!;
        _http = new HttpClient(first, disposeHandler: options.InnerHandler is null);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: _http)
        {
            BaseUrl = baseUrl.ToString().TrimEnd('/'),
        };
        Adapter = adapter;
        Api = new TrackerApiClient(adapter);
    }

    /// <summary>A client that signs every request with a personal access token (<c>trk_pat_…</c>).</summary>
    public static TrackerClient WithToken(Uri baseUrl, string token, TrackerClientOptions? options = null) =>
        new(baseUrl, token, null, options);

    /// <summary>A client on an OAuth session, which refreshes its access token when it expires.</summary>
    public static TrackerClient WithOAuth(Uri baseUrl, OAuthSession session, TrackerClientOptions? options = null) =>
        new(baseUrl, null, session, options);

    /// <summary>The generated client's root (<c>Api.V2…</c>).</summary>
    public TrackerApiClient Api { get; }

    /// <summary>The request adapter, for reading an answer raw (a CSV report, say) through the same handlers.</summary>
    public Microsoft.Kiota.Abstractions.IRequestAdapter Adapter { get; }

    /// <summary>The operations under <c>/api/v2</c>.</summary>
    public Generated.Api.V2.V2RequestBuilder V2 => Api.Api.V2;

    /// <summary>
    /// Every item of a paged list, page after page, until <c>meta.pagination.last_page</c>:
    /// <c>await foreach (var m in client.AllAsync(async (page, ct) => { var r = await client.V2.Members.GetAsync(q =>
    /// { q.QueryParameters.WorkspaceId = id; q.QueryParameters.Page = page; }, ct); return new(r?.Data, r?.Meta?.Pagination?.LastPage); }))</c>.
    /// </summary>
    public static async IAsyncEnumerable<T> AllAsync<T>(Func<int, CancellationToken, Task<PageOf<T>>> fetch,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var page = 1; ; page++)
        {
            var result = await fetch(page, ct);
            var count = 0;
            foreach (var item in result.Items ?? []) { count++; yield return item; }
            if (count == 0 || page >= (result.LastPage ?? page)) yield break;
        }
    }

    /// <summary>
    /// Incremental sync of one list: every object created, changed or deleted since <paramref name="cursor"/> (null:
    /// everything), over all pages; afterwards <see cref="SyncFeed{T}.Cursor"/> is the cursor to store:
    /// <c>var feed = TrackerClient.SyncAsync(async (p, ct) => (await client.V2.Tasks.GetAsync(q => { q.QueryParameters.WorkspaceId = id;
    /// q.QueryParameters.UpdatedSince = p.UpdatedSince; q.QueryParameters.IncludeDeleted = true; q.QueryParameters.PerPage = p.PerPage; }, ct))?.Data,
    /// t => t.UpdatedAt, t => t.Id, storedCursor); await foreach (var task in feed) …; store(feed.Cursor);</c>
    /// </summary>
    public static SyncFeed<T> SyncAsync<T>(Func<SyncPage, CancellationToken, Task<IEnumerable<T>?>> fetch, Func<T, DateTimeOffset?> updatedAt,
        Func<T, object?> id, DateTimeOffset? cursor, int perPage = 100) => new(fetch, updatedAt, id, cursor, perPage);

    /// <summary>Releases the HTTP client (and the network handler, unless the caller passed its own).</summary>
    public void Dispose() => _http.Dispose();
}

/// <summary>One page of a list: its items and the last page number from <c>meta.pagination</c>.</summary>
public readonly record struct PageOf<T>(IEnumerable<T>? Items, int? LastPage);
