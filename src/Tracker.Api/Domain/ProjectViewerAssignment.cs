namespace Tracker.Api.Domain;

/// <summary>Read-only access of one project viewer (a member with role "Project viewer") to one project.</summary>
public class ProjectViewerAssignment
{
    public long Id { get; set; }
    public long WorkspaceId { get; set; }
    public long ProjectId { get; set; }
    public Project Project { get; set; } = null!;
    public long UserId { get; set; }
    public DateTime CreatedAt { get; set; }
}
