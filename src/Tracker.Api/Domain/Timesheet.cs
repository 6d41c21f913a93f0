namespace Tracker.Api.Domain;

/// <summary>
/// One member's time for one pay period (a Monday–Sunday week in the member's zone). Created when time is first
/// recorded in the period; submitted and approved periods lock their time against changes.
/// </summary>
public class Timesheet : IMemberOwned, ISynced
{
    public required string Id { get; set; }
    public long WorkspaceId { get; set; }
    public long UserId { get; set; }
    public User User { get; set; } = null!;
    public DateOnly DateFrom { get; set; }
    public DateOnly DateTo { get; set; }
    public required string Status { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? RejectReason { get; set; }
    /// <summary>User who approved or rejected last.</summary>
    public long? DecidedBy { get; set; }
    /// <summary>Changes on every transition; two concurrent transitions cannot both succeed (the loser gets 409).</summary>
    public Guid Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class TimesheetStatuses
{
    public const string Pending = "pending";
    public const string Submitted = "submitted";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    /// <summary>Generation B's (and legacy v1's) name for <see cref="Pending"/>; accepted on input only.</summary>
    public const string Open = "open";
    public static readonly string[] All = [Pending, Submitted, Approved, Rejected];
    public static readonly string[] Accepted = [Pending, Open, Submitted, Approved, Rejected];
    /// <summary>States whose time may no longer change (a submitted sheet must be unsubmitted first).</summary>
    public static readonly string[] Locked = [Submitted, Approved];
}
