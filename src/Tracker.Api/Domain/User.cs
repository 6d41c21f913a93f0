namespace Tracker.Api.Domain;

/// <summary>A person who can sign in. Membership in workspaces is separate (see <see cref="Member"/>).</summary>
public class User
{
    public long Id { get; set; }
    public required string Email { get; set; }
    /// <summary>Lower-cased email, unique; lookups and uniqueness go through it.</summary>
    public required string NormalizedEmail { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? Avatar { get; set; }
    public string? Timezone { get; set; }
    /// <summary>Null until the user sets a password (invited users accept first).</summary>
    public string? PasswordHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
