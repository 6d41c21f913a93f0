using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>The committed openapi/v2.json is what the server serves, the document is sound, and /docs stays on this origin.</summary>
[Collection(SharedHost.Account)]
public partial class OpenApiDocumentTests(TrackerFactory factory)
{
    private static string Committed => Path.Combine(RepositoryRoot(), "openapi", "v2.json");

    [Fact]
    public async Task Served_document_matches_the_committed_one()
    {
        var served = JsonNode.Parse(await factory.ClientWith(null).GetStringAsync("/openapi/v2.json"));
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Committed));
        Assert.True(JsonNode.DeepEquals(served, committed),
            "openapi/v2.json differs from the document the server serves: run scripts/openapi.sh and commit the result.");
    }

    [Fact]
    public async Task Document_has_plain_types_one_error_schema_and_a_description_for_every_operation()
    {
        var text = await factory.ClientWith(null).GetStringAsync("/openapi/v2.json");
        Assert.True(text.Length < 600_000, $"The document is {text.Length} bytes; keep it under 600 KB.");
        var doc = JsonNode.Parse(text)!;
        var schemas = doc["components"]!["schemas"]!.AsObject();
        Assert.DoesNotContain(schemas, s => s.Key.Contains("EnvelopeOf", StringComparison.Ordinal));
        Assert.Contains("ErrorResponse", schemas.Select(s => s.Key));
        Assert.Equal(["bearerToken", "oauth2"], doc["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key).Order());

        foreach (var (name, schema) in schemas)
            foreach (var (property, value) in schema!["properties"]?.AsObject() ?? [])
            {
                Assert.True(value!["type"] is not null || value["$ref"] is not null, $"{name}.{property} has no type");
                Assert.False(value["type"]?.ToJsonString() is { } t && t.Contains("integer") && t.Contains("string"), $"{name}.{property} is integer-or-string");
            }
        // Required means required: the walk-through starts tracking with user_id alone.
        Assert.Equal(["user_id"], schemas["StartTrackingRequest"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("integer", schemas["Pagination"]!["properties"]!["total"]!["type"]!.GetValue<string>());

        foreach (var (path, item) in doc["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(operation!["description"]?.GetValue<string>()), $"{method} {path} has no description");
                Assert.All(operation["parameters"]?.AsArray() ?? [], p => Assert.NotNull(p!["description"]));
                var errors = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('4')).ToList();
                Assert.NotEmpty(errors);
                Assert.All(errors, r => Assert.StartsWith("#/components/responses/", r.Value!["$ref"]!.GetValue<string>()));
                var success = operation["responses"]!.AsObject().First(r => r.Key.StartsWith('2')).Value!;
                // Every answer is an example'd envelope, except the export's file, described as a binary zip.
                if (success["content"]?["application/zip"] is { } zip) Assert.Equal("binary", zip["schema"]!["format"]!.GetValue<string>());
                else Assert.NotNull(success["content"]?["application/json"]?["example"]);
                if (operation["requestBody"] is { } body) Assert.All(body["content"]!.AsObject(), media => Assert.NotNull(media.Value!["example"]));
            }
    }

    [Fact]
    public async Task Docs_page_loads_nothing_from_other_origins()
    {
        var html = await factory.CreateClient().GetStringAsync("/docs/");
        var references = ExternalReference().Matches(html).Select(m => m.Value).ToList();
        Assert.Empty(references);
        Assert.Contains("\"withDefaultFonts\":false", html);
        Assert.Contains("\"hideClientButton\":true", html);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html);
        Assert.Contains("\"agent\":{\"disabled\":true}", html);
        Assert.Contains("\"preferredSecurityScheme\":[\"bearerToken\"]", html);
    }

    /// <summary>An absolute or protocol-relative URL anywhere in the page (src, href, import, url(), configuration).</summary>
    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tracker.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Tracker.slnx not found above the test binaries");
    }
}
