using Microsoft.AspNetCore.Http.Features;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// A write sent without a body reads as the empty JSON object, so it binds and its validation answers the 422 that
/// names every required field (the framework would refuse it with a message naming our parameter). Runs after routing:
/// only endpoints that take a JSON body are touched.
/// </summary>
public static class EmptyBodies
{
    public static IApplicationBuilder UseEmptyBodiesAsEmptyObjects(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            var takesJson = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()
                ?.ContentTypes.Contains("application/json") == true;
            var noBody = request.ContentLength == 0 || request.ContentLength is null && !request.Headers.TransferEncoding.Any();
            if (takesJson && noBody && request.Path.StartsWithSegments("/api"))
            {
                request.Body = new MemoryStream("{}"u8.ToArray());
                request.ContentType = "application/json";
                request.ContentLength = 2;
                // The server marked the request bodiless; binding skips a body it was told cannot exist.
                context.Features.Set<IHttpRequestBodyDetectionFeature>(HasBody.Instance);
            }
            return next(context);
        });

    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly HasBody Instance = new();
        public bool CanHaveBody => true;
    }
}
