using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Infrastructure.OpenApi;

/// <summary>
/// Each API operation gets what its route declares: the shared query parameters, its OAuth scope, its role rule, the
/// error answers it can give (all one <c>ErrorResponse</c> component) and its description from <see cref="OperationDocs"/>.
/// </summary>
internal static class OperationShapes
{
    public static async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        if (description.RelativePath?.StartsWith("api/v2", StringComparison.Ordinal) != true) return;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var parameterTypes = metadata.OfType<System.Reflection.MethodInfo>()
            .SelectMany(m => m.GetParameters()).Select(p => p.ParameterType).ToHashSet();

        operation.Parameters ??= [];
        // A handler's body parameter is nullable (an empty body reads as {}); the body itself is never JSON null.
        foreach (var media in operation.RequestBody?.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>())
            if (media.Schema is OpenApiSchema { OneOf: { Count: 2 } options } && options.SingleOrDefault(o => o.Type != JsonSchemaType.Null) is { } body)
                media.Schema = body;
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path))
        {
            parameter.Description ??= PathParameterDescription(parameter.Name!);
            if (parameter.Schema is OpenApiSchema { Type: { } type } schema && type.HasFlag(JsonSchemaType.Integer))
                (schema.Type, schema.Pattern) = (JsonSchemaType.Integer, null);
        }
        if (parameterTypes.Contains(typeof(WorkspaceScope)) && operation.Parameters.All(p => p.Name != "workspace_id"))
            operation.Parameters.Add(Query("workspace_id", OperationDocs.WorkspaceIdParameter, true, "int64"));
        if (parameterTypes.Contains(typeof(PageRequest)))
        {
            operation.Parameters.Add(Query("page", "Page number, from 1 (default 1). 422 below 1.", false, "int32"));
            operation.Parameters.Add(Query("per_page", "Items per page, 1 to 100 (default 20). 422 outside that range.", false, "int32"));
        }
        foreach (var record in parameterTypes.Where(t => t.IsAssignableTo(typeof(IQueryRecord))))
            foreach (var field in QueryRecords.FieldsOf(record))
                operation.Parameters.Add(QueryField(field, OperationDocs.RequiredQueryFields(operation.OperationId ?? "").Contains(field.Name)));
        if (metadata.OfType<StreamedBody>().FirstOrDefault() is { } streamed) operation.RequestBody = FileBody(streamed);

        var scope = metadata.OfType<AuthorizeAttribute>().Select(a => a.Policy).FirstOrDefault(p => p?.StartsWith("scope:", StringComparison.Ordinal) == true)?["scope:".Length..]
            ?? ApiScopes.Read;
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentShape.BearerScheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentShape.OAuthScheme, context.Document)] = [scope] },
        ];

        var codes = new List<string> { "401", "403", "422", "429" };
        if (description.RelativePath.Contains('{')) codes.Add("404");
        if (!HttpMethods.IsGet(description.HttpMethod ?? "GET")) codes.Add("400");
        if (HttpMethods.IsPost(description.HttpMethod ?? "GET"))
        {
            codes.Add("409");
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key", In = ParameterLocation.Header, Required = false,
                Description = OperationDocs.IdempotencyKeyParameter,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            });
        }
        await AddErrorResponsesAsync(context, ct);
        operation.Responses ??= [];
        foreach (var code in codes.Order())
            operation.Responses.TryAdd(code, new OpenApiResponseReference(ErrorResponseNames[code], context.Document));

        // A group's role rule and the route's own both apply: the caller needs a role in every one.
        var roles = metadata.OfType<WorkspaceRoleRequirement>().Select(r => (IEnumerable<string>)r.Allowed)
            .Aggregate((IEnumerable<string>?)null, (all, next) => all is null ? next : all.Intersect(next))?.ToList();
        operation.Description = OperationDocs.Describe(operation.OperationId ?? "", scope, roles, codes.Order());
    }

    private static readonly Dictionary<string, string> ErrorResponseNames = new()
    {
        ["400"] = "BadRequest", ["401"] = "Unauthorized", ["403"] = "Forbidden", ["404"] = "NotFound",
        ["409"] = "Conflict", ["422"] = "ValidationFailed", ["429"] = "TooManyRequests",
    };

    /// <summary>One <c>ErrorResponse</c> schema and one shared response per error status, referenced by every operation.</summary>
    private static async Task AddErrorResponsesAsync(OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        const string name = "ErrorResponse";
        var document = context.Document!;
        if (document.Components?.Responses?.ContainsKey(ErrorResponseNames["401"]) == true) return;
        var schema = await context.GetOrCreateSchemaAsync(typeof(ErrorEnvelope), cancellationToken: ct);
        // Made on its own, the schema has meta inline; point it at the component every envelope shares.
        if (schema is OpenApiSchema { Properties: { } properties }) properties["meta"] = new OpenApiSchemaReference("Meta", document);
        document.AddComponent(name, schema);
        foreach (var (code, responseName) in ErrorResponseNames)
            document.AddComponent<IOpenApiResponse>(responseName, new OpenApiResponse
            {
                Description = ErrorDescription(code),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document), Example = Examples.Error(code) },
                },
            });
    }

    private static string ErrorDescription(string code) => code switch
    {
        "400" => "A business rule is not met (e.g. already tracking, timesheet not pending).",
        "401" => "Missing, malformed, expired or revoked token.",
        "403" => "The caller is not in the workspace, or its role or token scope does not allow this.",
        "404" => "An id in the path names nothing in this workspace.",
        "409" => "A concurrent change won the race, or a retry with the same Idempotency-Key came while the first still ran.",
        "422" => "Validation failed; `errors` names each field.",
        _ => "Rate limit exceeded (60 requests per minute per user); retry after `Retry-After` seconds.",
    };

    private static string PathParameterDescription(string name)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z])([A-Z])|_", " $1").Trim().ToLowerInvariant();
        var subject = words.EndsWith(" id", StringComparison.Ordinal) ? words[..^3] : words;
        return subject == "id" ? "Time request id." : $"Id of the {subject} in this workspace (404 when it is not).";
    }

    /// <summary>A file upload: the multipart field <c>file</c>, or the file as the whole body.</summary>
    private static OpenApiRequestBody FileBody(StreamedBody streamed) => new()
    {
        Required = true,
        Description = $"The file, as the multipart/form-data field `file` or as the whole body; at most {streamed.MaxRequestBodySize / 1024 / 1024} MiB.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object, Required = new HashSet<string> { "file" },
                    Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            },
            ["text/csv"] = new()
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = System.Text.Json.Nodes.JsonValue.Create(
                    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n" +
                    "Jane Doe,jane@example.com,Acme,Website,Design,Homepage draft,Yes,2025-11-03,09:00:00,2025-11-03,10:30:00,01:30:00,\n"),
            },
        },
    };

    private static OpenApiParameter QueryField(QueryRecords.QueryField field, bool required) => new()
    {
        Name = field.Name, In = ParameterLocation.Query, Required = required,
        Description = OperationDocs.QueryParameter(field.Name),
        Schema = field.Type == typeof(long?) ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }
            : field.Type == typeof(int?) ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }
            : field.Type == typeof(bool?) ? new OpenApiSchema { Type = JsonSchemaType.Boolean }
            : field.Type == typeof(DateOnly?) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" }
            : field.Type == typeof(DateTime?) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }
            : new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiParameter Query(string name, string description, bool required, string format) => new()
    {
        Name = name, In = ParameterLocation.Query, Required = required, Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = format },
    };
}
