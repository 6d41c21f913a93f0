using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// <c>updated_since</c> and <c>include_deleted</c>, taken by every list of a mutable resource. With
/// <c>updated_since</c> the list answers the rows stamped at or after it, and no later than
/// <see cref="SettledUpTo"/>, ordered by (<c>updated_at</c>, id): a client pages on by asking again from the last
/// <c>updated_at</c> it saw (docs/decisions.md, "Issue 19: incremental sync"). <c>include_deleted</c> adds deleted
/// and archived rows, with <c>deleted_at</c> set. Without either, a list answers as it always did.
/// </summary>
public sealed record SyncQuery(DateTime? UpdatedSince, bool? IncludeDeleted) : IQueryRecord
{
    /// <summary>The newest stamp this answer may hold (<see cref="ChangeClock.SettledUpTo"/>), read once when binding.</summary>
    public DateTime SettledUpTo { get; init; }

    public bool WithDeleted => IncludeDeleted == true;

    public static async ValueTask<SyncQuery?> BindAsync(HttpContext context) =>
        (await QueryRecords.Bind<SyncQuery>(context))! with { SettledUpTo = context.RequestServices.GetRequiredService<ChangeClock>().SettledUpTo() };
}

public static class SyncQueries
{
    /// <summary>
    /// The list's own order without <c>updated_since</c>; with it, only the settled changes since then, ordered by
    /// (<c>updated_at</c>, <paramref name="id"/>): the index (WorkspaceId, UpdatedAt, Id) serves it.
    /// </summary>
    public static IOrderedQueryable<T> InSyncOrder<T, TKey>(this IQueryable<T> query, SyncQuery sync, Expression<Func<T, TKey>> id,
        Func<IQueryable<T>, IOrderedQueryable<T>> listOrder) where T : class, ISynced
    {
        if (sync.UpdatedSince is not { } since) return listOrder(query);
        var settled = sync.SettledUpTo;
        return query.Where(e => e.UpdatedAt >= since && e.UpdatedAt <= settled).OrderBy(e => e.UpdatedAt).ThenBy(id);
    }

    /// <summary>A table of <see cref="IKeptWhenDeleted"/> rows, with the deleted ones when the sync asks for them.</summary>
    public static IQueryable<T> Kept<T>(this IQueryable<T> rows, SyncQuery sync) where T : class, IKeptWhenDeleted =>
        sync.WithDeleted ? rows.IgnoreQueryFilters() : rows;
}
