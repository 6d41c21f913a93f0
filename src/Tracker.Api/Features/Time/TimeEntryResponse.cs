using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Time;

/// <summary>
/// The contract's TimeEntry. <c>date</c> is the member-local day the entry starts on; a running entry has no
/// <c>end_time</c> and its duration grows with the clock. <c>duration_seconds</c> is an addition for exact sums;
/// <c>updated_at</c> and <c>deleted_at</c> (set only on a deleted entry a sync returns) are additions for sync.
/// </summary>
public sealed record TimeEntryResponse(
    string Id, long UserId, long? ContractId, long? ProjectId, string? ProjectName, long? TaskId, string? TaskTitle,
    string? ActivityDescription, string Method, DateOnly Date, DateTime StartTime, DateTime? EndTime, long DurationMinutes,
    long DurationSeconds, DateTime UpdatedAt, DateTime? DeletedAt)
{
    public static TimeEntryResponse From(TimeEntryRow row, MemberZone zone, DateTime now)
    {
        var end = row.EndedAt ?? (now > row.StartedAt ? now : row.StartedAt);
        var seconds = (long)(end - row.StartedAt).TotalSeconds;
        return new TimeEntryResponse(row.Id, row.UserId, row.ContractId, row.ProjectId, row.ProjectName, row.TaskId, row.TaskTitle,
            row.ActivityDescription, row.Method, zone.LocalDate(row.StartedAt), row.StartedAt, row.EndedAt, seconds / 60, seconds,
            row.UpdatedAt, row.DeletedAt);
    }
}

/// <summary>What a time-entry answer is built from, read in one query with the project and task names.</summary>
public sealed record TimeEntryRow(
    string Id, long UserId, long? ContractId, long? ProjectId, string? ProjectName, long? TaskId, string? TaskTitle,
    string? ActivityDescription, string Method, DateTime StartedAt, DateTime? EndedAt, DateTime UpdatedAt, DateTime? DeletedAt)
{
    public static Expression<Func<TimeEntry, TimeEntryRow>> Projection(TrackerDbContext db) => e => new TimeEntryRow(
        e.Id, e.UserId, e.ContractId, e.ProjectId, db.Projects.Where(p => p.Id == e.ProjectId).Select(p => p.Name).FirstOrDefault(),
        e.TaskId, db.Tasks.Where(t => t.Id == e.TaskId).Select(t => t.Title).FirstOrDefault(), e.ActivityDescription, e.Method,
        e.StartedAt, e.EndedAt, e.UpdatedAt, e.DeletedAt);
}

/// <summary>
/// The 201 of POST /time-entries: the contract puts <c>saved_minutes</c> next to <c>data</c> at the top level, which the
/// shared envelope has no room for; otherwise identical to <see cref="EnvelopeResult{T}"/>.
/// </summary>
public sealed class TimeEntryCreatedResult(string message, long savedMinutes, TimeEntryResponse data)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IEndpointMetadataProvider
{
    public sealed record Body(bool Success, string Message, long SavedMinutes, TimeEntryResponse Data, Meta Meta);

    public int? StatusCode => StatusCodes.Status201Created;
    public object? Value => data;

    public Task ExecuteAsync(HttpContext httpContext) =>
        EnvelopeWriter.WriteAsync(httpContext, StatusCodes.Status201Created, clock => new Body(true, message, savedMinutes, data, Meta.At(clock)));

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(Body), ["application/json"]));
}
