using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Infrastructure.OpenApi;

/// <summary>The OpenAPI document at /openapi/v2.json: the contract's info, security schemes and shared parameters.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v2";

    public static IServiceCollection AddTrackerOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "WebWork Tracker REST API V2",
                    Version = "2.0.0",
                    Description = "Tracker: a self-hostable server for the WebWork Tracker REST API V2 contract.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                    Description = "Personal access token (trk_pat_…) or OAuth access token.",
                };
                document.Components.SecuritySchemes["oauth2"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Flows = new OpenApiOAuthFlows
                    {
                        AuthorizationCode = new OpenApiOAuthFlow
                        {
                            AuthorizationUrl = new Uri("/oauth/authorize", UriKind.Relative),
                            TokenUrl = new Uri("/oauth/token", UriKind.Relative),
                            RefreshUrl = new Uri("/oauth/token", UriKind.Relative),
                            Scopes = new Dictionary<string, string>
                            {
                                ["read"] = "Read workspace data", ["write"] = "Create and change data", ["admin"] = "Manage members and webhooks",
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                var parameterTypes = context.Description.ActionDescriptor.EndpointMetadata.OfType<System.Reflection.MethodInfo>()
                    .SelectMany(m => m.GetParameters()).Select(p => p.ParameterType).ToHashSet();
                var api = context.Description.RelativePath?.StartsWith("api/v2", StringComparison.Ordinal) == true;
                if (!api) return;
                operation.Parameters ??= [];
                if (parameterTypes.Contains(typeof(WorkspaceScope)) && operation.Parameters.All(p => p.Name != "workspace_id"))
                    operation.Parameters.Add(QueryInt("workspace_id", "Workspace id from GET /workspaces (query, or JSON body on writes).", true));
                if (parameterTypes.Contains(typeof(PageRequest)))
                {
                    operation.Parameters.Add(QueryInt("page", "Page number, from 1 (default 1).", false, "int32"));
                    operation.Parameters.Add(QueryInt("per_page", "Items per page, 1 to 100 (default 20).", false, "int32"));
                }
                foreach (var record in parameterTypes.Where(t => t.IsAssignableTo(typeof(IQueryRecord))))
                    foreach (var field in QueryRecords.FieldsOf(record))
                        operation.Parameters.Add(QueryField(field));
                operation.Security = [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("oauth2", context.Document)] = [] },
                ];
                // Every operation can fail in the error envelope; list the codes clients must handle.
                var error = await context.GetOrCreateSchemaAsync(typeof(ErrorEnvelope), cancellationToken: ct);
                operation.Responses ??= [];
                var codes = new List<string> { "401", "403", "422", "429" };
                if (context.Description.RelativePath!.Contains('{')) codes.Add("404");
                if (!HttpMethods.IsGet(context.Description.HttpMethod ?? "GET")) codes.Add("400");
                foreach (var code in codes)
                    operation.Responses.TryAdd(code, new OpenApiResponse
                    {
                        Description = ErrorDescription(code),
                        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = error } },
                    });
            });
        });
        return services;
    }

    private static string ErrorDescription(string code) => code switch
    {
        "400" => "Business rule not met (e.g. already tracking, not pending)",
        "401" => "Missing, malformed, expired or revoked token",
        "403" => "Role or token scope not allowed, or caller not in the workspace",
        "404" => "Object not found in this workspace",
        "422" => "Validation failed; `errors` names each field",
        _ => "Rate limit exceeded (60 requests per minute per user)",
    };

    private static OpenApiParameter QueryField(QueryRecords.QueryField field) => new()
    {
        Name = field.Name, In = ParameterLocation.Query, Required = false,
        Schema = field.Type == typeof(long?) ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }
            : field.Type == typeof(int?) ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }
            : field.Type == typeof(bool?) ? new OpenApiSchema { Type = JsonSchemaType.Boolean }
            : field.Type == typeof(DateOnly?) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" }
            : new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiParameter QueryInt(string name, string description, bool required, string format = "int64") => new()
    {
        Name = name, In = ParameterLocation.Query, Required = required, Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = format },
    };
}
