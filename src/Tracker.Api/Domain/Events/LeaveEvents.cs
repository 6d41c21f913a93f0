namespace Tracker.Api.Domain.Events;

public sealed record LeaveRequested(string Id, long UserId, long PolicyId, DateOnly StartDate, DateOnly EndDate, string Status) : IDomainEvent
{
    static string IDomainEvent.Name => "leave.requested";
}

public sealed record LeaveApproved(
    string Id, long UserId, long PolicyId, DateOnly StartDate, DateOnly EndDate, long ApprovedBy, decimal Days, decimal Hours) : IDomainEvent
{
    static string IDomainEvent.Name => "leave.approved";
}

public sealed record LeaveRejected(string Id, long UserId, long PolicyId, long RejectedBy, string? RejectReason) : IDomainEvent
{
    static string IDomainEvent.Name => "leave.rejected";
}
