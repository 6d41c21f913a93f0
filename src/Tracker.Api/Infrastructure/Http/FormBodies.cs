using System.Text;
using System.Text.Json.Nodes;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// Generation B clients send <c>application/x-www-form-urlencoded</c> bodies (documented for webhook create). API
/// form bodies are rewritten to the equivalent JSON object before anything reads them, so every endpoint, the
/// tenancy check and validation see one shape (see <see cref="ToJson"/> for arrays and nesting). Values stay strings;
/// the JSON step binds them by the field's type (numbers and booleans are read from strings). The API authenticates by bearer token, never by cookie, so a
/// form post from a browser carries no ambient credentials.
/// </summary>
public static class FormBodies
{
    public static IApplicationBuilder UseFormBodiesAsJson(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/api") && request.HasFormContentType
                && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            {
                var json = ToJson(await ReadAsync(request));
                request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString()));
                request.ContentType = "application/json";
                request.ContentLength = request.Body.Length;
                // The form feature cached the parsed form; drop it so nothing reads the old body shape.
                context.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(null);
            }
            await next(context);
        });

    /// <summary>
    /// Reads a form body. The framework's reader refuses a NUL (<c>%00</c>) with an exception that names no field,
    /// which surfaced as a 500; the body is then read again here to answer the 422 naming the field.
    /// </summary>
    public static async Task<IFormCollection> ReadAsync(HttpRequest request)
    {
        request.EnableBuffering();
        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException) when (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
            var raw = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            var field = FirstDirtyField(raw);
            throw field is null
                ? ApiException.BadRequest("The form body could not be read.")
                : ApiException.Invalid(field, ControlCharacters.MessageFor(field));
        }
    }

    /// <summary>
    /// The form as the JSON object it stands for: <c>a[]</c> and repeated keys are arrays, <c>a[b]</c> nests an object
    /// and <c>a[0][b]</c> an array of objects. A key that contradicts another (<c>a=1&amp;a[b]=2</c>) or cannot be read is
    /// a 422 naming it, never dropped.
    /// </summary>
    public static JsonObject ToJson(IFormCollection form)
    {
        var root = new JsonObject();
        foreach (var (rawKey, values) in form)
        {
            var path = Segments(rawKey) ?? throw ApiException.Invalid(rawKey, $"The {rawKey} field name cannot be read.");
            foreach (var value in values) Put(root, path, value ?? "", path[0]);
        }
        return (JsonObject)Arrays(root)!;
    }

    /// <summary><c>tags[0][name]</c> → tags, 0, name; <c>events[]</c> → events, "" (append).</summary>
    private static string[]? Segments(string key)
    {
        var open = key.IndexOf('[');
        if (open < 0) return key.Length > 0 ? [key] : null;
        var segments = new List<string> { key[..open] };
        for (var at = open; at < key.Length; at = key.IndexOf(']', at) + 1)
        {
            var close = key.IndexOf(']', at);
            if (key[at] != '[' || close < 0 || key.IndexOf('[', at + 1, close - at - 1) >= 0) return null;
            segments.Add(key[(at + 1)..close]);
        }
        return segments[0].Length > 0 && segments.SkipLast(1).Skip(1).All(s => s.Length > 0) ? [.. segments] : null;
    }

    private static void Put(JsonObject container, string[] path, string value, string field)
    {
        var append = path.Length > 1 && path[^1].Length == 0;
        var keys = append ? path[..^1] : path;
        foreach (var key in keys[..^1])
            container = (container[key] ??= new JsonObject()) as JsonObject ?? throw Conflict(field);
        var last = keys[^1];
        if (append)
        {
            ((container[last] ??= new JsonArray()) as JsonArray ?? throw Conflict(field)).Add(value);
            return;
        }
        switch (container[last])
        {
            case null: container[last] = value; break;
            case JsonArray repeated: repeated.Add(value); break;
            case JsonValue first: container[last] = new JsonArray(first.DeepClone(), value); break;
            default: throw Conflict(field);
        }
    }

    /// <summary>Objects whose keys are all indexes (<c>a[0]</c>, <c>a[1]</c>) become arrays in index order.</summary>
    private static JsonNode? Arrays(JsonNode? node)
    {
        if (node is not JsonObject obj) return node;
        var children = obj.ToList();
        obj.Clear();
        var converted = children.Select(c => (c.Key, Value: Arrays(c.Value))).ToList();
        if (converted.Count > 0 && converted.All(c => int.TryParse(c.Key, out var n) && n >= 0))
            return new JsonArray(converted.OrderBy(c => int.Parse(c.Key)).Select(c => c.Value).ToArray());
        foreach (var (key, value) in converted) obj[key] = value;
        return obj;
    }

    private static ApiException Conflict(string field) =>
        ApiException.Invalid(field, $"The {field.Replace('_', ' ')} field is sent both as a value and as a list or object.");

    private static string? FirstDirtyField(string urlEncoded)
    {
        foreach (var pair in urlEncoded.Split('&'))
        {
            var parts = pair.Split('=', 2);
            var key = Decode(parts[0]);
            if (ControlCharacters.Contains(key)) return "body";
            if (parts.Length > 1 && ControlCharacters.Contains(Decode(parts[1]))) return key.EndsWith("[]", StringComparison.Ordinal) ? key[..^2] : key;
        }
        return null;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
