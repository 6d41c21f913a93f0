using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Data;

/// <summary>The <c>Sync</c> configuration section.</summary>
public sealed class SyncOptions
{
    /// <summary>
    /// δ: a sync answers only changes stamped at least this long ago, so a write stamped earlier but committed later
    /// than another is never passed over (docs/decisions.md, "Issue 19: incremental sync"). Every write must commit
    /// within δ of its stamp; δ also absorbs clock skew between server processes.
    /// </summary>
    public double SettleSeconds { get; set; } = 5;
}

/// <summary>
/// The instants <c>updated_at</c> is stamped with: the clock to the microsecond (what the JSON shows, so a cursor read
/// from an answer compares equal to the row), and in this process always after the last stamp, so no two rows of one
/// process share one and a sync can page on <c>updated_at</c> alone.
/// </summary>
public sealed class ChangeClock(TimeProvider clock, IOptions<SyncOptions> options)
{
    private long _lastTicks;

    public DateTime Next()
    {
        var now = clock.GetUtcNow().UtcDateTime.Ticks;
        now -= now % 10;
        while (true)
        {
            var last = Interlocked.Read(ref _lastTicks);
            var next = Math.Max(now, last + 10);
            if (Interlocked.CompareExchange(ref _lastTicks, next, last) == last) return new DateTime(next, DateTimeKind.Utc);
        }
    }

    /// <summary>The newest stamp a sync may answer now: every write stamped up to here has committed.</summary>
    public DateTime SettledUpTo() => clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(options.Value.SettleSeconds);
}

/// <summary>
/// The one place <c>updated_at</c> is set: every insert and update of an <see cref="ISynced"/> row, and of the rows
/// that are part of one (a task's assignees, a project's tags, a viewer's projects: the parent is stamped). A delete
/// of an <see cref="IKeptWhenDeleted"/> row becomes the tombstone: <c>deleted_at</c> set, the row kept.
/// Bulk <c>ExecuteUpdate</c>s bypass it and stamp with <see cref="ChangeClock.Next"/> themselves.
/// </summary>
/// <remarks>
/// A stamp must commit within the settle window. SQLite has one writer: a save that stamped and then waited for the
/// write lock behind others could commit long after its stamp, so on SQLite a save outside a transaction takes the
/// lock first (BEGIN IMMEDIATE, committed once saved) and stamps inside it. An explicit transaction holds it already.
/// </remarks>
public sealed class ChangeStamps(ChangeClock clock) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, IDbContextTransaction> _locks = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not TrackerDbContext db) return result;
        if (db.Database.IsSqlite() && db.Database.CurrentTransaction is null && db.ChangeTracker.HasChanges())
            _locks.AddOrUpdate(db, await db.Database.BeginTransactionAsync(cancellationToken));
        await StampAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not TrackerDbContext db) return result;
        if (db.Database.IsSqlite() && db.Database.CurrentTransaction is null && db.ChangeTracker.HasChanges())
            _locks.AddOrUpdate(db, db.Database.BeginTransaction());
        StampAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Release(eventData.Context) is { } transaction) await using (transaction) await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Release(eventData.Context) is { } transaction) using (transaction) transaction.Commit();
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Release(eventData.Context) is { } transaction) await transaction.DisposeAsync();
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData.Context)?.Dispose();

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Release(eventData.Context) is { } transaction) await transaction.DisposeAsync();
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData.Context)?.Dispose();

    // A lost optimistic-concurrency race is reported here instead of as a failed save.
    public override async ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
        ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Release(eventData.Context) is { } transaction) await transaction.DisposeAsync();
        return result;
    }

    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Release(eventData.Context)?.Dispose();
        return result;
    }

    /// <summary>The transaction this interceptor began for the save, if it did, no longer remembered.</summary>
    private IDbContextTransaction? Release(DbContext? context)
    {
        if (context is null || !_locks.TryGetValue(context, out var transaction)) return null;
        _locks.Remove(context);
        return transaction;
    }

    private async Task StampAsync(TrackerDbContext db, CancellationToken ct)
    {
        var changed = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        var parents = new List<ISynced>();
        foreach (var entry in changed.Where(e => e.Entity is User ? e.State == EntityState.Modified : e.Entity is TaskAssignee or ProjectTag or ProjectViewerAssignment))
            parents.AddRange(await ParentsAsync(db, entry.Entity, ct));
        foreach (var entry in changed)
        {
            if (entry.Entity is not ISynced) continue;
            if (entry is { State: EntityState.Deleted, Entity: IKeptWhenDeleted })
            {
                entry.State = EntityState.Modified;
                entry.Property(nameof(IKeptWhenDeleted.DeletedAt)).CurrentValue = clock.Next();
            }
            if (entry.State is EntityState.Added or EntityState.Modified) Stamp(entry);
        }
        foreach (var parent in parents.Distinct())
        {
            var entry = db.Entry(parent);
            if (entry.State is EntityState.Unchanged or EntityState.Modified) Stamp(entry);
        }
    }

    private void Stamp(EntityEntry entry) => entry.Property(nameof(ISynced.UpdatedAt)).CurrentValue = clock.Next();

    /// <summary>
    /// The synced objects a changed row is shown in, tracked (loaded when the handler had not): a task's assignee, a
    /// project's tag, a viewer's project; an account's profile is part of each of its memberships.
    /// </summary>
    private static async Task<IEnumerable<ISynced>> ParentsAsync(TrackerDbContext db, object part, CancellationToken ct) => part switch
    {
        // Null when the parent is new in this save too (its key is still temporary): it is stamped as added.
        TaskAssignee a => await db.Tasks.FindAsync([a.TaskId], ct) is { } task ? [task] : [],
        ProjectTag t => await db.Projects.FindAsync([t.ProjectId], ct) is { } project ? [project] : [],
        ProjectViewerAssignment v => await db.Members.Where(m => m.WorkspaceId == v.WorkspaceId && m.UserId == v.UserId).ToListAsync(ct),
        User u => await db.Members.Where(m => m.UserId == u.Id).ToListAsync(ct),
        _ => [],
    };
}
