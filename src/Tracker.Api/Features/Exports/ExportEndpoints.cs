using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Tenancy;
using static System.FormattableString;

namespace Tracker.Api.Features.Exports;

/// <summary>GET /exports: everything the workspace holds, as a zip written to the response while it is read.</summary>
public static class ExportEndpoints
{
    public const string ContentType = "application/zip";

    public static RouteGroupBuilder MapExports(this RouteGroupBuilder api)
    {
        api.MapGet("/exports", Export).WithTags("Exports").WithName("exportWorkspace").WithSummary("Export the workspace (extension)")
            .RequireAdminScope().RequireWorkspaceRole(Roles.Admins)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Responses ??= [];
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = "The export: a zip of JSON-lines files and manifest.json (docs/export-format.md).",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [ContentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    },
                };
                return Task.CompletedTask;
            });
        return api;
    }

    private static ExportResult Export(WorkspaceScope scope, TrackerDbContext db, TimeProvider clock) =>
        new(scope, db, clock.GetUtcNow().UtcDateTime);

    public sealed class ExportResult(WorkspaceScope scope, TrackerDbContext db, DateTime now) : IResult
    {
        private static readonly byte[] NewLine = "\n"u8.ToArray();

        private static readonly string ServerVersion =
            typeof(ExportEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

        public async Task ExecuteAsync(HttpContext http)
        {
            var ct = http.RequestAborted;
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = ContentType;
            http.Response.Headers.ContentDisposition = Invariant($"attachment; filename=\"tracker-export-{scope.WorkspaceId}-{now:yyyyMMdd-HHmmss}.zip\"");
            // Create mode writes each entry through (sizes follow in data descriptors); the zip goes to the response in
            // small drained batches, so nothing is held whole.
            var output = new DrainedStream(http.Response.Body);
            var counts = new Dictionary<string, int>();
            await using (var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct))
            {
                foreach (var file in ExportFiles.Of(db, scope))
                {
                    var count = 0;
                    await using (var entry = await zip.CreateEntry(file.Name, CompressionLevel.Fastest).OpenAsync(ct))
                        await foreach (var row in file.Rows.WithCancellation(ct))
                        {
                            await entry.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(row, row.GetType(), ExportFormat.Json), ct);
                            await entry.WriteAsync(NewLine, ct);
                            count++;
                            if (output.IsFull) await output.DrainAsync(ct);
                        }
                    counts[file.Name] = count;
                    await output.DrainAsync(ct);
                }
                var manifest = new ExportManifest(ExportFormat.Name, ExportFormat.Version, ServerVersion, now, scope.WorkspaceId, scope.CanSeeRates, counts);
                await using (var entry = await zip.CreateEntry(ExportFormat.Manifest, CompressionLevel.Fastest).OpenAsync(ct))
                    await entry.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(manifest, ExportFormat.Json), ct);
            }
            await output.DrainAsync(ct);
        }
    }
}
