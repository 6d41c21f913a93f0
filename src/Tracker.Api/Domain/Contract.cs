namespace Tracker.Api.Domain;

/// <summary>A member's assignment to a project, with the terms they work under.</summary>
public class Contract : IMemberOwned, ISynced
{
    public long Id { get; set; }
    public long WorkspaceId { get; set; }
    public long ProjectId { get; set; }
    public Project Project { get; set; } = null!;
    public long UserId { get; set; }
    public User User { get; set; } = null!;
    public string? UserRole { get; set; }
    public int? WeeklyHoursLimit { get; set; }
    public string? Screenshots { get; set; }
    public decimal? Rate { get; set; }
    /// <summary>1 custom, 2 member rate, 3 project rate.</summary>
    public int? RateType { get; set; }
    public string? Currency { get; set; }
    /// <summary>"active" or "paused".</summary>
    public required string Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}
