namespace Tracker.Api.Domain.Events;

/// <summary>
/// Something that happened in a workspace, recorded in the outbox and delivered to webhooks. The record's public
/// properties, in declaration order and snake_cased, are the <c>data</c> a receiver gets.
/// </summary>
public interface IDomainEvent
{
    /// <summary>The event's name as the contract spells it, e.g. <c>member.invited</c>; declared once, on the record.</summary>
    static abstract string Name { get; }
}

public static class DomainEvents
{
    /// <summary>Every event name a record declares: what a webhook may subscribe to and what the outbox may hold.</summary>
    public static readonly IReadOnlyList<string> Names = typeof(IDomainEvent).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && t.IsAssignableTo(typeof(IDomainEvent)))
        .Select(t => (string)typeof(DomainEvents).GetMethod(nameof(NameOf))!.MakeGenericMethod(t).Invoke(null, null)!)
        .Order(StringComparer.Ordinal).ToArray();

    public static string NameOf<TEvent>() where TEvent : IDomainEvent => TEvent.Name;
}
