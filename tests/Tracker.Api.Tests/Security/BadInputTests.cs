using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tracker.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// Generates bad requests for every operation in the OpenAPI document (so new routes are covered without
/// editing this file): malformed and wrong-shaped bodies, every body property set to wrong types, huge strings,
/// negative and huge numbers, bad dates, time zones and enum values, and bad query values. Every answer must be a
/// 4xx (or 2xx where the input happens to be acceptable) in the envelope; none may be a 500.
/// </summary>
public class BadInputTests(TrackerFactory factory, ITestOutputHelper output) : IClassFixture<TrackerFactory>
{
    private static readonly JsonNode?[] BadValues =
    [
        null, JsonValue.Create(-1), JsonValue.Create(0), JsonValue.Create(1e30), JsonValue.Create(long.MaxValue),
        JsonValue.Create("9223372036854775808"), JsonValue.Create(new string('x', 100_000)), JsonValue.Create(""),
        JsonValue.Create("2024-13-45"), JsonValue.Create("2024-02-30T25:61:00Z"), JsonValue.Create("Not/AZone"),
        JsonValue.Create("NOT_A_VALUE"), JsonValue.Create(true), new JsonObject { ["nested"] = 1 }, new JsonArray(1, "two"),
        JsonValue.Create("<script>alert(1)</script>"), JsonValue.Create("' OR 1=1 --"),
    ];

    private static readonly string[] BadQueryValues =
        ["abc", "-1", "0", "99999999999999999999999", "2024-02-30", "NOT_A_VALUE", new string('q', 5000), "%00", "1,abc"];

    [Fact]
    public async Task No_generated_bad_request_answers_500()
    {
        var ws = await factory.NewWorkspaceAsync();
        var client = ws.Owner.Client;
        var doc = JsonNode.Parse(await factory.ClientWith(null).GetStringAsync("/openapi/v2.json"))!;
        var schemas = doc["components"]?["schemas"]?.AsObject();
        var tried = 0;
        var failures = new List<string>();

        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            if (!path.StartsWith("/api/v2", StringComparison.Ordinal)) continue;
            foreach (var (method, operation) in item!.AsObject())
            {
                var url = FillPath(path, ws.Owner.Id);
                var httpMethod = new HttpMethod(method.ToUpperInvariant());
                async Task Try(string target, string? body, string label)
                {
                    tried++;
                    var request = new HttpRequestMessage(httpMethod, target);
                    if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    var response = await client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode >= 500 || !IsEnvelope(text, response.StatusCode))
                        failures.Add($"{method.ToUpperInvariant()} {path} [{label}] → {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                }

                var query = $"{url}?workspace_id={ws.Id}";
                foreach (var parameter in operation!["parameters"]?.AsArray() ?? [])
                {
                    var name = parameter!["name"]!.GetValue<string>();
                    if (parameter["in"]?.GetValue<string>() != "query" || name == "workspace_id") continue;
                    foreach (var bad in BadQueryValues)
                        await Try($"{query}&{name}={Uri.EscapeDataString(bad)}", null, $"query {name}={bad[..Math.Min(12, bad.Length)]}");
                }
                await Try($"{url}?workspace_id=-1", null, "workspace_id=-1");
                await Try($"{url}?workspace_id=99999999999999999999", null, "workspace_id overflow");

                if (operation["requestBody"] is not { } requestBody) continue;
                var properties = Resolve(requestBody["content"]?["application/json"]?["schema"], schemas)?["properties"]?.AsObject();
                foreach (var raw in new[] { "{", "[]", "\"text\"", "null", "{\"a\":" , new string('[', 5000) })
                    await Try(query, raw, $"raw {raw[..Math.Min(10, raw.Length)]}");
                foreach (var (property, _) in properties ?? [])
                    foreach (var bad in BadValues)
                        await Try(query, new JsonObject { [property] = bad?.DeepClone() }.ToJsonString(), $"{property}={Describe(bad)}");
            }
        }

        output.WriteLine($"Bad-input cases tried: {tried}; failures: {failures.Count}");
        Assert.True(tried > 100, $"only {tried} cases generated");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    private static string FillPath(string path, long someId) =>
        System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", someId.ToString());

    /// <summary>Follows a $ref, also through the oneOf [null, $ref] that a nullable body produces.</summary>
    private static JsonNode? Resolve(JsonNode? schema, JsonObject? schemas)
    {
        var reference = schema?["$ref"] ?? schema?["oneOf"]?.AsArray().Select(s => s?["$ref"]).FirstOrDefault(r => r is not null);
        return reference is not null && schemas is not null ? schemas[reference.GetValue<string>().Split('/').Last()] : schema;
    }

    private static bool IsEnvelope(string text, HttpStatusCode status)
    {
        if (status is HttpStatusCode.NoContent || text.Length == 0) return false;
        try
        {
            var root = JsonDocument.Parse(text).RootElement;
            return root.TryGetProperty("success", out var success) && success.GetBoolean() == ((int)status < 400)
                && root.TryGetProperty("meta", out _) && ((int)status < 400 || root.TryGetProperty("message", out _));
        }
        catch (JsonException)
        {
            // CSV downloads and similar non-JSON successes are fine; errors must be JSON.
            return (int)status < 400;
        }
    }

    private static string Describe(JsonNode? value) => value is null ? "null" : value.ToJsonString() is var s && s.Length > 14 ? s[..14] + "…" : value.ToJsonString();
}
