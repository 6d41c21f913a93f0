namespace Tracker.Api.Domain;

/// <summary>
/// A leave type of one workspace (Vacation, Sick leave…): the yearly allowance in <see cref="TimeUnit"/> and the
/// rules requests under it follow. Every member of the workspace gets the full allowance each calendar year.
/// </summary>
public class LeavePolicy : ISynced
{
    public long Id { get; set; }
    public long WorkspaceId { get; set; }
    public required string Name { get; set; }
    /// <summary><see cref="LeaveTimeUnits.Days"/> or <see cref="LeaveTimeUnits.Hours"/>; fixed once created.</summary>
    public required string TimeUnit { get; set; }
    /// <summary>Allowance per calendar year, in <see cref="TimeUnit"/>.</summary>
    public decimal Duration { get; set; }
    /// <summary>Length of a working day, used to express day-based leave in hours.</summary>
    public decimal HoursPerDay { get; set; } = 8;
    public bool IsPaid { get; set; }
    public bool AllowNegativeBalance { get; set; }
    public bool ReasonRequired { get; set; }
    public bool ApplyToFutureMembers { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class LeaveTimeUnits
{
    public const string Days = "days";
    public const string Hours = "hours";
}
