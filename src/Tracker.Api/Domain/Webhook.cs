namespace Tracker.Api.Domain;

/// <summary>A workspace's subscription: a callback URL, the events it wants and the secret deliveries are signed with.</summary>
public class Webhook : IKeptWhenDeleted
{
    /// <summary>Opaque public id (the contract's "encoded" string id).</summary>
    public required string Id { get; set; }
    public long WorkspaceId { get; set; }
    public required string Url { get; set; }
    /// <summary>Subscribed event names wrapped in commas (",tracker.started,member.invited,") so one LIKE finds subscribers.</summary>
    public required string Events { get; set; }
    /// <summary>Signing secret, <c>whsec_</c> + base64 of 32 random bytes (Standard Webhooks form).</summary>
    public required string Secret { get; set; }
    /// <summary>"active", or "disabled" after a delivery failed for about a day.</summary>
    public required string Status { get; set; }
    public string? DisabledReason { get; set; }
    public DateTime? DisabledAt { get; set; }
    public long CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}

public static class WebhookStatuses
{
    public const string Active = "active";
    public const string Disabled = "disabled";
}
