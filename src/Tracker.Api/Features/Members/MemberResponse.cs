using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Tracker.Api.Domain;

namespace Tracker.Api.Features.Members;

/// <summary>
/// The contract's Member. <c>id</c> is the user id; rate fields are left out unless the caller may see rates. Until the
/// person accepts, names are the ones the inviter sent and avatar and time zone are null: the account may belong to
/// other workspaces, and an invitation must not reveal its profile (<see cref="MemberProfile"/>).
/// </summary>
public sealed record MemberResponse(
    long Id, string Email, string Firstname, string Lastname, string? Avatar, string CurrentRole, string? Timezone,
    string Status, string? TeamName, string? Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Rate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RateType,
    int RateStatus, int? WeeklyHoursLimit, string? Screenshots, bool IsBlocked,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt)
{
    /// <summary>Over <see cref="MemberProfile.Of"/>, which holds the rule for an invitation.</summary>
    public static Expression<Func<MemberProfile, MemberResponse>> Projection(bool canSeeRates) => p => new MemberResponse(
        p.Member.UserId, p.Email, p.FirstName, p.LastName, p.Avatar, p.Member.Role, p.Timezone, p.Member.Status,
        p.Member.TeamName, p.Member.Title, canSeeRates ? p.Member.Rate : null, canSeeRates ? p.Member.RateType : null, p.Member.RateStatus,
        p.Member.WeeklyHoursLimit, p.Member.Screenshots, p.Member.IsBlocked, p.Member.CreatedAt, p.Member.UpdatedAt, p.Member.DeletedAt);
}

public sealed record InviteResult(long UserId, string InvitationLink);
