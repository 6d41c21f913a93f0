using Microsoft.AspNetCore.Http.Metadata;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// A route that reads its (large) body itself, as a stream: file uploads. Nothing in the pipeline buffers or parses
/// such a body first (<see cref="ControlCharacters"/> leaves it to the endpoint, which checks what it reads), and
/// the server's body limit for the route is raised to <see cref="MaxRequestBodySize"/> (routing applies it).
/// </summary>
public sealed record StreamedBody(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

public static class StreamedBodies
{
    public static TBuilder ReadsItsOwnBody<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new StreamedBody(maxBytes));

    public static bool IsStreamed(this HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<StreamedBody>() is not null;
}
