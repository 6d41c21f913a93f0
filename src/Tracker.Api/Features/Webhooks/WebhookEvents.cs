namespace Tracker.Api.Features.Webhooks;

/// <summary>Event names a webhook may subscribe to.</summary>
public static class WebhookEvents
{
    /// <summary>Spec 4.5: B's two tracker events, A's eight member/project events and A's example-only task.updated.</summary>
    public static readonly string[] Contract =
    [
        "tracker.started", "tracker.stopped",
        "member.invited", "member.updated", "member.deleted", "member.activated", "member.archived",
        "project.created", "project.updated", "project.deleted",
        "task.updated",
    ];

    /// <summary>Extension events for the other changes the server records (docs/decisions.md, "Webhooks").</summary>
    public static readonly string[] Extensions =
    [
        "task.created", "task.deleted",
        "time_request.created", "time_request.approved", "time_request.rejected",
        "leave.requested", "leave.approved", "leave.rejected",
        "expense.created", "expense.updated", "expense.deleted",
        "timesheet.submitted", "timesheet.unsubmitted", "timesheet.approved", "timesheet.rejected",
    ];

    public static readonly string[] All = [.. Contract, .. Extensions];

    /// <summary>Stored form: names wrapped in commas so a subscriber query is one LIKE.</summary>
    public static string Pack(IEnumerable<string> events) => "," + string.Join(",", events.Distinct()) + ",";

    public static string[] Unpack(string packed) => packed.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
