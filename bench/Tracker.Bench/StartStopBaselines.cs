using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace Tracker.Bench;

/// <summary>
/// The baselines of POST start/stop, on the API's paths beside the lists' (see <see cref="ListBaselines"/>):
/// (a) <c>/api/v2/time-tracking/start|stop</c> does by hand, with plain ADO.NET and as few round trips as a careful
///     author would use, the work the server does — PAT + membership in one query; the member, the contract and the
///     period's timesheets in one query; the entry and its webhook event in one transaction (the unique index is the
///     "already tracking" check); the timesheet of the period created when missing — answering the same JSON;
/// (b) <c>/bare/time-tracking/start|stop</c> only inserts / closes the entry: no auth, no checks, no event, no envelope.
/// Both write the same tables, with the same indexes, as the server.
/// </summary>
public static class StartStopBaselines
{
    private const string StartMessage = "Time tracking started successfully", StopMessage = "Time tracking stopped successfully";

    private sealed record Body(long WorkspaceId, long? UserId, long? ContractId);

    public static void Map(WebApplication app, BenchDb db, JsonSerializerOptions json)
    {
        app.MapPost("/api/v2/time-tracking/start", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<Body>(json);
            if (body?.UserId is not { } userId) return Results.StatusCode(422);
            await using var conn = await db.OpenAsync(context.RequestAborted);
            if (await AuthorizeAsync(conn, context, body.WorkspaceId, userId) is { } refused) return refused;

            var now = DateTime.UtcNow;
            var sheets = db.Sql("""string_agg(t."DateFrom"::text || t."Status", ',')""", """group_concat(t."DateFrom" || t."Status", ',')""");
            // The member's local date is one of three around the UTC date; the sheets of all three come back, the zone picks.
            var utcDate = DateOnly.FromDateTime(now);
            string first, last, email;
            long? projectId;
            string? projectName, zoneId, periods;
            await using (var read = db.Command(conn, $"""
                SELECT u."FirstName", u."LastName", u."Email", coalesce(w."SystemTimezone", u."Timezone"),
                       c."UserId", c."ProjectId", c."Status", p."Name",
                       (SELECT {sheets} FROM "Timesheets" t WHERE t."WorkspaceId" = $1 AND t."UserId" = $2 AND t."DateFrom" <= $4 AND t."DateTo" >= $5)
                FROM "Members" m JOIN "Users" u ON u."Id" = m."UserId" JOIN "Workspaces" w ON w."Id" = m."WorkspaceId"
                LEFT JOIN "Contracts" c ON c."Id" = $3 AND c."WorkspaceId" = $1 AND c."DeletedAt" IS NULL
                LEFT JOIN "Projects" p ON p."Id" = c."ProjectId"
                WHERE m."WorkspaceId" = $1 AND m."UserId" = $2 AND m."DeletedAt" IS NULL
                """, body.WorkspaceId, userId, body.ContractId ?? 0L, utcDate.AddDays(1), utcDate.AddDays(-1)))
            await using (var r = await read.ExecuteReaderAsync(context.RequestAborted))
            {
                if (!await r.ReadAsync()) return Results.StatusCode(404);
                (first, last, email, zoneId) = (r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3));
                if (body.ContractId is not null)
                {
                    if (r.IsDBNull(4)) return Results.StatusCode(404);
                    if (r.GetInt64(4) != userId) return Results.StatusCode(422);
                    if (r.GetString(6) != "active") return Results.StatusCode(400);
                }
                projectId = r.IsDBNull(5) ? null : r.GetInt64(5);
                projectName = r.IsDBNull(7) ? null : r.GetString(7);
                periods = r.IsDBNull(8) ? null : r.GetString(8);
            }
            var zone = zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var z) ? z : TimeZoneInfo.Utc;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
            var monday = Monday(today).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var sheet = (periods ?? "").Split(',').FirstOrDefault(s => s.StartsWith(monday, StringComparison.Ordinal));
            if (sheet is not null && sheet[10..] is "submitted" or "approved") return Results.StatusCode(400);

            var name = $"{first} {last}".Trim();
            var payload = JsonSerializer.Serialize(new
            {
                user_id = userId, user_name = name, user_email = email, contract_id = body.ContractId, project_id = projectId,
                project_name = projectName, task_id = (long?)null, task_title = (string?)null, activity_description = (string?)null, start_time = now,
            }, json);
            await using (var tx = await conn.BeginTransactionAsync(context.RequestAborted))
            {
                try
                {
                    await using var batch = await db.ReaderAsync(conn, tx, context.RequestAborted,
                        ("""
                         INSERT INTO "TimeEntries" ("Id", "WorkspaceId", "UserId", "ContractId", "ProjectId", "Method", "StartedAt", "CreatedAt", "UpdatedAt")
                         VALUES ($1, $2, $3, $4, $5, 'web_tracker', $6, $6, $6)
                         """, [Guid.NewGuid().ToString(), body.WorkspaceId, userId, body.ContractId, projectId, now]),
                        OutboxInsert(body.WorkspaceId, "tracker.started", payload, now));
                    while (await batch.NextResultAsync(context.RequestAborted)) { } // a failing statement throws here at the latest
                }
                catch (DbException e) when (db.IsUniqueViolation(e))
                {
                    return Results.StatusCode(400);
                }
                await tx.CommitAsync(context.RequestAborted);
            }
            if (sheet is null) await EnsureSheetAsync(conn, body.WorkspaceId, userId, Monday(today), now);
            return Results.Json(new
            {
                success = true, message = StartMessage,
                data = new
                {
                    message = StartMessage, start_time = now, user_id = userId, user_name = name, user_email = email, contract_id = body.ContractId,
                    project_id = projectId, project_name = projectName, task_id = (long?)null, task_title = (string?)null, activity_description = (string?)null,
                },
                meta = Meta(),
            }, json);
        });

        app.MapPost("/api/v2/time-tracking/stop", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<Body>(json);
            if (body?.UserId is not { } userId) return Results.StatusCode(422);
            await using var conn = await db.OpenAsync(context.RequestAborted);
            if (await AuthorizeAsync(conn, context, body.WorkspaceId, userId) is { } refused) return refused;

            var now = DateTime.UtcNow;
            await using var tx = await conn.BeginTransactionAsync(context.RequestAborted);
            string name, email;
            DateTime startedAt;
            long? contractId, projectId, taskId;
            // The member read and the close in one round trip; the close only while still running, so of concurrent
            // stops one wins.
            await using (var r = await db.ReaderAsync(conn, tx, context.RequestAborted,
                ("""
                 SELECT u."FirstName", u."LastName", u."Email" FROM "Members" m JOIN "Users" u ON u."Id" = m."UserId"
                 WHERE m."WorkspaceId" = $1 AND m."UserId" = $2
                 """, [body.WorkspaceId, userId]),
                ("""
                 UPDATE "TimeEntries" SET "EndedAt" = $3, "UpdatedAt" = $3
                 WHERE "WorkspaceId" = $1 AND "UserId" = $2 AND "EndedAt" IS NULL AND "DeletedAt" IS NULL
                 RETURNING "StartedAt", "ContractId", "ProjectId", "TaskId"
                 """, [body.WorkspaceId, userId, now])))
            {
                if (!await r.ReadAsync()) return Results.StatusCode(404);
                (name, email) = ($"{r.GetString(0)} {r.GetString(1)}".Trim(), r.GetString(2));
                await r.NextResultAsync();
                if (!await r.ReadAsync()) return Results.StatusCode(400);
                startedAt = DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc);
                (contractId, projectId, taskId) = (Long(r, 1), Long(r, 2), Long(r, 3));
            }
            var payload = JsonSerializer.Serialize(new
            {
                user_id = userId, user_name = name, user_email = email, contract_id = contractId, project_id = projectId, task_id = taskId,
                stopped_at = now, duration_minutes = (long)(now - startedAt).TotalMinutes,
            }, json);
            var (outboxSql, outboxArgs) = OutboxInsert(body.WorkspaceId, "tracker.stopped", payload, now);
            await using (var outbox = db.Command(conn, outboxSql, outboxArgs))
            {
                outbox.Transaction = tx;
                await outbox.ExecuteNonQueryAsync(context.RequestAborted);
            }
            await tx.CommitAsync(context.RequestAborted);
            // The start made the sheet of its week; only a tracker running into another week needs one more (judged
            // in UTC here: the bench's trackers run for seconds).
            var startMonday = Monday(DateOnly.FromDateTime(startedAt));
            if (startMonday != Monday(DateOnly.FromDateTime(now)))
                await EnsureSheetAsync(conn, body.WorkspaceId, userId, Monday(DateOnly.FromDateTime(now)), now);
            return Results.Json(new { success = true, message = StopMessage, data = new { message = StopMessage, stopped_at = now }, meta = Meta() }, json);
        });

        app.MapPost("/bare/time-tracking/start", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<Body>(json);
            await using var conn = await db.OpenAsync(context.RequestAborted);
            var now = DateTime.UtcNow;
            await using var insert = db.Command(conn, """
                INSERT INTO "TimeEntries" ("Id", "WorkspaceId", "UserId", "ContractId", "Method", "StartedAt", "CreatedAt", "UpdatedAt")
                VALUES ($1, $2, $3, $4, 'web_tracker', $5, $5, $5)
                """, Guid.NewGuid().ToString(), body!.WorkspaceId, body.UserId!.Value, body.ContractId!.Value, now);
            await insert.ExecuteNonQueryAsync(context.RequestAborted);
            return Results.Json(new { start_time = now }, json);
        });

        app.MapPost("/bare/time-tracking/stop", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<Body>(json);
            await using var conn = await db.OpenAsync(context.RequestAborted);
            var now = DateTime.UtcNow;
            await using var update = db.Command(conn, """
                UPDATE "TimeEntries" SET "EndedAt" = $3, "UpdatedAt" = $3 WHERE "WorkspaceId" = $1 AND "UserId" = $2 AND "EndedAt" IS NULL AND "DeletedAt" IS NULL
                """, body!.WorkspaceId, body.UserId!.Value, now);
            await update.ExecuteNonQueryAsync(context.RequestAborted);
            return Results.Json(new { stopped_at = now }, json);
        });

        /// <summary>PAT and the caller's role in the workspace in one query; null when allowed, else the refusal.</summary>
        async Task<IResult?> AuthorizeAsync(DbConnection conn, HttpContext context, long workspaceId, long userId)
        {
            if (ListBaselines.TokenHash(context) is not { } hash) return Results.StatusCode(401);
            await using var cmd = db.Command(conn, """
                SELECT t."UserId", m."Role" FROM "PersonalAccessTokens" t
                LEFT JOIN "Members" m ON m."UserId" = t."UserId" AND m."WorkspaceId" = $2 AND m."DeletedAt" IS NULL AND m."Status" = 'active'
                     AND NOT m."IsBlocked" AND EXISTS (SELECT 1 FROM "Workspaces" w WHERE w."Id" = m."WorkspaceId" AND NOT w."IsBlocked" AND w."DeletedAt" IS NULL)
                WHERE t."TokenHash" = $1 AND t."RevokedAt" IS NULL AND t."ExpiresAt" > $3
                """, hash, workspaceId, DateTime.UtcNow);
            await using var r = await cmd.ExecuteReaderAsync(context.RequestAborted);
            if (!await r.ReadAsync()) return Results.StatusCode(401);
            if (r.IsDBNull(1)) return Results.StatusCode(403);
            return r.GetInt64(0) == userId || r.GetString(1) is "Owner" or "Executive manager" ? null : Results.StatusCode(403);
        }

        async Task EnsureSheetAsync(DbConnection conn, long workspaceId, long userId, DateOnly monday, DateTime now)
        {
            await using var cmd = db.Command(conn, """
                INSERT INTO "Timesheets" ("Id", "WorkspaceId", "UserId", "DateFrom", "DateTo", "Status", "Version", "CreatedAt", "UpdatedAt")
                VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $7) ON CONFLICT DO NOTHING
                """, Guid.NewGuid().ToString(), workspaceId, userId, monday, monday.AddDays(6), Guid.NewGuid(), now);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static (string, object?[]) OutboxInsert(long workspaceId, string type, string payload, DateTime now) => ("""
        INSERT INTO "OutboxEvents" ("Id", "WorkspaceId", "EventType", "PayloadJson", "OccurredAt") VALUES ($1, $2, $3, $4, $5)
        """, [Guid.NewGuid().ToString(), workspaceId, type, payload, now]);

    private static long? Long(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static object Meta() => new
    {
        api_version = "2.0.0", timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };
}
