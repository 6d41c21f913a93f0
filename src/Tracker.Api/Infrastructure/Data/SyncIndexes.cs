using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Data;

/// <summary>
/// What sync needs of the model: every <see cref="ISynced"/> table indexed on (WorkspaceId, UpdatedAt, Id), the order
/// a sync reads in, so <c>updated_since</c> is a range scan; and every <see cref="IKeptWhenDeleted"/> row hidden from
/// every query once deleted (a sync with <c>include_deleted</c> lifts the filter).
/// </summary>
internal static class SyncIndexes
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        foreach (var type in modelBuilder.Model.GetEntityTypes().Where(t => t.ClrType.IsAssignableTo(typeof(ISynced))).ToList())
        {
            var entity = modelBuilder.Entity(type.ClrType);
            entity.HasIndex("WorkspaceId", nameof(ISynced.UpdatedAt), "Id");
            if (!type.ClrType.IsAssignableTo(typeof(IKeptWhenDeleted))) continue;
            var row = Expression.Parameter(type.ClrType, "row");
            var live = Expression.Equal(Expression.Property(row, nameof(IKeptWhenDeleted.DeletedAt)), Expression.Constant(null, typeof(DateTime?)));
            entity.HasQueryFilter(Expression.Lambda(live, row));
        }
    }
}
