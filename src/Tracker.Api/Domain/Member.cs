namespace Tracker.Api.Domain;

/// <summary>A user's membership in one workspace: their role, status and workspace-level settings.</summary>
public class Member
{
    public long Id { get; set; }
    public long WorkspaceId { get; set; }
    public long UserId { get; set; }
    public User User { get; set; } = null!;
    public Workspace Workspace { get; set; } = null!;
    public required string Role { get; set; }
    public required string Status { get; set; }
    public string? TeamName { get; set; }
    public string? Title { get; set; }
    public decimal? Rate { get; set; }
    public string? RateType { get; set; }
    /// <summary>1 when the member may see rates and amounts.</summary>
    public int RateStatus { get; set; }
    public int? WeeklyHoursLimit { get; set; }
    public string? Screenshots { get; set; }
    public bool IsBlocked { get; set; }
    /// <summary>SHA-256 of the invitation token; the token itself is only in the invitation link.</summary>
    public string? InvitationTokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Set when archived; archived members lose access at once.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Archives the membership: access ends at once, the data stays, a pending invitation dies.</summary>
    public void Archive(DateTime now)
    {
        DeletedAt = now;
        UpdatedAt = now;
        Status = MemberStatuses.Left;
        InvitationTokenHash = null;
    }
}
