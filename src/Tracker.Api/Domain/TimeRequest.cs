namespace Tracker.Api.Domain;

/// <summary>A request to add a span of manual time to a member's timeline; approval creates the time entry.</summary>
public class TimeRequest : ISynced
{
    public required string Id { get; set; }
    public long WorkspaceId { get; set; }
    public long UserId { get; set; }
    public long? ContractId { get; set; }
    public long? ProjectId { get; set; }
    public long? TaskId { get; set; }
    public DateTime Start { get; set; }
    public DateTime End { get; set; }
    public required string Status { get; set; }
    public string? Notes { get; set; }
    /// <summary>Rejection comment.</summary>
    public string? Comment { get; set; }
    /// <summary>User who approved or rejected.</summary>
    public long? UpdatedBy { get; set; }
    public long CreatedBy { get; set; }
    /// <summary>The entry created on approval.</summary>
    public string? TimeEntryId { get; set; }
    /// <summary>Changes on every decision, so two concurrent approvals cannot both create time (the loser gets 409).</summary>
    public Guid Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class TimeRequestStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public static readonly string[] All = [Pending, Approved, Rejected];
}

public static class TimeEntryMethods
{
    /// <summary>Trackers started through the API are the web tracker's kind (current-data only serves these).</summary>
    public const string WebTracker = "Web tracker";
    public const string Manual = "Manually added time";
    /// <summary>Brought in from another product's export (POST /imports).</summary>
    public const string Imported = "Imported";
}
