using System.Collections.Concurrent;

namespace Tracker.Api.Features.App.Pages;

/// <summary>
/// The navigation badge's count, kept a minute per person and workspace: reading it from the API takes four calls
/// (may this person decide, then three list totals), which every app page would otherwise repeat. The count is
/// still the API's answer (<see cref="ApprovalsInbox"/>), only reused; deciding in the app forgets it at once, and
/// changes made elsewhere show within the minute. The inbox page itself always asks the API.
/// </summary>
public sealed class ApprovalsCounts(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(long UserId, long WorkspaceId), (int Count, DateTimeOffset Until)> _counts = new();

    /// <summary>The kept count, or the one <paramref name="load"/> reads (kept for <see cref="Lifetime"/>).</summary>
    public async Task<int> GetAsync(AppWorkspace workspace, Func<Task<int>> load)
    {
        var key = (workspace.UserId, workspace.Id);
        var now = clock.GetUtcNow();
        if (_counts.TryGetValue(key, out var kept) && kept.Until > now) return kept.Count;
        var count = await load();
        _counts[key] = (count, now + Lifetime);
        if (_counts.Count > 10_000) Prune(now); // people who left: their entries would otherwise stay
        return count;
    }

    /// <summary>After a decision in the app: the next page reads the count again.</summary>
    public void Forget(AppWorkspace workspace) => _counts.TryRemove((workspace.UserId, workspace.Id), out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, value) in _counts)
            if (value.Until <= now) _counts.TryRemove(key, out _);
    }
}
