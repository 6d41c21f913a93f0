using System.Runtime.CompilerServices;

namespace Tracker.Client;

/// <summary>What <see cref="SyncFeed{T}"/> asks of one page: <c>updated_since</c> and <c>per_page</c> (set <c>include_deleted=true</c> too).</summary>
public readonly record struct SyncPage(DateTimeOffset UpdatedSince, int PerPage);

/// <summary>
/// The changes of one list since a cursor, deleted objects included, over every page (<see cref="TrackerClient.SyncAsync{T}"/>).
/// It pages on <c>updated_at</c> (the server's bound is inclusive, so objects already yielded at that instant are
/// skipped), never on page numbers, which shift when a row changes during the walk. After the enumeration,
/// <see cref="Cursor"/> is the greatest <c>updated_at</c> seen: store it and pass it next time.
/// </summary>
public sealed class SyncFeed<T>(
    Func<SyncPage, CancellationToken, Task<IEnumerable<T>?>> fetch, Func<T, DateTimeOffset?> updatedAt, Func<T, object?> id,
    DateTimeOffset? cursor, int perPage) : IAsyncEnumerable<T>
{
    /// <summary>The cursor to store once enumerated: the greatest <c>updated_at</c> seen (the one passed in when nothing changed).</summary>
    public DateTimeOffset? Cursor { get; private set; } = cursor;

    /// <summary>Walks the pages; each enumeration starts from <see cref="Cursor"/> as it stands.</summary>
    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken ct = default)
    {
        var since = Cursor ?? DateTimeOffset.UnixEpoch;
        // From a stored cursor, everything at that instant was seen by the pass that stored it.
        var allSeenAtSince = Cursor is not null;
        var seenAtSince = new HashSet<object?>();
        while (true)
        {
            var items = (await fetch(new SyncPage(since, perPage), ct))?.ToList() ?? [];
            foreach (var item in items)
            {
                var stamp = updatedAt(item) ?? throw new InvalidOperationException("A synced object has no updated_at.");
                if (stamp == since && (allSeenAtSince || seenAtSince.Contains(id(item)))) continue;
                if (Cursor is null || stamp > Cursor) Cursor = stamp;
                yield return item;
            }
            if (items.Count < perPage) yield break;
            var last = updatedAt(items[^1])!.Value;
            if (last == since)
                throw new InvalidOperationException($"More than {perPage} objects share one updated_at; sync with a larger page.");
            (since, allSeenAtSince) = (last, false);
            seenAtSince = items.Where(i => updatedAt(i) == last).Select(id).ToHashSet();
        }
    }
}
