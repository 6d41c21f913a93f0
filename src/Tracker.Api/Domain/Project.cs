namespace Tracker.Api.Domain;

public class Project : ISynced
{
    public long Id { get; set; }
    public long WorkspaceId { get; set; }
    public required string Name { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? Deadline { get; set; }
    public decimal? Estimation { get; set; }
    public decimal? BudgetEstimation { get; set; }
    public string? Notes { get; set; }
    public string? Icon { get; set; }
    public bool IsBillable { get; set; } = true;
    public decimal? Rate { get; set; }
    public int? WeeklyHoursLimit { get; set; }
    public string? Screenshots { get; set; }
    /// <summary>1 = active, 0 = archived (the contract only shows 1).</summary>
    public int Status { get; set; } = 1;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}
