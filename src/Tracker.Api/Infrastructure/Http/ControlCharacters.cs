using System.Buffers;
using System.Text.Json;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// Text input may not carry control characters: C0 except tab, line feed and carriage return; DEL; C1; and unpaired
/// UTF-16 surrogates. PostgreSQL refuses NUL in text and Npgsql refuses broken UTF-16, so without this they surfaced
/// as 500s; the others have no business in names, notes or ids either. Checked once, in the pipeline, for every input
/// (<see cref="UseControlCharacterGuard"/>): query strings, route values, JSON bodies (API form bodies are JSON by
/// then) and page forms. The answer is 422 naming the field.
/// </summary>
public static class ControlCharacters
{
    public const string Problem = "must not contain control characters";

    private static readonly SearchValues<char> Suspects = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F" +
        string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    public static bool Contains(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAny(Suspects);
        while (i >= 0)
        {
            // A surrogate is fine only as the first half of a pair.
            if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return true;
            i += 2;
            var next = text[i..].IndexOfAny(Suspects);
            i = next < 0 ? -1 : i + next;
        }
        return false;
    }

    public static string MessageFor(string field) => $"The {field.Replace('_', ' ')} field {Problem}.";

    /// <summary>
    /// Runs after routing (for route values) and before authentication, so nothing downstream — token handlers,
    /// OpenIddict's endpoints, binders, the database — ever sees such text.
    /// </summary>
    public static IApplicationBuilder UseControlCharacterGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var field = FirstDirty(request.Query) ?? FirstDirty(request.RouteValues);
            if (field is null && request.HasFormContentType && !context.IsStreamed())
                field = FirstDirty(await FormBodies.ReadAsync(request));
            if (field is null && request.HasJsonContentType() && request.Body.CanSeek)
                field = FirstDirtyJson(await ReadBufferedAsync(request));
            if (field is not null) throw ApiException.Invalid(field, MessageFor(field));
            await next(context);
        });

    /// <summary>The JSON body, made rewindable by <c>UseRewindableJsonBodies</c>; read here and rewound for the binder.</summary>
    private static async Task<byte[]> ReadBufferedAsync(HttpRequest request)
    {
        request.Body.Position = 0;
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return copy.ToArray();
    }

    /// <summary>
    /// The path (<c>name</c>, <c>tags[1]</c>, <c>items[0].note</c>) of the first property name or string holding a
    /// control character; null when there is none or the JSON is broken (the binder answers that one).
    /// </summary>
    public static string? FirstDirtyJson(ReadOnlySpan<byte> json)
    {
        // In JSON text such characters are escapes (\u0000, also lone surrogates), DEL, or C1 (UTF-8 C2 80–9F).
        if (json.IndexOfAny((byte)'\\', (byte)0x7F, (byte)0xC2) < 0) return null;
        var reader = new Utf8JsonReader(json);
        var path = new List<object?>(); // per open container: its current property name, or its current index
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        continue;
                    case JsonTokenType.PropertyName:
                        path[^1] = null; // a bad name is reported as its object's: the name itself is unprintable
                        var name = reader.GetString()!;
                        if (Contains(name)) return PathOf(path);
                        path[^1] = name;
                        continue;
                }
                if (path.Count > 0 && path[^1] is int index) path[^1] = index + 1;
                if (reader.TokenType == JsonTokenType.String && Contains(reader.GetString()!)) return PathOf(path);
                if (reader.TokenType == JsonTokenType.StartObject) path.Add(null);
                else if (reader.TokenType == JsonTokenType.StartArray) path.Add(-1);
            }
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return PathOf(path); // an escape that is not valid UTF-16 (a lone surrogate)
        }
        return null;
    }

    private static string PathOf(List<object?> path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var part in path)
        {
            if (part is int index) text.Append('[').Append(index).Append(']');
            else if (part is string name) text.Append(text.Length > 0 ? "." : "").Append(name);
        }
        return text.Length > 0 ? text.ToString() : "body";
    }

    private static string? FirstDirty(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> pairs)
    {
        foreach (var (key, values) in pairs)
        {
            if (Contains(key)) return "query";
            foreach (var value in values)
                if (value is not null && Contains(value)) return key;
        }
        return null;
    }

    private static string? FirstDirty(RouteValueDictionary values)
    {
        foreach (var (key, value) in values)
            if (value is string text && Contains(text)) return JsonNamingPolicy.SnakeCaseLower.ConvertName(key);
        return null;
    }
}

