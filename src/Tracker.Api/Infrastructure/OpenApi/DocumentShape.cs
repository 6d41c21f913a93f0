using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tracker.Api.Infrastructure.Auth;

namespace Tracker.Api.Infrastructure.OpenApi;

/// <summary>The document as a whole: info with the introduction, the server, the security schemes, tags and examples.</summary>
internal static class DocumentShape
{
    public const string BearerScheme = "bearerToken";
    public const string OAuthScheme = "oauth2";

    public static Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "WebWork Tracker REST API V2",
            Version = "2.0.0",
            Description = Introduction.Markdown,
        };
        // Relative: the document describes whichever server serves it, and stays the same on every host.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This server" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "A personal access token (`trk_pat_…`, made with the server's `token create --email …` command) or an OAuth access token.",
            },
            [OAuthScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Authorization code flow with PKCE for registered apps; see the introduction.",
                Flows = new OpenApiOAuthFlows
                {
                    AuthorizationCode = new OpenApiOAuthFlow
                    {
                        AuthorizationUrl = new Uri("/oauth/authorize", UriKind.Relative),
                        TokenUrl = new Uri("/oauth/token", UriKind.Relative),
                        RefreshUrl = new Uri("/oauth/token", UriKind.Relative),
                        Scopes = new Dictionary<string, string>
                        {
                            [ApiScopes.Read] = "Read workspace data (every GET).",
                            [ApiScopes.Write] = "Create and change data (every other method); implies read.",
                            [ApiScopes.Admin] = "Manage members and webhooks; implies write.",
                        },
                    },
                },
            },
        };
        document.Tags = new HashSet<OpenApiTag>(OperationDocs.Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        // The error schema is made on its own, so its meta is inline; point it at the shared component.
        if (document.Components.Schemas?.TryGetValue("ErrorResponse", out var error) == true && error is OpenApiSchema { Properties: { } errorProperties })
            errorProperties["meta"] = new OpenApiSchemaReference("Meta", document);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
            Finish(operation);
        Examples.AddTo(document);
        return Task.CompletedTask;
    }

    /// <summary>What route-level transformers (the reports' own parameter lists) leave out, filled in last.</summary>
    private static void Finish(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            parameter.Description ??= OperationDocs.QueryParameter(parameter.Name!);
        foreach (var response in operation.Responses?.Values.OfType<OpenApiResponse>() ?? [])
            if (response.Content?.TryGetValue("text/csv", out var csv) == true)
                csv.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The report as a CSV file (`format=csv` or `Accept: text/csv`); not paged." };
    }
}
