namespace Tracker.Api.Features.Time;

/// <summary>Time Tracking, Time Entries, Timesheets and Time Requests: the routes of the time area.</summary>
public static class TimeEndpoints
{
    public static RouteGroupBuilder MapTime(this RouteGroupBuilder api) =>
        api.MapTimeTracking().MapTimeEntries().MapTimesheets().MapTimeRequests();
}
