using System.Text;
using System.Text.Json.Nodes;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// Generation B clients send <c>application/x-www-form-urlencoded</c> bodies (documented for webhook create). API
/// form bodies are rewritten to the equivalent JSON object before anything reads them, so every endpoint, the
/// tenancy check and validation see one shape. Repeated keys and <c>key[]</c> become arrays; values stay strings
/// (numbers are accepted from strings everywhere). The API authenticates by bearer token, never by cookie, so a
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
                var form = await ReadAsync(request);
                var json = new JsonObject();
                foreach (var (rawKey, values) in form)
                {
                    var isArray = rawKey.EndsWith("[]", StringComparison.Ordinal);
                    var key = isArray ? rawKey[..^2] : rawKey;
                    json[key] = isArray || values.Count > 1
                        ? new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())
                        : JsonValue.Create(values.ToString());
                }
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
