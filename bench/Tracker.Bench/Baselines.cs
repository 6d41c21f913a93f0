using System.Text.Json;

namespace Tracker.Bench;

/// <summary>
/// The baselines the server is measured against, served by a bare minimal-API app in this process, one per database
/// provider, on the API's own paths so that a scenario's baseline is the same URL on another port:
/// (a) every scenario done by hand with plain ADO.NET — <see cref="ListBaselines"/>, <see cref="ReportBaseline"/>,
///     <see cref="StartStopBaselines"/> — answering the same JSON as the server (checked before the load runs);
/// (b) <c>/bare/members</c> and <c>/bare/time-tracking/*</c>: the query or write alone, no auth, no envelope: the floor.
/// </summary>
public static class Baselines
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new UtcInstant() },
    };

    public static async Task<WebApplication> StartAsync(string url, BenchDb db)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();

        ListBaselines.Map(app, db);
        ReportBaseline.Map(app, db);
        StartStopBaselines.Map(app, db, Json);
        app.MapGet("/bare/members", async ctx =>
        {
            var paging = Paging.From(ctx.Request);
            await using var conn = await db.OpenAsync(ctx.RequestAborted);
            await using var cmd = db.Command(conn, """
                SELECT u."Id", u."Email", u."FirstName", u."LastName", m."Role", m."Status", m."CreatedAt"
                FROM "Members" m JOIN "Users" u ON u."Id" = m."UserId"
                WHERE m."WorkspaceId" = $1 AND m."DeletedAt" IS NULL ORDER BY m."UserId" LIMIT $2 OFFSET $3
                """, ListBaselines.Workspace(ctx), paging.PerPage, paging.Offset);
            await using var r = await cmd.ExecuteReaderAsync(ctx.RequestAborted);
            ctx.Response.ContentType = "application/json; charset=utf-8";
            await using var w = new Utf8JsonWriter(ctx.Response.BodyWriter);
            w.WriteStartArray();
            while (await r.ReadAsync(ctx.RequestAborted))
            {
                w.WriteStartObject();
                w.Long("id", r, 0); w.Str("email", r, 1); w.Str("firstname", r, 2); w.Str("lastname", r, 3); w.Str("current_role", r, 4);
                w.Str("status", r, 5); w.Instant("created_at", r, 6);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            await w.FlushAsync(ctx.RequestAborted);
        });
        await app.StartAsync();
        return app;
    }

    private sealed class UtcInstant : System.Text.Json.Serialization.JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTime();
        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(JsonOut.Instant(value));
    }
}
