namespace Tracker.Api.Domain;

public class Workspace
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long OwnerId { get; set; }
    /// <summary>When set, every member's reports use this zone instead of their own.</summary>
    public string? SystemTimezone { get; set; }
    public bool IsBlocked { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ActivatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}
