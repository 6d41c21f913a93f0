namespace Tracker.Api.Domain.Events;

/// <summary>The task as every <c>task.*</c> event carries it; load its assignees first.</summary>
public abstract record TaskEvent(
    long TaskId, long ProjectId, string Title, int Status, int? Priority, IReadOnlyList<long> Assignees, DateTime? DeletedAt)
{
    protected TaskEvent(ProjectTask t) : this(t.Id, t.ProjectId, t.Title, t.Status, t.Priority, [.. t.Assignees.Select(a => a.UserId)], t.DeletedAt) { }
}

public sealed record TaskCreated : TaskEvent, IDomainEvent
{
    public TaskCreated(ProjectTask task) : base(task) { }
    static string IDomainEvent.Name => "task.created";
}

/// <summary>Any change, including an assignment added or removed.</summary>
public sealed record TaskUpdated : TaskEvent, IDomainEvent
{
    public TaskUpdated(ProjectTask task) : base(task) { }
    static string IDomainEvent.Name => "task.updated";
}

public sealed record TaskDeleted : TaskEvent, IDomainEvent
{
    public TaskDeleted(ProjectTask task) : base(task) { }
    static string IDomainEvent.Name => "task.deleted";
}
