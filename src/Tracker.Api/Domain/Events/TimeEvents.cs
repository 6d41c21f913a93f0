namespace Tracker.Api.Domain.Events;

/// <summary>hr-reports 4.5's <c>tracker.started</c> fields.</summary>
public sealed record TrackerStarted(
    long UserId, string UserName, string UserEmail, long? ContractId, long? ProjectId, string? ProjectName, long? TaskId,
    string? TaskTitle, string? ActivityDescription, DateTime StartTime) : IDomainEvent
{
    static string IDomainEvent.Name => "tracker.started";
}

/// <summary>hr-reports 4.5's <c>tracker.stopped</c> fields.</summary>
public sealed record TrackerStopped(
    long UserId, string UserName, string UserEmail, long? ContractId, long? ProjectId, long? TaskId, DateTime StoppedAt,
    long DurationMinutes) : IDomainEvent
{
    static string IDomainEvent.Name => "tracker.stopped";
}

/// <summary>The time request as every <c>time_request.*</c> event carries it.</summary>
public abstract record TimeRequestEvent(
    string Id, long UserId, long? ContractId, long? ProjectId, long? TaskId, DateTime Start, DateTime End, string Status,
    string? Comment, long? UpdatedBy, string? TimeEntryId)
{
    protected TimeRequestEvent(TimeRequest r)
        : this(r.Id, r.UserId, r.ContractId, r.ProjectId, r.TaskId, r.Start, r.End, r.Status, r.Comment, r.UpdatedBy, r.TimeEntryId) { }
}

public sealed record TimeRequestCreated : TimeRequestEvent, IDomainEvent
{
    public TimeRequestCreated(TimeRequest request) : base(request) { }
    static string IDomainEvent.Name => "time_request.created";
}

public sealed record TimeRequestApproved : TimeRequestEvent, IDomainEvent
{
    public TimeRequestApproved(TimeRequest request) : base(request) { }
    static string IDomainEvent.Name => "time_request.approved";
}

public sealed record TimeRequestRejected : TimeRequestEvent, IDomainEvent
{
    public TimeRequestRejected(TimeRequest request) : base(request) { }
    static string IDomainEvent.Name => "time_request.rejected";
}

/// <summary>The timesheet as every <c>timesheet.*</c> event carries it, with who moved it.</summary>
public abstract record TimesheetEvent(
    string Id, long UserId, DateOnly DateFrom, DateOnly DateTo, string Status, string? RejectReason, long UpdatedBy)
{
    protected TimesheetEvent(Timesheet s, long updatedBy) : this(s.Id, s.UserId, s.DateFrom, s.DateTo, s.Status, s.RejectReason, updatedBy) { }
}

public sealed record TimesheetSubmitted : TimesheetEvent, IDomainEvent
{
    public TimesheetSubmitted(Timesheet sheet, long updatedBy) : base(sheet, updatedBy) { }
    static string IDomainEvent.Name => "timesheet.submitted";
}

public sealed record TimesheetUnsubmitted : TimesheetEvent, IDomainEvent
{
    public TimesheetUnsubmitted(Timesheet sheet, long updatedBy) : base(sheet, updatedBy) { }
    static string IDomainEvent.Name => "timesheet.unsubmitted";
}

public sealed record TimesheetApproved : TimesheetEvent, IDomainEvent
{
    public TimesheetApproved(Timesheet sheet, long updatedBy) : base(sheet, updatedBy) { }
    static string IDomainEvent.Name => "timesheet.approved";
}

public sealed record TimesheetRejected : TimesheetEvent, IDomainEvent
{
    public TimesheetRejected(Timesheet sheet, long updatedBy) : base(sheet, updatedBy) { }
    static string IDomainEvent.Name => "timesheet.rejected";
}
