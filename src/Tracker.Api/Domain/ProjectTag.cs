namespace Tracker.Api.Domain;

/// <summary>A label on one project (the contract's ProjectTag: id, name, colour).</summary>
public class ProjectTag
{
    public long Id { get; set; }
    public long WorkspaceId { get; set; }
    public long ProjectId { get; set; }
    public required string Name { get; set; }
    /// <summary>Hex colour such as <c>#FF5733</c>.</summary>
    public string? Color { get; set; }
}
