namespace Tracker.Api.Domain;

/// <summary>A dated amount of money spent by one member, classified by a category, optionally for a project.</summary>
public class Expense : IMemberOwned, IKeptWhenDeleted
{
    public required string Id { get; set; }
    public long WorkspaceId { get; set; }
    public long UserId { get; set; }
    public User User { get; set; } = null!;
    public long? ProjectId { get; set; }
    public Project? Project { get; set; }
    public required string CategoryId { get; set; }
    public ExpenseCategory Category { get; set; } = null!;
    public required string Name { get; set; }
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
    /// <summary>ISO 4217 code, upper case.</summary>
    public required string Currency { get; set; }
    public string? Note { get; set; }
    public bool IsBillable { get; set; }
    public long CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}
