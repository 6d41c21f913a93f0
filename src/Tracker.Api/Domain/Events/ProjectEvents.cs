namespace Tracker.Api.Domain.Events;

/// <summary>The project as every <c>project.*</c> event carries it.</summary>
public abstract record ProjectEvent(long ProjectId, string Name, bool IsBillable, int Status, DateTime? DeletedAt)
{
    protected ProjectEvent(Project p) : this(p.Id, p.Name, p.IsBillable, p.Status, p.DeletedAt) { }
}

public sealed record ProjectCreated : ProjectEvent, IDomainEvent
{
    public ProjectCreated(Project project) : base(project) { }
    static string IDomainEvent.Name => "project.created";
}

public sealed record ProjectUpdated : ProjectEvent, IDomainEvent
{
    public ProjectUpdated(Project project) : base(project) { }
    static string IDomainEvent.Name => "project.updated";
}

public sealed record ProjectDeleted : ProjectEvent, IDomainEvent
{
    public ProjectDeleted(Project project) : base(project) { }
    static string IDomainEvent.Name => "project.deleted";
}
