namespace Tracker.Api.Domain;

public class ExpenseCategory : ISynced
{
    public required string Id { get; set; }
    public long WorkspaceId { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
