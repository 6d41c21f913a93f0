using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Tracker.Api.Domain;

namespace Tracker.Api.Features.Members;

/// <summary>
/// The contract's Member. <c>id</c> is the user id; rate fields are left out unless the caller may see rates. Until the
/// person accepts, names are the ones the inviter sent and avatar and time zone are null: the account may belong to
/// other workspaces, and an invitation must not reveal its profile (<see cref="Member.InvitedFirstName"/>).
/// </summary>
public sealed record MemberResponse(
    long Id, string Email, string Firstname, string Lastname, string? Avatar, string CurrentRole, string? Timezone,
    string Status, string? TeamName, string? Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Rate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RateType,
    int RateStatus, int? WeeklyHoursLimit, string? Screenshots, bool IsBlocked,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt)
{
    public static Expression<Func<Member, MemberResponse>> Projection(bool canSeeRates) => m => new MemberResponse(
        m.UserId, m.User.Email, m.InvitedFirstName ?? m.User.FirstName, m.InvitedLastName ?? m.User.LastName,
        m.InvitedFirstName != null ? null : m.User.Avatar, m.Role, m.InvitedFirstName != null ? null : m.User.Timezone, m.Status,
        m.TeamName, m.Title, canSeeRates ? m.Rate : null, canSeeRates ? m.RateType : null, m.RateStatus,
        m.WeeklyHoursLimit, m.Screenshots, m.IsBlocked, m.CreatedAt, m.UpdatedAt, m.DeletedAt);
}

public sealed record InviteResult(long UserId, string InvitationLink);
