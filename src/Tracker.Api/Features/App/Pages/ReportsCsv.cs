using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Http.Extensions;
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
        app.MapGet("/app/reports/tracked-hours.csv", DownloadAsync).ExcludeFromDescription()
            .RequireAuthorization(p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        return app;
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, AuthenticationStateProvider authentication, NavigationManager navigation,
        AppApi api, TimeProvider clock, string? range, string? from, string? to, CancellationToken ct)
    {
        // Outside a component the app's authentication state and address are this request's, given here once.
        ((IHostEnvironmentAuthenticationStateProvider)authentication).SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        ((IHostEnvironmentNavigationManager)navigation).Initialize(
            $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/", http.Request.GetEncodedUrl());
        AppWorkspace? workspace;
        try
        {
            workspace = await api.WorkspaceAsync();
        }
        catch (NavigationException e)
        {
            return TypedResults.Redirect(e.Location); // the session's token ended: sign in, then back to this file
        }
        if (workspace is null) return TypedResults.Redirect("/app/reports");
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
    }
}
