using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Leaves;

/// <summary><c>note</c> is accepted as an alias of <c>reason</c> (the Leave schema answers the reason as <c>note</c>).</summary>
public sealed record RequestLeaveBody(
    long? PolicyId, long? UserId, string? Start, string? End, int? LeavePeriod, string? StartTime, string? EndTime,
    decimal? HoursPerDay, string? Reason, string? Note);

/// <summary>
/// POST /leaves: files a pending request. The working days it covers are counted now, in the member's calendar;
/// the balance is checked now (to refuse early) and again, atomically, when a manager approves.
/// </summary>
public static class RequestLeave
{
    private const int MaxDays = 366;

    public static async Task<CreatedEnvelopeResult<LeaveResponse>> HandleAsync(
        RequestLeaveBody? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var request = body ?? new RequestLeaveBody(null, null, null, null, null, null, null, null, null, null);
        scope.ActingFor(request.UserId);
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? request.Note : request.Reason;
        var v = new Validator().Required("policy_id", request.PolicyId).Required("user_id", request.UserId)
            .Required("start", request.Start).Date("start", request.Start, out var start)
            .Required("end", request.End).Date("end", request.End, out var end)
            .OneOf("leave_period", request.LeavePeriod, [0, 1, 2]).MaxLength("reason", reason, 1000);
        if (start is { } s && end is { } e && e < s) v.Add("end", "The end field must be a date after or equal to start.");
        else if (start is { } s2 && end is { } e2 && e2.DayNumber - s2.DayNumber >= MaxDays) v.Add("end", $"A leave request may cover at most {MaxDays} days.");
        v.ThrowIfInvalid();

        await LeavePolicies.EnsureDefaultsAsync(db, scope.WorkspaceId, clock, ct);
        var policy = await db.LeavePolicies.AsNoTracking().FirstOrDefaultAsync(p => p.WorkspaceId == scope.WorkspaceId && p.Id == request.PolicyId, ct)
            ?? throw ApiException.Invalid("policy_id", "The selected policy id is invalid.");
        var member = await db.Members.AsNoTracking()
            .Where(m => m.WorkspaceId == scope.WorkspaceId && m.UserId == request.UserId && m.DeletedAt == null && m.Role != Roles.ProjectViewer)
            .Select(MemberProfile.Of).Select(p => new { p.Timezone, p.Member.Workspace.SystemTimezone }).FirstOrDefaultAsync(ct)
            ?? throw ApiException.Invalid("user_id", "The selected user id is not a member of this workspace.");

        var leave = new LeaveRequest
        {
            Id = Guid.NewGuid().ToString(), WorkspaceId = scope.WorkspaceId, UserId = request.UserId!.Value, PolicyId = policy.Id,
            Status = LeaveStatuses.Pending, Note = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            StartDate = start!.Value, EndDate = end!.Value, TimeZone = MemberZone.For(member.SystemTimezone, member.Timezone).Id,
            CreatedBy = scope.UserId,
        };
        ApplyPolicyRules(request, policy, leave);

        var needed = LeaveCalendar.UsePerYear(leave, policy);
        if (needed.Count == 0) throw ApiException.BadRequest("The requested dates contain no working days.");
        if (!policy.AllowNegativeBalance)
        {
            var remaining = await LeaveBalances.RemainingAsync(db, scope.WorkspaceId, leave.UserId, policy, needed.Keys, ct);
            if (needed.Any(n => n.Value > remaining[n.Key])) throw ApiException.BadRequest("Insufficient leave balance.");
        }
        var overlaps = await db.LeaveRequests.AnyAsync(l => l.WorkspaceId == scope.WorkspaceId && l.UserId == leave.UserId
            && l.Status != LeaveStatuses.Rejected && l.StartDate <= leave.EndDate && l.EndDate >= leave.StartDate, ct);
        if (overlaps) throw ApiException.BadRequest("The member already has leave requested for some of these dates.");

        var now = clock.GetUtcNow().UtcDateTime;
        leave.CreatedAt = now;
        db.LeaveRequests.Add(leave);
        outbox.Record(scope.WorkspaceId, new LeaveRequested(leave.Id, leave.UserId, policy.Id, leave.StartDate, leave.EndDate, leave.Status));
        await db.SaveChangesAsync(ct);
        return ApiResults.Created(await LeaveEndpoints.ReadAsync(db, leave.Id, ct), "Leave request created successfully");
    }

    /// <summary>Validates the policy-dependent fields (422) and fills the amount and the UTC span.</summary>
    private static void ApplyPolicyRules(RequestLeaveBody request, LeavePolicy policy, LeaveRequest leave)
    {
        var v = new Validator();
        if (policy.ReasonRequired) v.Required("reason", leave.Note);
        var zone = MemberZone.For(leave.TimeZone, null);
        var workingDays = LeaveCalendar.WorkingDays(leave.StartDate, leave.EndDate).Count();
        if (policy.TimeUnit == LeaveTimeUnits.Hours)
        {
            v.Required("start_time", request.StartTime).Clock("start_time", request.StartTime, out var from)
                .Required("end_time", request.EndTime).Clock("end_time", request.EndTime, out var to);
            v.Required("hours_per_day", request.HoursPerDay);
            if (from is not null && to is not null && to <= from) v.Add("end_time", "The end time field must be a time after start time.");
            if (request.HoursPerDay is { } hours)
            {
                var window = from is not null && to is not null && to > from ? (decimal)(to.Value - from.Value).TotalHours : 24m;
                if (hours <= 0 || hours > window) v.Add("hours_per_day", $"The hours per day field must be greater than 0 and at most {LeaveCalendar.Number(window)}.");
                else if (decimal.Round(hours, 2) != hours) v.Add("hours_per_day", "The hours per day field must have at most 2 decimal places.");
            }
            v.ThrowIfInvalid();
            leave.StartTime = from;
            leave.EndTime = to;
            leave.HoursPerDay = request.HoursPerDay;
            leave.StartsAt = zone.ToUtcMovingForward(leave.StartDate, from!.Value);
            leave.EndsAt = zone.ToUtcMovingForward(leave.EndDate, to!.Value);
            leave.Days = workingDays;
            leave.Hours = workingDays * request.HoursPerDay!.Value;
            return;
        }

        leave.LeavePeriod = request.LeavePeriod ?? 0;
        if (leave.LeavePeriod != 0 && leave.StartDate != leave.EndDate)
            v.Add("leave_period", "A half-day leave period needs start and end on the same day.");
        v.ThrowIfInvalid();
        var noon = new TimeOnly(12, 0);
        leave.StartsAt = zone.ToUtcMovingForward(leave.StartDate, leave.LeavePeriod == 2 ? noon : TimeOnly.MinValue);
        leave.EndsAt = leave.LeavePeriod == 1
            ? zone.ToUtcMovingForward(leave.EndDate, noon)
            : zone.ToUtcMovingForward(leave.EndDate.AddDays(1), TimeOnly.MinValue);
        leave.Days = leave.LeavePeriod == 0 ? workingDays : workingDays * 0.5m;
        leave.Hours = leave.Days * policy.HoursPerDay;
    }
}
