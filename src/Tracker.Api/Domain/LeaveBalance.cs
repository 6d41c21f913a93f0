namespace Tracker.Api.Domain;

/// <summary>
/// What one member has used of one policy in one calendar year. The row is the guard against over-spending:
/// approval adds to <see cref="UsedThousandths"/> with a conditional UPDATE, so two approvals cannot both take the
/// last days. Stored in thousandths of the policy's unit (an integer) so SQLite can compare it in SQL.
/// </summary>
public class LeaveBalance
{
    public long Id { get; set; }
    public long WorkspaceId { get; set; }
    public long UserId { get; set; }
    public long PolicyId { get; set; }
    public int Year { get; set; }
    public long UsedThousandths { get; set; }
    public DateTime UpdatedAt { get; set; }
}
