using Microsoft.Kiota.Abstractions;
using Tracker.Client.Generated.Api.V2.Imports;
using Tracker.Client.Generated.Models;

namespace Tracker.Client;

/// <summary>
/// POST /imports with the file streamed as the request body, read as it is sent (so a caller can show progress).
/// The generated operation would build a multipart form of the whole file in memory; the server takes the bare body
/// too (<c>text/csv</c>, or <c>application/zip</c> for a Tracker export).
/// </summary>
public static class Imports
{
    private const string UrlTemplate = "{+baseurl}/api/v2/imports{?workspace_id,source,dry_run}";

    /// <summary>Imports <paramref name="file"/> as an export of <paramref name="source"/> into the workspace; the answer counts what it made.</summary>
    public static async Task<ImportResult> ImportAsync(this TrackerClient client, long workspaceId, string source, Stream file, bool dryRun,
        CancellationToken ct = default)
    {
        var request = new RequestInformation(Method.POST, UrlTemplate, new Dictionary<string, object>());
        request.AddQueryParameters(new ImportsRequestBuilder.ImportsRequestBuilderPostQueryParameters
        {
            WorkspaceId = workspaceId, Source = source, DryRun = dryRun,
        });
        request.Headers.TryAdd("Accept", "application/json");
        request.SetStreamContent(file, source == "tracker" ? "application/zip" : "text/csv");
        var envelope = await client.Adapter.SendAsync(request, ImportResultEnvelope.CreateFromDiscriminatorValue, cancellationToken: ct);
        return envelope?.Data ?? throw new TrackerApiException(500, "The server answered without an import result.", new Dictionary<string, string[]>());
    }
}
