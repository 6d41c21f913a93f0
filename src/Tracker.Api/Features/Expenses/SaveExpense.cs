using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Expenses;

/// <summary>
/// Body of create and update. <c>description</c> (generation A) is an alias of <c>note</c>; <c>is_billable</c> takes
/// true/false, 1/0 or "yes"/"no"; <c>project_id</c> 0 on update detaches the project; <c>user_id</c> lets managers
/// record an expense for another member.
/// </summary>
public sealed record ExpenseBody(
    string? ExpenseName, string? Date, decimal? Amount, string? CategoryId, long? ProjectId, string? Note,
    string? Description, JsonElement? IsBillable, string? Currency, long? UserId);

/// <summary>
/// POST /expenses and PUT /expenses/{expenseId} (partial update: only the fields sent change). Create takes generation
/// A's form too, where <c>date</c>, <c>amount</c> and <c>category_id</c> are optional: an omitted date is today in the
/// member's zone, an omitted amount 0 (completed later with PUT), an omitted category "Other" (docs/decisions.md).
/// <c>expense_name</c> stays required: the runtime rejects requests without it (hr-reports.md 8).
/// </summary>
public static class SaveExpense
{
    private const decimal MaxAmount = 999_999_999.99m;

    public static async Task<CreatedEnvelopeResult<ExpenseResponse>> CreateAsync(
        ExpenseBody? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var request = body ?? Empty;
        var userId = scope.ActingFor(request.UserId);
        var v = new Validator().Required("expense_name", request.ExpenseName);
        if (request.CategoryId is not null) v.Required("category_id", request.CategoryId);
        var (date, billable) = ValidateShapes(v, request);
        v.ThrowIfInvalid();
        await ExpenseCategories.EnsureDefaultsAsync(db, scope.WorkspaceId, clock, ct);
        await CheckReferencesAsync(db, scope, request, userId, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var expense = new Expense
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = scope.WorkspaceId, UserId = userId, ProjectId = request.ProjectId,
            CategoryId = request.CategoryId?.Trim() ?? await ExpenseCategories.OtherIdAsync(db, scope.WorkspaceId, clock, ct),
            Name = request.ExpenseName!.Trim(), Date = date ?? await TodayOfAsync(db, scope.WorkspaceId, userId, now, ct),
            Amount = request.Amount ?? 0m,
            Currency = request.Currency?.Trim().ToUpperInvariant() ?? Currencies.Default, Note = NoteOf(request),
            IsBillable = billable ?? false, CreatedBy = scope.UserId, CreatedAt = now,
        };
        db.Expenses.Add(expense);
        outbox.Record(scope.WorkspaceId, new ExpenseCreated(expense));
        await db.SaveChangesAsync(ct);
        return ApiResults.Created(await ExpenseEndpoints.ReadAsync(db, scope, expense.Id, ct), "Expense created successfully");
    }

    public static async Task<EnvelopeResult<ExpenseResponse>> UpdateAsync(
        string expenseId, ExpenseBody? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock,
        CancellationToken ct)
    {
        var request = body ?? Empty;
        scope.ActingFor(request.UserId);
        var v = new Validator();
        if (request.ExpenseName is not null) v.Required("expense_name", request.ExpenseName);
        if (request.CategoryId is not null) v.Required("category_id", request.CategoryId);
        var (date, billable) = ValidateShapes(v, request);
        v.ThrowIfInvalid();

        var expense = await ExpenseEndpoints.Visible(db.Expenses, scope).FirstOrDefaultAsync(e => e.Id == expenseId, ct)
            ?? throw ApiException.NotFound("Expense");
        await CheckReferencesAsync(db, scope, request, request.UserId ?? expense.UserId, ct);

        if (request.UserId is { } userId) expense.UserId = userId;
        if (request.ExpenseName is not null) expense.Name = request.ExpenseName.Trim();
        if (date is not null) expense.Date = date.Value;
        if (request.Amount is { } amount) expense.Amount = amount;
        if (request.CategoryId is not null) expense.CategoryId = request.CategoryId.Trim();
        if (request.ProjectId is { } projectId) expense.ProjectId = projectId == 0 ? null : projectId;
        if (request.Note is not null || request.Description is not null) expense.Note = NoteOf(request);
        if (billable is not null) expense.IsBillable = billable.Value;
        if (request.Currency is not null) expense.Currency = request.Currency.Trim().ToUpperInvariant();
        outbox.Record(scope.WorkspaceId, new ExpenseUpdated(expense));
        await db.SaveChangesAsync(ct);
        return ApiResults.Ok(await ExpenseEndpoints.ReadAsync(db, scope, expense.Id, ct), "Expense updated successfully");
    }

    /// <summary>The member's local date now (the workspace's system zone when set), as their other local days.</summary>
    private static async Task<DateOnly> TodayOfAsync(TrackerDbContext db, long workspaceId, long userId, DateTime now, CancellationToken ct)
    {
        var zone = await db.Members.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.UserId == userId)
            .Select(MemberProfile.Of).Select(p => new { p.Timezone, p.Member.Workspace.SystemTimezone }).FirstAsync(ct);
        return MemberZone.For(zone.SystemTimezone, zone.Timezone).LocalDate(now);
    }

    private static readonly ExpenseBody Empty = new(null, null, null, null, null, null, null, null, null, null);

    /// <summary>Checks every field that was sent (422); returns the parsed date and billable flag.</summary>
    private static (DateOnly? Date, bool? Billable) ValidateShapes(Validator v, ExpenseBody r)
    {
        v.MaxLength("expense_name", r.ExpenseName?.Trim(), 255).MaxLength("note", NoteOf(r), 2000);
        // YYYY-MM-DD, or the display form the API answers with ("Jan 15, 2024"), so a read can be sent back.
        v.Date("date", r.Date?.Trim(), out var date, ExpenseRow.DisplayFormat);
        if (r.Amount is { } amount)
        {
            if (amount <= 0 || amount > MaxAmount) v.Add("amount", $"The amount field must be greater than 0 and at most {MaxAmount}.");
            else if (decimal.Round(amount, 2) != amount) v.Add("amount", "The amount field must have at most 2 decimal places.");
        }
        if (r.Currency is { } currency && !Currencies.IsKnown(currency.Trim().ToUpperInvariant()))
            v.Add("currency", "The currency field must be an ISO 4217 currency code, e.g. USD.");
        if (r.ProjectId is < 0) v.Add("project_id", "The selected project id is invalid.");
        bool? billable = null;
        if (r.IsBillable is { } flag && flag.ValueKind != JsonValueKind.Null)
        {
            billable = Flag(flag);
            if (billable is null) v.Add("is_billable", "The is billable field must be true or false.");
        }
        return (date, billable);
    }

    /// <summary>Category, project and member must all belong to the caller's workspace (422 otherwise).</summary>
    private static async Task CheckReferencesAsync(TrackerDbContext db, WorkspaceScope scope, ExpenseBody r, long userId, CancellationToken ct)
    {
        var v = new Validator();
        var categoryId = r.CategoryId?.Trim();
        if (categoryId is not null && !await db.ExpenseCategories.AnyAsync(c => c.WorkspaceId == scope.WorkspaceId && c.Id == categoryId, ct))
            v.Add("category_id", "The selected category id is invalid.");
        if (r.ProjectId is > 0 && !await db.Projects.AnyAsync(p => p.WorkspaceId == scope.WorkspaceId && p.Id == r.ProjectId && p.DeletedAt == null, ct))
            v.Add("project_id", "The selected project id is invalid.");
        if (r.UserId is not null && !await db.Members.AnyAsync(m => m.WorkspaceId == scope.WorkspaceId && m.UserId == userId
                                                                 && m.DeletedAt == null && m.Role != Roles.ProjectViewer, ct))
            v.Add("user_id", "The selected user id is not a member of this workspace.");
        v.ThrowIfInvalid();
    }

    private static bool? Flag(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
        JsonValueKind.String => value.GetString()?.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => null,
        },
        _ => null,
    };

    private static string? NoteOf(ExpenseBody r)
    {
        var note = r.Note ?? r.Description;
        return string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }
}
