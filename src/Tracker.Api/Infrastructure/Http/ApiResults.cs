using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// The one way endpoints answer. Each result writes the envelope with <c>meta.timestamp</c> from the injected
/// <see cref="TimeProvider"/> and describes its own schema to the OpenAPI document.
/// </summary>
public static class ApiResults
{
    public static EnvelopeResult<T> Ok<T>(T data, string? message = null) => new(StatusCodes.Status200OK, data, message);

    public static CreatedEnvelopeResult<T> Created<T>(T data, string? message = null) => new(data, message);

    /// <summary>An action with no payload: <c>data</c> is null.</summary>
    public static EnvelopeResult<object?> Done(string message) => new(StatusCodes.Status200OK, null, message);

    public static EnvelopeResult<IReadOnlyList<T>> Page<T>(Page<T> page, string? message = null) =>
        new(StatusCodes.Status200OK, page.Items, message, page.Pagination);

    /// <summary>
    /// A list whose contract examples carry <c>pagination</c> at the top level (GET /contracts, conventions 3.1):
    /// it is written there and in <c>meta.pagination</c>, so clients of either reading work.
    /// </summary>
    public static EnvelopeResult<IReadOnlyList<T>> PageWithTopLevelPagination<T>(Page<T> page, string? message = null) =>
        new(StatusCodes.Status200OK, page.Items, message, page.Pagination, topLevelPagination: true);
}

public sealed class EnvelopeResult<T>(int statusCode, T data, string? message, Pagination? pagination = null, bool topLevelPagination = false)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => statusCode;
    public object? Value => data;

    public Task ExecuteAsync(HttpContext httpContext) => topLevelPagination
        ? EnvelopeWriter.WriteAsync(httpContext, statusCode, clock => new PagedEnvelope<T>(true, message, data, Meta.At(clock, pagination), pagination))
        : EnvelopeWriter.WriteAsync(httpContext, statusCode, clock => new Envelope<T>(true, message, data, Meta.At(clock, pagination)));

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Envelope<T>), ["application/json"]));
    }
}

/// <summary>A 201 envelope; its own type so the OpenAPI document says 201 for creating operations.</summary>
public sealed class CreatedEnvelopeResult<T>(T data, string? message)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IEndpointMetadataProvider
{
    private readonly EnvelopeResult<T> _inner = new(StatusCodes.Status201Created, data, message);
    public int? StatusCode => StatusCodes.Status201Created;
    public object? Value => data;
    public Task ExecuteAsync(HttpContext httpContext) => _inner.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(Envelope<T>), ["application/json"]));
}

public sealed record Page<T>(IReadOnlyList<T> Items, Pagination Pagination);
