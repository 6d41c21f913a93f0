using System.Linq.Expressions;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Projects;

public sealed record ProjectTagResponse(long Id, string Name, string? Color);

/// <summary>The contract's Project. <c>owner_id</c> is the workspace owner; <c>rate</c> is left out unless the caller may see rates.</summary>
public sealed record ProjectResponse(
    long Id, string Name, long OwnerId, DateOnly? StartDate, DateOnly? Deadline, decimal? Estimation,
    decimal? BudgetEstimation, string? Notes, string? Icon, bool IsBillable, [property: RateField] decimal? Rate, int? WeeklyHoursLimit,
    string? Screenshots, List<ProjectTagResponse> Tags, int ContractsCount, int Status,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt) : IRateFields
{
    public bool RatesVisible { get; init; }

    /// <summary>
    /// Project <c>p</c> as a workspace owned by <c>ownerId</c> answers it, with its rate when <c>canSeeRates</c>. A
    /// rule for <see cref="QueryRules.Inline{T}"/>.
    /// </summary>
    public static readonly Expression<Func<TrackerDbContext, Project, long, bool, ProjectResponse>> Projection =
        (db, p, ownerId, canSeeRates) => new ProjectResponse(
            p.Id, p.Name, ownerId, p.StartDate, p.Deadline, p.Estimation, p.BudgetEstimation, p.Notes, p.Icon,
            p.IsBillable, canSeeRates ? p.Rate : null, p.WeeklyHoursLimit, p.Screenshots,
            db.ProjectTags.Where(t => t.ProjectId == p.Id).OrderBy(t => t.Id).Select(t => new ProjectTagResponse(t.Id, t.Name, t.Color)).ToList(),
            db.Contracts.Count(c => c.ProjectId == p.Id && c.DeletedAt == null && c.Status == ContractStatuses.Active),
            p.Status, p.CreatedAt, p.UpdatedAt, p.DeletedAt)
        {
            RatesVisible = canSeeRates,
        };
}
