using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// POST /imports: brings a team's history in from another product's export (<see cref="ImportSources"/>). Admin
/// scope and the Admins role: it creates members, projects and contracts. The answer counts what was created,
/// skipped (already imported) and refused (each bad row with its line); a dry run answers the same and writes nothing.
/// </summary>
public static class ImportEndpoints
{
    public static RouteGroupBuilder MapImports(this RouteGroupBuilder api)
    {
        api.MapPost("/imports", ImportAsync).WithTags("Imports").WithName("importTimeEntries").WithSummary("Import Time Entries")
            .RequireAdminScope().RequireWorkspaceRole(Roles.Admins).ReadsItsOwnBody(ImportFile.MaxBytes);
        return api;
    }

    private static async Task<EnvelopeResult<ImportResult>> ImportAsync(
        HttpRequest request, ImportQuery query, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (ImportSources.IsTracker(query.Source))
        {
            await using var archive = new ImportFile(await ImportUpload.FileAsync(request, ct));
            var (imported, notListed) = await TrackerImport.RunAsync(archive, db, scope, query.DryRun ?? false, clock.GetUtcNow().UtcDateTime, ct);
            return ApiResults.Ok(imported, TrackerImport.Message(imported, notListed));
        }
        var source = ImportSources.Create(query.Source);
        await using var file = new ImportFile(await ImportUpload.FileAsync(request, ct));
        var writer = await ImportWriter.StartAsync(db, scope, source.Name, query.DryRun ?? false, clock.GetUtcNow().UtcDateTime, ct);
        await foreach (var read in source.ReadAsync(file, ct)) await writer.AddAsync(read, ct);
        var result = await writer.FinishAsync(ct);
        return ApiResults.Ok(result, Message(result, writer.ErrorsNotListed, source));
    }

    private static string Message(ImportResult r, int errorsNotListed, IImportSource source)
    {
        var message = r.DryRun
            ? $"Dry run, nothing was written: {r.EntriesCreated} of {r.Rows} rows would be imported."
            : $"{r.EntriesCreated} of {r.Rows} rows imported.";
        if (r.EntriesSkippedDuplicates > 0) message += $" {r.EntriesSkippedDuplicates} were imported before and skipped.";
        if (r.Errors.Count > 0) message += $" {r.Errors.Count + errorsNotListed} could not be imported (see errors).";
        if (errorsNotListed > 0) message += $" Only the first {r.Errors.Count} errors are listed.";
        if (source is HarvestSource)
            message += $" Harvest gives hours, not times: each member's entries of a day were placed one after another from {HarvestSource.DayStart:HH\\:mm} in their time zone.";
        return message;
    }
}

/// <summary>The query of POST /imports (workspace_id is read by the tenancy check).</summary>
public sealed record ImportQuery(string? Source, bool? DryRun) : IQueryRecord
{
    public static ValueTask<ImportQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<ImportQuery>(context);
}
