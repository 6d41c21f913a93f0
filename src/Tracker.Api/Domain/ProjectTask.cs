namespace Tracker.Api.Domain;

/// <summary>A task of a project ("Task" would clash with System.Threading.Tasks.Task).</summary>
public class ProjectTask : ISynced
{
    public long Id { get; set; }
    public long WorkspaceId { get; set; }
    public long ProjectId { get; set; }
    public Project Project { get; set; } = null!;
    public long? ParentId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public long CreatorId { get; set; }
    /// <summary>TaskStatus: 0 open, 10 in progress, 20 done, 30 closed.</summary>
    public int Status { get; set; }
    /// <summary>TaskPriority: 10 urgent, 20 high, 30 normal, 40 low.</summary>
    public int? Priority { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public List<TaskAssignee> Assignees { get; set; } = [];
}

public class TaskAssignee
{
    /// <summary>The assignment id the assign operation answers with.</summary>
    public long Id { get; set; }
    public long TaskId { get; set; }
    public long UserId { get; set; }
    public User User { get; set; } = null!;
    public DateTime CreatedAt { get; set; }
}
