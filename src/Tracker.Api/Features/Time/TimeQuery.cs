using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Time;

/// <summary>Query-string and body parsing shared by the time endpoints; every malformed value is a 422 naming its field.</summary>
public static class TimeQuery
{
    public static long RequiredId(string field, string? raw)
    {
        var v = new Validator().Required(field, raw);
        var id = v.Id(field, raw);
        v.ThrowIfInvalid();
        return id!.Value;
    }
}
