using System.Net;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>A person in a browser never meets raw JSON: errors outside the API and OAuth token endpoints are pages.</summary>
[Collection(SharedHost.Account)]
public class ErrorPageTests(TrackerFactory factory)
{
    [Theory]
    [InlineData("GET", "/no-such-page", HttpStatusCode.NotFound, "Page not found")]
    [InlineData("GET", "/settings/no-such-page", HttpStatusCode.NotFound, "Page not found")]
    [InlineData("POST", "/account/login", HttpStatusCode.BadRequest, "The form expired or was not sent from this site. Reload and try again.")]
    [InlineData("POST", "/settings/profile", HttpStatusCode.MethodNotAllowed, "Method not allowed")] // an old page's form: it moved to /app/settings
    [InlineData("GET", "/account/login?returnUrl=%01", HttpStatusCode.UnprocessableEntity, "The returnUrl field must not contain control characters.")]
    public async Task Browser_errors_are_pages(string method, string path, HttpStatusCode status, string text)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "a@b.c", ["password"] = "x" });
        var response = await factory.ClientWith(null).SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!doctype html>", html.TrimStart());
        Assert.True(html.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text), StringComparison.Ordinal), html);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("/api/v2/no-such-resource")]
    [InlineData("/api/v2/workspaces")]
    public async Task Api_errors_stay_in_the_envelope(string path)
    {
        var response = await factory.ClientWith(null).ApiGetAsync(path);
        Assert.Equal("application/json", response.Raw.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Json.GetProperty("success").GetBoolean());
        Assert.True(response.Status is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, response.Status.ToString());
    }
}
