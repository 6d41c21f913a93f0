using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace Tracker.Api.Infrastructure.OpenApi;

/// <summary>The OpenAPI document at /openapi/v2.json (committed as openapi/v2.json) and the Scalar reference at /docs.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v2";
    public const string DocumentPath = "/openapi/{documentName}.json";

    public static IServiceCollection AddTrackerOpenApi(this IServiceCollection services)
    {
        services.AddSingleton<RequestBodyTypes>();
        services.AddOpenApi(DocumentName, o =>
        {
            o.CreateSchemaReferenceId = SchemaShapes.ReferenceId;
            o.AddSchemaTransformer(SchemaShapes.TransformAsync);
            o.AddOperationTransformer(OperationShapes.TransformAsync);
            o.AddDocumentTransformer(DocumentShape.TransformAsync);
        });
        return services;
    }

    /// <summary>The document and the reference page, which loads nothing from other origins.</summary>
    public static void MapTrackerDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        // Everything the page loads comes from this server: no CDN fonts, no telemetry, AI agent, MCP or cloud buttons.
        app.MapScalarApiReference("/docs", o => o
            .WithTitle("Tracker API V2")
            .AddDocument(DocumentName, "Tracker API V2", DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools()
            .WithDotNetFlag(false)
            .AddPreferredSecuritySchemes([DocumentShape.BearerScheme])); // "try it" asks for a bearer token
    }
}
