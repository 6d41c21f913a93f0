namespace Tracker.Api.Domain;

/// <summary>The first response to a POST sent with an Idempotency-Key, replayed to retries for 24 hours.</summary>
public class IdempotencyRecord
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Key { get; set; }
    /// <summary>SHA-256 of method, path, query and body: the same key with another request is refused.</summary>
    public required string RequestHash { get; set; }
    /// <summary>Null while the first request is still running.</summary>
    public int? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public DateTime CreatedAt { get; set; }
}
