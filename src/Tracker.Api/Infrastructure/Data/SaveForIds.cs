using Microsoft.EntityFrameworkCore.Storage;

namespace Tracker.Api.Infrastructure.Data;

/// <summary>
/// The one way to write rows whose new ids something else needs (an outbox event, tags): save them inside a
/// transaction, add what needs the ids, then <see cref="CommitAsync"/> saves again and commits. Disposed uncommitted,
/// nothing of it stays.
/// </summary>
public sealed class SaveForIds : IAsyncDisposable
{
    private readonly TrackerDbContext _db;
    private readonly IDbContextTransaction _transaction;

    private SaveForIds(TrackerDbContext db, IDbContextTransaction transaction) => (_db, _transaction) = (db, transaction);

    /// <summary>Begins the transaction and saves; with <paramref name="conflictMessage"/>, a lost unique race is a 409.</summary>
    public static async Task<SaveForIds> BeginAsync(TrackerDbContext db, CancellationToken ct, string? conflictMessage = null)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (conflictMessage is null) await db.SaveChangesAsync(ct);
            else await db.SaveChangesOrConflictAsync(conflictMessage, ct);
            return new SaveForIds(db, transaction);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await _db.SaveChangesAsync(ct);
        await _transaction.CommitAsync(ct);
    }

    public ValueTask DisposeAsync() => _transaction.DisposeAsync();
}
