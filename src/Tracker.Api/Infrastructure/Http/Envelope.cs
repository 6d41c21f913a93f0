using System.Text.Json.Serialization;

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
        new(Version, clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), pagination);
}

/// <summary>Laravel-style page description; <c>from</c>/<c>to</c> are null on an empty page.</summary>
public sealed record Pagination(int Total, int PerPage, int CurrentPage, int LastPage, int? From, int? To);
