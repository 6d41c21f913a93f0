namespace Tracker.Api.Features.Webhooks;

public sealed record WebhookRequest(string? Url, string[]? Events);

/// <summary>
/// The contract's Webhook (<c>id, url, events, token</c>) plus its delivery status. <c>token</c> is the full signing
/// secret for callers with the <c>admin</c> scope and in the create and rotate answers; masked for narrower tokens.
/// <c>deleted_at</c> is set only on a deleted webhook a sync returns.
/// </summary>
public sealed record WebhookResponse(
    string Id, string Url, string[] Events, string Token, string Status, string? DisabledReason,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt);

public sealed record DeliveryAttemptResponse(int Attempt, int? StatusCode, int DurationMs, string? Error, DateTime AttemptedAt);

public sealed record DeliveryResponse(
    string Id, string Event, string EventId, string Status, int Attempts, int? LastStatusCode, string? LastError,
    DateTime? NextAttemptAt,
    DateTime CreatedAt, DateTime? CompletedAt, IReadOnlyList<DeliveryAttemptResponse> AttemptLog);
