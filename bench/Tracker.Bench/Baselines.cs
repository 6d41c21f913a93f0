using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace Tracker.Bench;

/// <summary>
/// The two baselines the server is measured against, served by a bare minimal-API app in this process:
/// (a) <c>/baseline/members</c>: the members list with the same work done by hand — PAT lookup, membership check,
///     count + page query with raw Npgsql — answering the same JSON as the server (checked before the load runs);
/// (b) <c>/bare/members</c>: the same page query only, no auth, no envelope: the floor of the stack.
/// The start/stop pair has its own two (<see cref="StartStopBaselines"/>): a write is measured against a write.
/// </summary>
public static class Baselines
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new UtcInstant() },
    };

    private const string PageSql = """
        SELECT u."Id", u."Email", u."FirstName", u."LastName", u."Avatar", m."Role", u."Timezone", m."Status", m."TeamName",
               m."Title", m."Rate", m."RateType", m."RateStatus", m."WeeklyHoursLimit", m."Screenshots", m."IsBlocked",
               m."CreatedAt", m."UpdatedAt", m."DeletedAt"
        FROM "Members" m JOIN "Users" u ON u."Id" = m."UserId"
        WHERE m."WorkspaceId" = $1 AND m."DeletedAt" IS NULL
        ORDER BY m."UserId" LIMIT $2 OFFSET $3
        """;

    public static async Task<WebApplication> StartAsync(string url, NpgsqlDataSource db)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();

        app.MapGet("/baseline/members", async (HttpContext context, long workspace_id, int? page, int? per_page) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return Results.StatusCode(401);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(header[7..])));
            await using var conn = await db.OpenConnectionAsync(context.RequestAborted);
            var userId = await ScalarAsync<long?>(conn, """SELECT "UserId" FROM "PersonalAccessTokens" WHERE "TokenHash" = $1 AND "RevokedAt" IS NULL AND "ExpiresAt" > now()""", hash);
            if (userId is null) return Results.StatusCode(401);
            var role = await ScalarAsync<string?>(conn, """
                SELECT m."Role" FROM "Members" m JOIN "Workspaces" w ON w."Id" = m."WorkspaceId"
                WHERE m."WorkspaceId" = $1 AND m."UserId" = $2 AND m."DeletedAt" IS NULL AND m."Status" = 'active'
                  AND NOT m."IsBlocked" AND NOT w."IsBlocked" AND w."DeletedAt" IS NULL
                """, workspace_id, userId.Value);
            if (role is null) return Results.StatusCode(403);
            var (p, size) = (page ?? 1, per_page ?? 20);
            var total = (int)(await ScalarAsync<long?>(conn, """SELECT count(*) FROM "Members" WHERE "WorkspaceId" = $1 AND "DeletedAt" IS NULL""", workspace_id) ?? 0);
            var items = await ReadPageAsync(conn, workspace_id, p, size, canSeeRates: role == "Owner");
            var lastPage = Math.Max(1, (int)Math.Ceiling(total / (double)size));
            int? from = items.Count == 0 ? null : (p - 1) * size + 1;
            var meta = new Meta("2.0.0", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                new Pagination(total, size, p, lastPage, from, from + items.Count - 1));
            return Results.Json(new Envelope(true, items, meta), Json);
        });

        app.MapGet("/bare/members", async (HttpContext context, long workspace_id, int? page, int? per_page) =>
        {
            await using var conn = await db.OpenConnectionAsync(context.RequestAborted);
            return Results.Json(await ReadPageAsync(conn, workspace_id, page ?? 1, per_page ?? 20, canSeeRates: true), Json);
        });

        StartStopBaselines.Map(app, db, Json);
        await app.StartAsync();
        return app;
    }

    private static async Task<List<Member>> ReadPageAsync(NpgsqlConnection conn, long workspaceId, int page, int size, bool canSeeRates)
    {
        await using var cmd = new NpgsqlCommand(PageSql, conn) { Parameters = { new() { Value = workspaceId }, new() { Value = size }, new() { Value = (page - 1) * size } } };
        await using var r = await cmd.ExecuteReaderAsync();
        var items = new List<Member>(size);
        while (await r.ReadAsync())
        {
            items.Add(new Member(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), Str(r, 4), r.GetString(5), Str(r, 6),
                r.GetString(7), Str(r, 8), Str(r, 9), canSeeRates && !r.IsDBNull(10) ? r.GetDecimal(10) : null, canSeeRates ? Str(r, 11) : null,
                r.GetInt32(12), r.IsDBNull(13) ? null : r.GetInt32(13), Str(r, 14), r.GetBoolean(15),
                r.GetDateTime(16), r.GetDateTime(17), r.IsDBNull(18) ? null : r.GetDateTime(18)));
        }
        return items;
    }

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection conn, string sql, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var arg in args) cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    private sealed record Envelope(bool Success, IReadOnlyList<Member> Data, Meta Meta);
    private sealed record Meta(string ApiVersion, string Timestamp, Pagination Pagination);
    private sealed record Pagination(int Total, int PerPage, int CurrentPage, int LastPage, int? From, int? To);

    private sealed record Member(
        long Id, string Email, string Firstname, string Lastname, string? Avatar, string CurrentRole, string? Timezone,
        string Status, string? TeamName, string? Title,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Rate,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RateType,
        int RateStatus, int? WeeklyHoursLimit, string? Screenshots, bool IsBlocked,
        DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt);

    private sealed class UtcInstant : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTime();
        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }
}
