using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tracker.Api.Tests.Infrastructure;

/// <summary>A response read once: status code and the parsed JSON body (envelope).</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Raw)
{
    public JsonElement Data => Json.GetProperty("data");
    public string Message => Json.GetProperty("message").GetString()!;
    public JsonElement Pagination => Json.GetProperty("meta").GetProperty("pagination");

    /// <summary>Asserts the status and, for errors, the error envelope's shape. Returns this for chaining.</summary>
    public ApiResponse Expect(HttpStatusCode status)
    {
        Assert.True(status == Status, $"Expected {(int)status} but got {(int)Status}: {Json}");
        Assert.Equal((int)status < 400, Json.GetProperty("success").GetBoolean());
        Assert.Equal("2.0.0", Json.GetProperty("meta").GetProperty("api_version").GetString());
        if ((int)status >= 400) Assert.False(string.IsNullOrEmpty(Json.GetProperty("message").GetString()));
        return this;
    }

    /// <summary>Asserts a 422 that names <paramref name="field"/> in <c>errors</c>.</summary>
    public ApiResponse ExpectInvalid(string field)
    {
        Expect(HttpStatusCode.UnprocessableEntity);
        Assert.True(Json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"Expected a validation error for '{field}': {Json}");
        return this;
    }
}

public static class Http
{
    public static Task<ApiResponse> ApiGetAsync(this HttpClient client, string url) => SendAsync(client, HttpMethod.Get, url, null);
    public static Task<ApiResponse> ApiPostAsync(this HttpClient client, string url, object? body = null) => SendAsync(client, HttpMethod.Post, url, body);
    public static Task<ApiResponse> ApiPutAsync(this HttpClient client, string url, object? body = null) => SendAsync(client, HttpMethod.Put, url, body);
    public static Task<ApiResponse> ApiDeleteAsync(this HttpClient client, string url, object? body = null) => SendAsync(client, HttpMethod.Delete, url, body);

    /// <summary>Sends raw text as the JSON body (for malformed-JSON cases).</summary>
    public static Task<ApiResponse> SendRawAsync(this HttpClient client, HttpMethod method, string url, string rawJson) =>
        SendAsync(client, new HttpRequestMessage(method, url) { Content = new StringContent(rawJson, Encoding.UTF8, "application/json") });

    public static Task<ApiResponse> SendAsync(HttpClient client, HttpMethod method, string url, object? body)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return SendAsync(client, request);
    }

    public static async Task<ApiResponse> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        // A file download (the export's zip) has no envelope: Json stays undefined.
        var json = string.IsNullOrEmpty(text) || response.Content.Headers.ContentType?.MediaType == "application/zip"
            ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiResponse(response.StatusCode, json, response);
    }
}
