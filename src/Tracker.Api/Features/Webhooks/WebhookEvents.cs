using Tracker.Api.Domain.Events;

namespace Tracker.Api.Features.Webhooks;

/// <summary>Event names a webhook may subscribe to: exactly those the domain event records declare.</summary>
public static class WebhookEvents
{
    public static IReadOnlyList<string> All => DomainEvents.Names;

    /// <summary>Stored form: names wrapped in commas so a subscriber query is one LIKE.</summary>
    public static string Pack(IEnumerable<string> events) => "," + string.Join(",", events.Distinct()) + ",";

    public static string[] Unpack(string packed) => packed.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
