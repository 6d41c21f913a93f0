using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Expenses;

public static class ExpenseEndpoints
{
    public static RouteGroupBuilder MapExpenses(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/expenses").WithTags("Expenses").RequireWorkspaceRole(Roles.Staff);
        group.MapGet("/", ListAsync).WithName("getExpenses").WithSummary("Get All Expenses").ReadsFromReplica();
        group.MapPost("/", SaveExpense.CreateAsync).WithName("createExpense").WithSummary("Create Expense");
        group.MapGet("/categories", ExpenseCategories.ListAsync).WithName("getExpenseCategories").WithSummary("Get Expense Categories").ReadsFromReplica();
        group.MapPost("/categories", ExpenseCategories.CreateAsync).WithName("createExpenseCategory").WithSummary("Create Expense Category").RequireWorkspaceRole(Roles.Admins);
        group.MapPut("/{expenseId}", SaveExpense.UpdateAsync).WithName("updateExpense").WithSummary("Update Expense");
        group.MapDelete("/{expenseId}", DeleteAsync).WithName("deleteExpense").WithSummary("Delete Expense");
        return api;
    }

    /// <summary>Managers see every expense of the workspace; other staff only their own.</summary>
    internal static IQueryable<Expense> Visible(IQueryable<Expense> expenses, WorkspaceScope scope)
    {
        var inWorkspace = expenses.Where(e => e.WorkspaceId == scope.WorkspaceId);
        return scope.IsAdmin ? inWorkspace : inWorkspace.Where(e => e.UserId == scope.UserId);
    }

    /// <summary>Newest expense date first. All filters combine; date bounds are inclusive.</summary>
    private static async Task<EnvelopeResult<IReadOnlyList<ExpenseResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, ExpenseListQuery filter, SyncQuery sync, CancellationToken ct)
    {
        var (id, userId, projectId, categoryId, from, to) = filter;
        var query = Visible(db.Expenses.Kept(sync).AsNoTracking(), scope);
        new Validator().DateOrder("date_from", from, "date_to", to).ThrowIfInvalid();
        if (!string.IsNullOrWhiteSpace(id)) query = query.Where(e => e.Id == id.Trim());
        if (userId is not null) query = query.Where(e => e.UserId == userId);
        if (projectId is not null) query = query.Where(e => e.ProjectId == projectId);
        if (!string.IsNullOrWhiteSpace(categoryId)) query = query.Where(e => e.CategoryId == categoryId.Trim());
        if (from is { } f) query = query.Where(e => e.Date >= f);
        if (to is { } t) query = query.Where(e => e.Date <= t);

        var page = await query.InSyncOrder(sync, e => e.Id, q => q.OrderByDescending(e => e.Date).ThenByDescending(e => e.CreatedAt).ThenBy(e => e.Id))
            .ToPageAsync(paging, rows => rows.WithProfile(db.Members, ExpenseRow.Projection), ct);
        var zone = await SystemTimezoneAsync(db, scope, ct);
        return ApiResults.Page(new Page<ExpenseResponse>(page.Items.Select(r => r.ToResponse(zone)).ToList(), page.Pagination));
    }

    /// <summary>Removal: the row stays only as sync's tombstone (deleted_at), hidden from every other read.</summary>
    private static async Task<EnvelopeResult<object?>> DeleteAsync(
        string expenseId, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, CancellationToken ct)
    {
        var expense = await Visible(db.Expenses, scope).FirstOrDefaultAsync(e => e.Id == expenseId, ct)
            ?? throw ApiException.NotFound("Expense");
        db.Expenses.Remove(expense);
        outbox.Record(scope.WorkspaceId, new ExpenseDeleted(expense.Id, expense.UserId));
        await db.SaveChangesOrConflictAsync("The expense was changed by a concurrent request.", ct);
        return ApiResults.Done("Expense deleted successfully");
    }

    internal static async Task<ExpenseResponse> ReadAsync(TrackerDbContext db, WorkspaceScope scope, string id, CancellationToken ct)
    {
        var row = await db.Expenses.AsNoTracking().Where(e => e.WorkspaceId == scope.WorkspaceId && e.Id == id)
            .WithProfile(db.Members, ExpenseRow.Projection).FirstAsync(ct);
        return row.ToResponse(await SystemTimezoneAsync(db, scope, ct));
    }

    private static Task<string?> SystemTimezoneAsync(TrackerDbContext db, WorkspaceScope scope, CancellationToken ct) =>
        db.Workspaces.AsNoTracking().Where(w => w.Id == scope.WorkspaceId).Select(w => w.SystemTimezone).FirstOrDefaultAsync(ct);
}

/// <summary>The filters of GET /expenses.</summary>
public sealed record ExpenseListQuery(string? Id, long? UserId, long? ProjectId, string? CategoryId, DateOnly? DateFrom, DateOnly? DateTo) : IQueryRecord
{
    public static ValueTask<ExpenseListQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<ExpenseListQuery>(context);
}
