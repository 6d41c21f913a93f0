using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Expenses;

public sealed record ExpenseCategoryResponse(string Id, string Name, DateTime UpdatedAt);

public sealed record CreateExpenseCategoryBody(string? Name);

/// <summary>GET /expenses/categories (any staff), POST /expenses/categories (managers), and the default set.</summary>
public static class ExpenseCategories
{
    private static readonly string[] Defaults = ["Equipment", "Meals", "Office Supplies", "Other", "Software", "Travel"];

    public static async Task<EnvelopeResult<IReadOnlyList<ExpenseCategoryResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, TimeProvider clock, SyncQuery sync, CancellationToken ct)
    {
        await EnsureDefaultsAsync(db, scope.WorkspaceId, clock, ct);
        var page = await db.ExpenseCategories.AsNoTracking().Where(c => c.WorkspaceId == scope.WorkspaceId)
            .InSyncOrder(sync, c => c.Id, q => q.OrderBy(c => c.Name).ThenBy(c => c.Id))
            .Select(c => new ExpenseCategoryResponse(c.Id, c.Name, c.UpdatedAt)).ToPageAsync(paging, ct);
        return ApiResults.Page(page);
    }

    public static async Task<CreatedEnvelopeResult<ExpenseCategoryResponse>> CreateAsync(
        CreateExpenseCategoryBody? body, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var name = body?.Name?.Trim();
        new Validator().Required("name", name).MaxLength("name", name, 100).ThrowIfInvalid();
        await EnsureDefaultsAsync(db, scope.WorkspaceId, clock, ct);
        var lowered = name!.ToLowerInvariant();
        if (await db.ExpenseCategories.AnyAsync(c => c.WorkspaceId == scope.WorkspaceId && c.Name.ToLower() == lowered, ct))
            throw ApiException.Invalid("name", "The name has already been taken.");
        var category = new ExpenseCategory
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = scope.WorkspaceId, Name = name, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ExpenseCategories.Add(category);
        await db.SaveChangesOrConflictAsync("This category was created by a concurrent request.", ct);
        return ApiResults.Created(new ExpenseCategoryResponse(category.Id, category.Name, category.UpdatedAt), "Expense category created successfully");
    }

    /// <summary>
    /// The category of an expense created without one (generation A): the default "Other", created again if a workspace
    /// that started with its own categories has none of that name.
    /// </summary>
    public static async Task<string> OtherIdAsync(TrackerDbContext db, long workspaceId, TimeProvider clock, CancellationToken ct)
    {
        var id = await db.ExpenseCategories.Where(c => c.WorkspaceId == workspaceId && c.Name.ToLower() == "other")
            .Select(c => c.Id).FirstOrDefaultAsync(ct);
        if (id is not null) return id;
        var category = new ExpenseCategory { Id = Guid.NewGuid().ToString(), WorkspaceId = workspaceId, Name = "Other", CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.ExpenseCategories.Add(category);
        await db.SaveChangesOrConflictAsync("This category was created by a concurrent request.", ct);
        return category.Id;
    }

    /// <summary>A workspace gets the default categories on its first use of the Expenses group (races: unique index).</summary>
    public static async Task EnsureDefaultsAsync(TrackerDbContext db, long workspaceId, TimeProvider clock, CancellationToken ct)
    {
        if (await db.ExpenseCategories.AnyAsync(c => c.WorkspaceId == workspaceId, ct)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        db.ExpenseCategories.AddRange(Defaults.Select(name => new ExpenseCategory
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = workspaceId, Name = name, CreatedAt = now,
        }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveChangesExtensions.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
        }
    }
}
