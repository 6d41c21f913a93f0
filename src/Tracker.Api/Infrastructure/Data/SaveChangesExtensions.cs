using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.Data;

public static class SaveChangesExtensions
{
    /// <summary>
    /// Saves; a unique-constraint violation or a lost optimistic-concurrency race becomes a 409 with
    /// <paramref name="conflictMessage"/> instead of a 500. The database constraint is the real guard.
    /// </summary>
    public static async Task SaveChangesOrConflictAsync(this TrackerDbContext db, string conflictMessage, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || IsUniqueViolation(e))
        {
            throw ApiException.Conflict(conflictMessage);
        }
    }

    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        PostgresException p => p.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure,
        _ => false,
    };
}
