namespace Tracker.Api.Domain.Events;

/// <summary>An invitation was sent (POST /members, POST /project-viewers, or the restore of a viewer who never accepted).</summary>
public sealed record MemberInvited(long UserId, string Email, string Role) : IDomainEvent
{
    static string IDomainEvent.Name => "member.invited";
}

public sealed record MemberUpdated(long UserId, string Role) : IDomainEvent
{
    static string IDomainEvent.Name => "member.updated";
}

/// <summary>An invitation was accepted, or an archived member who had accepted was restored.</summary>
public sealed record MemberActivated(long UserId) : IDomainEvent
{
    static string IDomainEvent.Name => "member.activated";
}

public sealed record MemberArchived(long UserId) : IDomainEvent
{
    static string IDomainEvent.Name => "member.archived";
}

/// <summary>The member left the workspace (hr-reports 4.5: <c>user_id</c>, <c>email</c>); sent with every archive.</summary>
public sealed record MemberDeleted(long UserId, string Email) : IDomainEvent
{
    static string IDomainEvent.Name => "member.deleted";
}
