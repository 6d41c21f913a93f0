using Tracker.Client;

namespace Tracker.Api.Features.App.Pages;

/// <summary>
/// The CSV download of /app/reports: the API's own tracked-hours file for the chosen range, fetched with the
/// person's rights and passed through. A refusal (403, 422) sends the person back to the page, which says why.
/// </summary>
public static class ReportsCsv
{
    public static IEndpointRouteBuilder MapReportsCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/app/reports/tracked-hours.csv", DownloadAsync).ForAppSession();
        return app;
    }

    private static Task<IResult> DownloadAsync(HttpContext http, AppApi api, TimeProvider clock, string? range, string? from, string? to,
        CancellationToken ct) =>
        AppDownloads.ForWorkspaceAsync(http, api, "/app/reports", async workspace =>
        {
            var chosen = ReportsRange.Resolve(range, ReportsRange.ParseDate(from), ReportsRange.ParseDate(to), workspace.Today(clock));
            try
            {
                var file = await new ReportsLoader(await api.ClientAsync(), workspace.Id).TrackedHoursCsvAsync(chosen, ct);
                return TypedResults.File(file, "text/csv; charset=utf-8", $"tracked-hours-{AppTime.Iso(chosen.From)}-{AppTime.Iso(chosen.To)}.csv");
            }
            catch (TrackerApiException)
            {
                return TypedResults.Redirect($"/app/reports?{chosen.Query}");
            }
        });
}
