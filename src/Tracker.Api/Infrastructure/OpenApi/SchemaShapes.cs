using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.OpenApi;

/// <summary>
/// Makes each schema say what the server writes and reads, so generated clients get plain types:
/// integers are integers (numeric strings are still accepted on input, see the introduction), our JSON converters'
/// types get their type and format, and required/nullable follow the wire: a response property is required unless the
/// envelope omits it when empty; a request property is required only when the handler answers 422 without it.
/// </summary>
internal static class SchemaShapes
{
    private const string NullablePropertyMarker = "x-is-nullable-property";
    private const JsonSchemaType Numeric = JsonSchemaType.Integer | JsonSchemaType.Number;

    /// <summary>Clean component names: <c>ErrorResponse</c>, <c>ProjectEnvelope</c>, <c>ProjectListEnvelope</c>.</summary>
    public static string? ReferenceId(JsonTypeInfo info)
    {
        var type = info.Type;
        if (type == typeof(JsonElement) || type == typeof(JsonElement?)) return null;
        if (type == typeof(ErrorEnvelope)) return "ErrorResponse";
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var generic && (generic == typeof(Envelope<>) || generic == typeof(PagedEnvelope<>)))
        {
            var data = type.GetGenericArguments()[0];
            if (data == typeof(object)) return "MessageEnvelope";
            var item = ListItem(data);
            return Short(item ?? data) + (item is null ? "" : "List") + "Envelope";
        }
        var name = OpenApiOptions.CreateDefaultSchemaReferenceId(info);
        return name is not null && type.IsNested ? type.DeclaringType!.Name + name : name;
    }

    private static Type? ListItem(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? item
        : null;

    private static string Short(Type type) => type.Name.EndsWith("Response", StringComparison.Ordinal) ? type.Name[..^"Response".Length] : type.Name;

    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        // AllowReadingFromString makes every number "integer or numeric string" with a pattern; the server only writes numbers.
        if (schema.Type is { } t && (t & Numeric) != 0 && (t & JsonSchemaType.String) != 0)
        {
            schema.Type = t & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        // Our converters hide these types from the generator.
        if (context.JsonPropertyInfo?.CustomConverter is LegacyDateTimeJsonConverter)
            Set(schema, JsonSchemaType.String, null, "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$");
        else if (type == typeof(DateTime)) Set(schema, JsonSchemaType.String, "date-time");
        else if (type == typeof(DateOnly)) Set(schema, JsonSchemaType.String, "date");
        else if (type == typeof(bool)) Set(schema, JsonSchemaType.Boolean, null);
        else if (type == typeof(JsonElement))
        {
            // The one JsonElement input (expense is_billable) takes a boolean or its form spellings.
            Set(schema, JsonSchemaType.Boolean, null);
            schema.Description = "true or false (\"1\"/\"0\", \"yes\"/\"no\" and 1/0 are read too)";
        }
        if (context.JsonPropertyInfo is { } property && NeverNull(property, context.ApplicationServices))
        {
            if (schema.Type is { } nullableType) schema.Type = nullableType & ~JsonSchemaType.Null;
            schema.Metadata?.Remove(NullablePropertyMarker); // else a reference is wrapped in oneOf [null, $ref]
        }
        if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 })
            SetRequired(schema, context);
        return Task.CompletedTask;
    }

    private static void Set(OpenApiSchema schema, JsonSchemaType type, string? format, string? pattern = null)
    {
        var nullable = schema.Type is { } t && (t & JsonSchemaType.Null) != 0;
        schema.Type = nullable ? type | JsonSchemaType.Null : type;
        schema.Format = format;
        schema.Pattern = pattern;
    }

    private static bool OmittedWhenNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), false).OfType<JsonIgnoreAttribute>()
            .Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true;

    private static void SetRequired(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var info = context.JsonTypeInfo;
        // Every request field is nullable in C# so that a missing one is a 422 naming it; the docs table says which
        // fields the handler requires.
        schema.Required = new HashSet<string>(context.ApplicationServices.GetRequiredService<RequestBodyTypes>().Contains(info.Type)
            ? OperationDocs.RequiredFields(info.Type.Name)
            : info.Properties.Where(p => !OmittedWhenNull(p)).Select(p => p.Name));
        if (EnvelopeData(info.Type) == typeof(object))
            schema.Properties!["data"] = new OpenApiSchema { Type = JsonSchemaType.Null, Description = "Always null: the action has no payload." };
    }

    /// <summary>
    /// Never null on the wire: request fields (null and absent mean the same), fields the envelope omits when empty,
    /// non-nullable C# members, and an envelope's <c>data</c> (generic, so the generator cannot tell).
    /// </summary>
    private static bool NeverNull(JsonPropertyInfo property, IServiceProvider services) =>
        services.GetRequiredService<RequestBodyTypes>().Contains(property.DeclaringType)
        || OmittedWhenNull(property)
        || !property.IsGetNullable
        || property.Name == "data" && EnvelopeData(property.DeclaringType) is { } data && data != typeof(object);

    private static Type? EnvelopeData(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var g && (g == typeof(Envelope<>) || g == typeof(PagedEnvelope<>))
            ? type.GetGenericArguments()[0]
            : null;
}

/// <summary>Request body types of every endpoint, with the types they nest (read once, from the route table).</summary>
internal sealed class RequestBodyTypes(IEnumerable<EndpointDataSource> sources)
{
    private readonly Lazy<HashSet<Type>> _types = new(() =>
    {
        var found = new HashSet<Type>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints))
            foreach (var accepts in endpoint.Metadata.OfType<IAcceptsMetadata>())
                if (accepts.RequestType is { } t) Add(found, t);
        return found;
    });

    public bool Contains(Type type) => _types.Value.Contains(type);

    private static void Add(HashSet<Type> found, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        type = type.IsArray ? type.GetElementType()! : type.IsGenericType && type.GetGenericArguments() is [var item] ? item : type;
        if (type.Namespace?.StartsWith("Tracker.Api", StringComparison.Ordinal) != true || !found.Add(type)) return;
        foreach (var property in type.GetProperties()) Add(found, property.PropertyType);
    }
}
