namespace Tracker.Api.Domain;

/// <summary>
/// One member's time off under one policy. Dates and wall-clock times are the member's own (local) calendar;
/// <see cref="StartsAt"/>/<see cref="EndsAt"/> are the same span as UTC instants, fixed with the zone in force
/// when the request was filed. The amount is computed once, at filing, and deducted on approval.
/// </summary>
public class LeaveRequest : ISynced
{
    public required string Id { get; set; }
    public long WorkspaceId { get; set; }
    public long UserId { get; set; }
    public User User { get; set; } = null!;
    public long PolicyId { get; set; }
    public LeavePolicy Policy { get; set; } = null!;
    /// <summary><see cref="LeaveStatuses"/>; changes only from pending, through a conditional UPDATE.</summary>
    public required string Status { get; set; }
    public string? Note { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    /// <summary>0 full day, 1 first half, 2 second half (day-based, single-day requests).</summary>
    public int LeavePeriod { get; set; }
    public TimeOnly? StartTime { get; set; }
    public TimeOnly? EndTime { get; set; }
    public decimal? HoursPerDay { get; set; }
    /// <summary>IANA zone the dates were read in (workspace system zone, else the member's, else UTC).</summary>
    public required string TimeZone { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    /// <summary>Working days covered (0.5 for a half day).</summary>
    public decimal Days { get; set; }
    public decimal Hours { get; set; }
    public long CreatedBy { get; set; }
    public long? ApprovedBy { get; set; }
    public long? RejectedBy { get; set; }
    public string? RejectReason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class LeaveStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public static readonly string[] All = [Pending, Approved, Rejected];
}
