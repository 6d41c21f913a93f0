using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Contracts;

public sealed record CreateContractRequest(long? ProjectId, long? UserId, int? WeeklyHoursLimit, string? Screenshots, decimal? Rate);

public sealed record UpdateContractRequest(int? WeeklyHoursLimit, string? Screenshots, decimal? Rate, string? Status);

/// <summary>
/// Contract writes: Owners and Executive managers only. One live contract per member and project (400 for a plain
/// duplicate; the unique filtered index turns a lost race into 409). <c>rate</c> is stored only when the caller may
/// see rates, otherwise silently ignored.
/// </summary>
public static class SaveContract
{
    public static async Task<CreatedEnvelopeResult<ContractResponse>> CreateAsync(
        CreateContractRequest? body, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var r = body ?? new CreateContractRequest(null, null, null, null, null);
        var v = new Validator().Required("project_id", r.ProjectId).Required("user_id", r.UserId);
        Validate(v, r.WeeklyHoursLimit, r.Screenshots, r.Rate);
        v.ThrowIfInvalid();

        var project = await db.FindVisibleProjectAsync(scope, r.ProjectId!.Value, ct);
        var member = await db.Members.AsNoTracking()
            .FirstOrDefaultAsync(m => m.WorkspaceId == scope.WorkspaceId && m.UserId == r.UserId && m.DeletedAt == null, ct)
            ?? throw ApiException.NotFound("Member");
        if (member.Role == Roles.ProjectViewer)
            throw ApiException.BadRequest("Project viewers get read-only access with assign-project, not a contract.");
        if (await db.Contracts.AnyAsync(c => c.ProjectId == project.Id && c.UserId == member.UserId && c.DeletedAt == null, ct))
            throw ApiException.BadRequest("This member already has a contract on this project.");

        var now = clock.GetUtcNow().UtcDateTime;
        var contract = new Contract
        {
            WorkspaceId = scope.WorkspaceId, ProjectId = project.Id, UserId = member.UserId, UserRole = member.Role,
            WeeklyHoursLimit = r.WeeklyHoursLimit ?? 168, Screenshots = r.Screenshots?.ToLowerInvariant() ?? ScreenshotModes.Full,
            Currency = Currencies.Default, Status = ContractStatuses.Active, CreatedAt = now,
        };
        SetRate(contract, r.Rate, scope);
        db.Contracts.Add(contract);
        await db.SaveChangesOrConflictAsync("This member got a contract on this project in a concurrent request.", ct);
        return ApiResults.Created(await ContractEndpoints.ReadAsync(db, scope, contract.Id, ct), "Contract created successfully");
    }

    public static async Task<EnvelopeResult<ContractResponse>> UpdateAsync(
        long contractId, UpdateContractRequest? body, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var r = body ?? new UpdateContractRequest(null, null, null, null);
        var contract = await FindAsync(db, scope, contractId, ct);
        var v = new Validator().OneOf("status", r.Status, ContractStatuses.All);
        Validate(v, r.WeeklyHoursLimit, r.Screenshots, r.Rate);
        v.ThrowIfInvalid();

        if (r.WeeklyHoursLimit is not null) contract.WeeklyHoursLimit = r.WeeklyHoursLimit;
        if (r.Screenshots is not null) contract.Screenshots = r.Screenshots.ToLowerInvariant();
        if (r.Status is not null) contract.Status = r.Status.Trim().ToLowerInvariant();
        SetRate(contract, r.Rate, scope);
        await db.SaveChangesOrConflictAsync("The contract was changed by a concurrent request.", ct);
        return ApiResults.Ok(await ContractEndpoints.ReadAsync(db, scope, contract.Id, ct), "Contract updated successfully");
    }

    /// <summary>
    /// DELETE /contracts/{contractId}: soft delete. The member also leaves the assignees of the project's tasks, since
    /// only members with a contract may be assigned.
    /// </summary>
    public static async Task<EnvelopeResult<object?>> DeleteAsync(
        long contractId, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var contract = await FindAsync(db, scope, contractId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        contract.DeletedAt = now;
        db.TaskAssignees.RemoveRange(await db.TaskAssignees
            .Where(a => a.UserId == contract.UserId && db.Tasks.Any(t => t.Id == a.TaskId && t.ProjectId == contract.ProjectId))
            .ToListAsync(ct));
        await db.SaveChangesOrConflictAsync("The contract was changed by a concurrent request.", ct);
        return ApiResults.Done("Contract deleted successfully");
    }

    private static async Task<Contract> FindAsync(TrackerDbContext db, WorkspaceScope scope, long contractId, CancellationToken ct) =>
        await db.VisibleContracts(scope).FirstOrDefaultAsync(c => c.Id == contractId, ct) ?? throw ApiException.NotFound("Contract");

    private static void Validate(Validator v, int? weeklyHoursLimit, string? screenshots, decimal? rate) =>
        v.Range("weekly_hours_limit", weeklyHoursLimit, 0, 168).OneOf("screenshots", screenshots, ScreenshotModes.All)
            .Range("rate", rate, 0, 1_000_000);

    /// <summary>A rate set on the contract is a custom rate (rate_type 1).</summary>
    private static void SetRate(Contract contract, decimal? rate, WorkspaceScope scope)
    {
        if (rate is null || !scope.CanSeeRates) return;
        contract.Rate = rate;
        contract.RateType = 1;
    }
}
