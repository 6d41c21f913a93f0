namespace Tracker.Api.Domain;

/// <summary>A user's membership in one workspace: their role, status and workspace-level settings.</summary>
public class Member : ISynced
{
    public long Id { get; set; }
    public long WorkspaceId { get; set; }
    public long UserId { get; set; }
    public User User { get; set; } = null!;
    public Workspace Workspace { get; set; } = null!;
    public required string Role { get; set; }
    public required string Status { get; set; }
    public string? TeamName { get; set; }
    public string? Title { get; set; }
    public decimal? Rate { get; set; }
    public string? RateType { get; set; }
    /// <summary>1 when the member may see rates and amounts.</summary>
    public int RateStatus { get; set; }
    public int? WeeklyHoursLimit { get; set; }
    public string? Screenshots { get; set; }
    public bool IsBlocked { get; set; }
    /// <summary>SHA-256 of the invitation token; the token itself is only in the invitation link. Null once used.</summary>
    public string? InvitationTokenHash { get; set; }
    /// <summary>When the invitation link stops working.</summary>
    public DateTime? InvitationExpiresAt { get; set; }
    /// <summary>
    /// The names the inviter sent. Set until the person accepts, and shown instead of the account's own profile
    /// meanwhile: an invitation must not reveal what another workspace knows about the account. Null once accepted,
    /// so a non-null value also means "never joined" (kept through an archive).
    /// </summary>
    public string? InvitedFirstName { get; set; }
    public string? InvitedLastName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Set when archived; archived members lose access at once.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Invited and never joined (queries spell it <c>InvitedFirstName != null</c>).</summary>
    public bool AwaitsAcceptance => InvitedFirstName is not null;

    /// <summary>(Re)starts the invitation: the membership is inactive until this link is accepted.</summary>
    public void Invite(string tokenHash, string firstName, string lastName, DateTime now, TimeSpan lifetime)
    {
        Status = MemberStatuses.Inactive;
        DeletedAt = null;
        InvitationTokenHash = tokenHash;
        InvitationExpiresAt = now + lifetime;
        InvitedFirstName = firstName;
        InvitedLastName = lastName;
    }

    /// <summary>
    /// Invited by an import: inactive and awaiting acceptance like any invitation, but no link exists and nothing is
    /// mailed (an import of years of history must not mail every former colleague). The invitation counts as expired,
    /// so POST /members for the same email sends a real one at once.
    /// </summary>
    public void InviteWithoutLink(string firstName, string lastName, DateTime now)
    {
        Status = MemberStatuses.Inactive;
        UpdatedAt = now;
        InvitationTokenHash = null;
        InvitationExpiresAt = now;
        InvitedFirstName = firstName;
        InvitedLastName = lastName;
    }

    /// <summary>The link was used: the membership turns active and the account's own profile shows from now on.</summary>
    public void AcceptInvitation()
    {
        Status = MemberStatuses.Active;
        InvitationTokenHash = null;
        InvitationExpiresAt = null;
        InvitedFirstName = null;
        InvitedLastName = null;
    }

    /// <summary>Archives the membership: access ends at once, the data stays, a pending invitation dies.</summary>
    public void Archive(DateTime now)
    {
        DeletedAt = now;
        Status = MemberStatuses.Left;
        InvitationTokenHash = null;
    }
}
