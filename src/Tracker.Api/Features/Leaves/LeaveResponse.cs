using System.Globalization;
using System.Linq.Expressions;
using Tracker.Api.Domain;

namespace Tracker.Api.Features.Leaves;

public sealed record LeaveTotal(string Days, string Hours);

/// <summary>The contract's Leave, plus the policy it is filed under, the day portion or hours it covers, and <c>updated_at</c> (sync).</summary>
public sealed record LeaveResponse(
    string Id, long UserId, string Status, string? Note, string IsPaid, long CreatedBy, long? ApprovedBy,
    long? RejectedBy, string? RejectReason, DateOnly StartDate, DateOnly EndDate, string CreatedOn, LeaveTotal Total,
    long PolicyId, string PolicyName, int LeavePeriod, string? StartTime, string? EndTime, DateTime UpdatedAt);

/// <summary>What a read loads from the database; turned into <see cref="LeaveResponse"/> in memory.</summary>
public sealed record LeaveRow(
    string Id, long UserId, string Status, string? Note, bool IsPaid, long CreatedBy, long? ApprovedBy, long? RejectedBy,
    string? RejectReason, DateOnly StartDate, DateOnly EndDate, DateTime CreatedAt, string TimeZone, decimal Days,
    decimal Hours, long PolicyId, string PolicyName, int LeavePeriod, TimeOnly? StartTime, TimeOnly? EndTime, DateTime UpdatedAt)
{
    public static readonly Expression<Func<LeaveRequest, LeaveRow>> Projection = l => new LeaveRow(
        l.Id, l.UserId, l.Status, l.Note, l.Policy.IsPaid, l.CreatedBy, l.ApprovedBy, l.RejectedBy, l.RejectReason,
        l.StartDate, l.EndDate, l.CreatedAt, l.TimeZone, l.Days, l.Hours, l.PolicyId, l.Policy.Name, l.LeavePeriod,
        l.StartTime, l.EndTime, l.UpdatedAt);

    /// <summary><c>created_on</c> is the member's local date of filing.</summary>
    public LeaveResponse ToResponse() => new(
        Id, UserId, Status, Note, IsPaid ? "yes" : "no", CreatedBy, ApprovedBy, RejectedBy, RejectReason, StartDate, EndDate,
        MemberZone.For(TimeZone, null).LocalDate(CreatedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        new LeaveTotal(LeaveCalendar.Number(Days), LeaveCalendar.Number(Hours)), PolicyId, PolicyName, LeavePeriod,
        StartTime?.ToString("HH:mm", CultureInfo.InvariantCulture), EndTime?.ToString("HH:mm", CultureInfo.InvariantCulture), UpdatedAt);
}
