using System.Linq.Expressions;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Members;

/// <summary>
/// The contract's Member. <c>id</c> is the user id; <c>rate</c> and <c>rate_type</c> are left out unless the caller may see rates. Until the
/// person accepts, names are the ones the inviter sent and avatar and time zone are null: the account may belong to
/// other workspaces, and an invitation must not reveal its profile (<see cref="MemberProfile"/>).
/// </summary>
public sealed record MemberResponse(
    long Id, string Email, string Firstname, string Lastname, string? Avatar, string CurrentRole, string? Timezone,
    string Status, string? TeamName, string? Title,
    [property: RateField] decimal? Rate,
    [property: RateField] string? RateType,
    int RateStatus, int? WeeklyHoursLimit, string? Screenshots, bool IsBlocked,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt) : IRateFields
{
    public bool RatesVisible { get; init; }

    /// <summary>Over <see cref="MemberProfile.Of"/>, which holds the rule for an invitation.</summary>
    public static Expression<Func<MemberProfile, MemberResponse>> Projection(bool canSeeRates) => p => new MemberResponse(
        p.Member.UserId, p.Email, p.FirstName, p.LastName, p.Avatar, p.Member.Role, p.Timezone, p.Member.Status,
        p.Member.TeamName, p.Member.Title, canSeeRates ? p.Member.Rate : null, canSeeRates ? p.Member.RateType : null, p.Member.RateStatus,
        p.Member.WeeklyHoursLimit, p.Member.Screenshots, p.Member.IsBlocked, p.Member.CreatedAt, p.Member.UpdatedAt, p.Member.DeletedAt)
    {
        RatesVisible = canSeeRates,
    };
}

public sealed record InviteResult(long UserId, string InvitationLink);
