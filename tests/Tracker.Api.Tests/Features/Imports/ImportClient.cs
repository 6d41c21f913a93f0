using System.Net.Http.Headers;
using System.Text;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Imports;

/// <summary>Posting files to POST /imports, as a multipart form or a raw body, and reading the fixtures.</summary>
public static class ImportClient
{
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "Imports", "Fixtures", name));

    public static Task<ApiResponse> ImportAsync(this HttpClient client, TestWorkspace ws, string source, string csv, bool dryRun = false) =>
        client.ImportAsync(ws, source, Encoding.UTF8.GetBytes(csv), dryRun);

    public static Task<ApiResponse> ImportAsync(this HttpClient client, TestWorkspace ws, string source, byte[] file, bool dryRun = false)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "export.csv" } };
        return Http.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, Url(ws, source, dryRun)) { Content = form });
    }

    public static Task<ApiResponse> ImportRawAsync(this HttpClient client, TestWorkspace ws, string source, string csv, string contentType = "text/csv") =>
        Http.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, Url(ws, source, false))
        {
            Content = new StringContent(csv, Encoding.UTF8, contentType),
        });

    public static string Url(TestWorkspace ws, string source, bool dryRun) =>
        $"/api/v2/imports?{ws.Q}&source={source}" + (dryRun ? "&dry_run=true" : "");
}
