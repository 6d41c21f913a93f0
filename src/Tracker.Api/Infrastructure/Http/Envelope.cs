using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>The contract's success envelope: <c>{ success, message?, data, meta }</c>.</summary>
public sealed record Envelope<T>(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    T Data,
    Meta Meta);

/// <summary>The success envelope of GET /contracts, whose examples also show <c>pagination</c> beside <c>meta</c>.</summary>
public sealed record PagedEnvelope<T>(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    T Data,
    Meta Meta,
    Pagination? Pagination);

/// <summary>The contract's error envelope. <c>errors</c> (field → messages) is added on validation failures.</summary>
public sealed record ErrorEnvelope(
    bool Success,
    string Message,
    string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors,
    Meta Meta);

public sealed record Meta(
    string ApiVersion,
    string Timestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Pagination? Pagination = null)
{
    public const string Version = "2.0.0";

    public static Meta At(TimeProvider clock, Pagination? pagination = null) =>
        new(Version, clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), pagination);
}

/// <summary>Laravel-style page description; <c>from</c>/<c>to</c> are null on an empty page.</summary>
public sealed record Pagination(int Total, int PerPage, int CurrentPage, int LastPage, int? From, int? To);

public static class EnvelopeWriter
{
    /// <summary>
    /// Writes a response body built around this moment's <see cref="Meta"/> (clock from DI) with the API's JSON
    /// options: the one place success envelopes, error envelopes and the contract's odd shapes are serialised.
    /// </summary>
    public static Task WriteAsync<TBody>(HttpContext context, int status, Func<TimeProvider, TBody> body)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value;
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body(services.GetRequiredService<TimeProvider>()), options.SerializerOptions);
    }
}
