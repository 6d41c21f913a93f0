using System.Globalization;
using System.Linq.Expressions;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Expenses;

/// <summary>
/// The contract's Expense (display-ready: names and <c>MMM d, yyyy</c> dates), plus the ids, the ISO
/// <c>date</c> and the <c>currency</c> a client needs to round-trip an update, and <c>updated_at</c>/<c>deleted_at</c>
/// for sync.
/// </summary>
public sealed record ExpenseResponse(
    string Id, long UserId, string Member, string ExpenseDate, DateOnly Date, string ExpenseName, long? ProjectId,
    string? Project, string CategoryId, string Category, decimal Amount, string Currency, string? Note, string Type,
    string AddedDte, DateTime UpdatedAt, DateTime? DeletedAt);

public sealed record ExpenseRow(
    string Id, long UserId, string Member, string? Timezone, DateOnly Date, string Name, long? ProjectId, string? Project,
    string CategoryId, string Category, decimal Amount, string Currency, string? Note, bool IsBillable, DateTime CreatedAt,
    DateTime UpdatedAt, DateTime? DeletedAt)
{
    public const string DisplayFormat = "MMM d, yyyy";

    /// <summary>For <see cref="MemberProfiles.WithProfile"/>: the member's name and zone as this workspace may know them.</summary>
    public static readonly Expression<Func<Expense, MemberProfile, ExpenseRow>> Projection = (e, p) => new ExpenseRow(
        e.Id, e.UserId, p.FirstName + " " + p.LastName, p.Timezone, e.Date, e.Name, e.ProjectId,
        e.Project == null ? null : e.Project.Name, e.CategoryId, e.Category.Name, e.Amount, e.Currency, e.Note, e.IsBillable,
        e.CreatedAt, e.UpdatedAt, e.DeletedAt);

    /// <summary><c>added_dte</c> is the creation day in the member's zone (the workspace's system zone when set).</summary>
    public ExpenseResponse ToResponse(string? systemTimezone) => new(
        Id, UserId, Member, Display(Date), Date, Name, ProjectId, Project, CategoryId, Category, Decimals.Trim(Amount),
        Currency, Note, IsBillable ? "billable" : "non-billable",
        Display(MemberZone.For(systemTimezone, Timezone).LocalDate(CreatedAt)), UpdatedAt, DeletedAt);

    private static string Display(DateOnly date) => date.ToString(DisplayFormat, CultureInfo.InvariantCulture);
}
