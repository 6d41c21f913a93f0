namespace Tracker.Api.Domain.Events;

/// <summary>The expense as <c>expense.created</c> and <c>expense.updated</c> carry it.</summary>
public abstract record ExpenseEvent(
    string Id, long UserId, long? ProjectId, string CategoryId, string ExpenseName, DateOnly Date, decimal Amount, string Currency,
    bool IsBillable)
{
    protected ExpenseEvent(Expense e) : this(e.Id, e.UserId, e.ProjectId, e.CategoryId, e.Name, e.Date, e.Amount, e.Currency, e.IsBillable) { }
}

public sealed record ExpenseCreated : ExpenseEvent, IDomainEvent
{
    public ExpenseCreated(Expense expense) : base(expense) { }
    static string IDomainEvent.Name => "expense.created";
}

public sealed record ExpenseUpdated : ExpenseEvent, IDomainEvent
{
    public ExpenseUpdated(Expense expense) : base(expense) { }
    static string IDomainEvent.Name => "expense.updated";
}

public sealed record ExpenseDeleted(string Id, long UserId) : IDomainEvent
{
    static string IDomainEvent.Name => "expense.deleted";
}
