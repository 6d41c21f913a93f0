using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Tracker.Api.Infrastructure.OpenApi;

/// <summary>
/// A request and a response example for every operation, built from the schemas with plausible values by field name,
/// so examples never drift from the shapes.
/// </summary>
internal static class Examples
{
    public static void AddTo(OpenApiDocument document)
    {
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            if (operation.RequestBody?.Content is { } request)
                foreach (var media in request.Values.OfType<OpenApiMediaType>())
                    media.Example ??= Build(media.Schema, null, 0);
            foreach (var response in operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
                foreach (var (type, media) in response.Content ?? new Dictionary<string, OpenApiMediaType>())
                    if (type == "application/json" && media.Schema is not null) media.Example ??= Build(media.Schema, null, 0);
        }
    }

    private static JsonNode? Build(IOpenApiSchema? schema, string? name, int depth)
    {
        if (schema is null || depth > 8) return null;
        if (schema.OneOf?.FirstOrDefault(s => s.Type != JsonSchemaType.Null) is { } option) return Build(option, name, depth);
        if (schema.Enum is { Count: > 0 } values) return values[0]?.DeepClone();
        var type = schema.Type ?? (schema.Properties is { Count: > 0 } ? JsonSchemaType.Object : JsonSchemaType.Null);
        if (type.HasFlag(JsonSchemaType.Object) && schema.Properties is { Count: > 0 } properties)
        {
            var node = new JsonObject();
            foreach (var (key, property) in properties) node[key] = Build(property, key, depth + 1);
            return node;
        }
        if (type.HasFlag(JsonSchemaType.Object))
            return schema.AdditionalProperties is { } values2 ? new JsonObject { [MapKey(name)] = Build(values2, null, depth + 1) } : new JsonObject();
        if (type.HasFlag(JsonSchemaType.Array)) return new JsonArray(Build(schema.Items, Singular(name), depth + 1));
        if (type.HasFlag(JsonSchemaType.Integer)) return JsonValue.Create(Integer(name));
        if (type.HasFlag(JsonSchemaType.Number)) return JsonValue.Create(name?.Contains("hours") == true ? 7.5m : 120.5m);
        if (type.HasFlag(JsonSchemaType.Boolean)) return JsonValue.Create(name != "is_archived");
        if (type.HasFlag(JsonSchemaType.String)) return JsonValue.Create(Text(name, schema.Format, schema.Pattern));
        return null;
    }

    /// <summary>The error envelope as the server writes it for <paramref name="code"/>.</summary>
    public static JsonNode Error(string code)
    {
        var (message, errors) = code switch
        {
            "400" => ("Time tracking is already running for this user.", null),
            "401" => ("Unauthenticated.", null),
            "403" => ("You do not have permission to perform this action", null),
            "404" => ("Project not found", null),
            "409" => ("A request with this Idempotency-Key is still being processed.", null),
            "422" => ("The user id field is required.", new JsonObject { ["user_id"] = new JsonArray("The user id field is required.") }),
            _ => ("Too Many Attempts.", (JsonObject?)null),
        };
        var node = new JsonObject { ["success"] = false, ["message"] = message, ["error"] = null };
        if (errors is not null) node["errors"] = errors;
        node["meta"] = new JsonObject { ["api_version"] = "2.0.0", ["timestamp"] = "2025-02-19T19:24:55Z" };
        return node;
    }

    private static string MapKey(string? name) => name switch
    {
        "errors" => "user_id",
        _ when name?.Contains("amount") == true => "USD",
        _ when name?.Contains("breakdown") == true || name?.Contains("day") == true => "2025-02-19",
        _ => "key",
    };

    private static string? Singular(string? name) => name is { Length: > 1 } && name.EndsWith('s') ? name[..^1] : name;

    private static long Integer(string? name) => name switch
    {
        "total" => 57, "per_page" => 20, "current_page" => 1, "last_page" => 3, "from" => 1, "to" => 20,
        "status" or "priority" => 1,
        _ when name?.EndsWith("minutes", StringComparison.Ordinal) == true => 90,
        _ when name?.EndsWith("seconds", StringComparison.Ordinal) == true || name == "duration" => 5400,
        _ when name?.Contains("percent") == true || name?.Contains("activity") == true => 64,
        _ when name?.Contains("hours") == true => 40,
        _ when name == "user_id" || name == "owner_id" => 7,
        _ when name?.EndsWith("id", StringComparison.Ordinal) == true => 42,
        _ => 3,
    };

    private static string Text(string? name, string? format, string? pattern) => (format, name) switch
    {
        ("date-time", _) => "2025-02-19T19:24:55.000000Z",
        ("date", _) => "2025-02-19",
        _ when pattern?.Contains(' ') == true || pattern?.Contains("\\d{2}:\\d{2}:\\d{2}") == true && pattern.Contains("{4}") => "2025-02-19 19:24:55",
        (_, "timestamp") => "2025-02-19T19:24:55Z",
        (_, "api_version") => "2.0.0",
        (_, "message") => "Done",
        (_, "error") => "not_found",
        (_, "email") => "ada@example.com",
        (_, "firstname" or "first_name") => "Ada",
        (_, "lastname" or "last_name") => "Lovelace",
        (_, "role" or "current_role") => "Regular User",
        (_, "currency") => "USD",
        (_, "url") => "https://example.com/hooks/tracker",
        (_, "color" or "status_color") => "#3b82f6",
        (_, "start_time" or "end_time" or "start" or "end") when format is null => "09:00",
        (_, "date" or "date_from" or "date_to" or "start_date" or "end_date" or "deadline") => "2025-02-19",
        (_, "timezone" or "time_zone") => "Europe/Berlin",
        (_, "events" or "event") => "time_entry.created",
        _ when name?.EndsWith("_id", StringComparison.Ordinal) == true => "42",
        _ when name?.EndsWith("name", StringComparison.Ordinal) == true => "Website redesign",
        _ => "Example " + (name ?? "text").Replace('_', ' '),
    };
}
