namespace Tracker.Api.Domain;

/// <summary>
/// A span of one member's time in one workspace: tracked (running while <see cref="EndedAt"/> is null) or added.
/// Instants are UTC; days are cut in the member's time zone when listed or reported.
/// </summary>
public class TimeEntry : IKeptWhenDeleted
{
    public required string Id { get; set; }
    public long WorkspaceId { get; set; }
    public long UserId { get; set; }
    public long? ContractId { get; set; }
    public long? ProjectId { get; set; }
    public long? TaskId { get; set; }
    public string? ActivityDescription { get; set; }
    /// <summary>Origin label as the contract shows it: "Web tracker", "Manually added time", …</summary>
    public required string Method { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    /// <summary>Activity percentage 0–100 when a desktop tracker reported one; null for API and manual time.</summary>
    public int? ActivityLevel { get; set; }
    /// <summary>
    /// Set on entries an import created: the SHA-256 of the source row (hex), unique per workspace, so importing the
    /// same file again creates nothing.
    /// </summary>
    public string? ImportFingerprint { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}
