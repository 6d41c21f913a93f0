namespace Tracker.Api.Domain;

public class PersonalAccessToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public User User { get; set; } = null!;
    public required string Name { get; set; }
    /// <summary>Hex SHA-256 of the whole token; the token itself is never stored.</summary>
    public required string TokenHash { get; set; }
    /// <summary>First characters of the token, so a user can tell tokens apart in the list.</summary>
    public required string Prefix { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
