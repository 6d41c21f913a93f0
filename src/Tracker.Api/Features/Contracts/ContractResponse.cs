using System.Linq.Expressions;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Contracts;

/// <summary>
/// The contract's Contract. <c>rate</c>, <c>rate_type</c> and <c>currency</c> are left out unless the caller may see
/// rates, and null when the project is not billable. <c>user_role</c> is the member's current role. <c>deleted_at</c>
/// (an addition, for sync) is set only on a deleted contract.
/// </summary>
public sealed record ContractResponse(
    long Id, string? ContractName, long ProjectId, string ProjectName, string? ProjectIcon, long UserId,
    string UserFirstname, string UserLastname, string UserEmail, string? UserRole, int? WeeklyHoursLimit, string? Screenshots,
    [property: RateField] decimal? Rate,
    [property: RateField] int? RateType,
    [property: RateField] string? Currency,
    string Status, DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt) : IRateFields
{
    public bool RatesVisible { get; init; }

    public string? ScreenshotsLabel => ScreenshotModes.Label(Screenshots);

    /// <summary>
    /// Contract <c>c</c> with its member's names as the workspace may show them (<see cref="MemberProfiles.WithProfile"/>),
    /// and its rate when <c>canSeeRates</c>. A rule for <see cref="QueryRules.Inline{T}"/>.
    /// </summary>
    public static readonly Expression<Func<Contract, MemberProfile, bool, ContractResponse>> Projection = (c, p, canSeeRates) =>
        new ContractResponse(
            c.Id, null, c.ProjectId, c.Project.Name, c.Project.Icon, c.UserId, p.FirstName, p.LastName, p.Email, p.Member.Role,
            c.WeeklyHoursLimit, c.Screenshots,
            canSeeRates && c.Project.IsBillable ? c.Rate : null,
            canSeeRates && c.Project.IsBillable ? c.RateType : null,
            canSeeRates && c.Project.IsBillable ? c.Currency : null,
            c.Status, c.CreatedAt, c.UpdatedAt, c.DeletedAt)
        {
            RatesVisible = canSeeRates,
        };
}
