using Tracker.Client;

namespace Tracker.Api.Features.App.Pages;

/// <summary>
/// The download of /app/data: the API's export of the person's workspace, fetched with their rights and passed
/// through as it arrives. A refusal sends the person back to the page, which says the server refused it.
/// </summary>
public static class DataExport
{
    public const string Path = "/app/data/export.zip";

    public static IEndpointRouteBuilder MapDataExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, DownloadAsync).ForAppSession();
        return app;
    }

    private static Task<IResult> DownloadAsync(HttpContext http, AppApi api, CancellationToken ct) =>
        AppDownloads.ForWorkspaceAsync(http, api, "/app/data", async workspace =>
        {
            try
            {
                var client = await api.ClientAsync();
                var zip = await client.V2.Exports.GetAsync(q => q.QueryParameters.WorkspaceId = workspace.Id, ct);
                return zip is null ? TypedResults.Redirect("/app/data?export=refused")
                    : TypedResults.Stream(zip, "application/zip", $"tracker-export-{workspace.Id}.zip");
            }
            catch (TrackerApiException e)
            {
                return TypedResults.Redirect($"/app/data?export=refused&status={e.Status}");
            }
        });
}
