using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Tracker.Bench;

/// <summary>
/// The baselines of POST start/stop, served next to the members baselines (see <see cref="Baselines"/>):
/// (a) <c>/baseline/time-tracking/start|stop</c> does by hand, with raw Npgsql and as few round trips as a careful
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

    public static void Map(WebApplication app, NpgsqlDataSource db, JsonSerializerOptions json)
    {
        app.MapPost("/baseline/time-tracking/start", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<Body>(json);
            if (body?.UserId is not { } userId) return Results.StatusCode(422);
            await using var conn = await db.OpenConnectionAsync(context.RequestAborted);
            if (await AuthorizeAsync(conn, context, body.WorkspaceId, userId) is { } refused) return refused;

            var now = DateTime.UtcNow;
            await using var read = new NpgsqlCommand("""
                SELECT u."FirstName", u."LastName", u."Email", coalesce(w."SystemTimezone", u."Timezone"),
                       c."UserId", c."ProjectId", c."Status", p."Name",
                       array(SELECT t."DateFrom" FROM "Timesheets" t WHERE t."WorkspaceId" = $1 AND t."UserId" = $2
                             AND t."DateFrom" <= $4 AND t."DateTo" >= $5 AND t."Status" IN ('submitted', 'approved')),
                       array(SELECT t."DateFrom" FROM "Timesheets" t WHERE t."WorkspaceId" = $1 AND t."UserId" = $2
                             AND t."DateFrom" <= $4 AND t."DateTo" >= $5)
                FROM "Members" m JOIN "Users" u ON u."Id" = m."UserId" JOIN "Workspaces" w ON w."Id" = m."WorkspaceId"
                LEFT JOIN "Contracts" c ON c."Id" = $3 AND c."WorkspaceId" = $1 AND c."DeletedAt" IS NULL
                LEFT JOIN "Projects" p ON p."Id" = c."ProjectId"
                WHERE m."WorkspaceId" = $1 AND m."UserId" = $2 AND m."DeletedAt" IS NULL
                """, conn);
            // The member's local date is one of these three; the sheets of all three come back, the zone picks.
            var utcDate = DateOnly.FromDateTime(now);
            read.Parameters.Add(new() { Value = body.WorkspaceId });
            read.Parameters.Add(new() { Value = userId });
            read.Parameters.Add(new() { Value = (object?)body.ContractId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            read.Parameters.Add(new() { Value = utcDate.AddDays(1) });
            read.Parameters.Add(new() { Value = utcDate.AddDays(-1) });
            string first, last, email;
            long? projectId;
            string? projectName, zoneId;
            DateOnly[] locked, sheets;
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
                locked = r.GetFieldValue<DateOnly[]>(8);
                sheets = r.GetFieldValue<DateOnly[]>(9);
            }
            var zone = zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var z) ? z : TimeZoneInfo.Utc;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
            var monday = Monday(today);
            if (locked.Contains(monday)) return Results.StatusCode(400);

            var name = $"{first} {last}".Trim();
            var payload = JsonSerializer.Serialize(new
            {
                user_id = userId, user_name = name, user_email = email, contract_id = body.ContractId, project_id = projectId,
                project_name = projectName, task_id = (long?)null, task_title = (string?)null, activity_description = (string?)null, start_time = now,
            }, json);
            await using (var tx = await conn.BeginTransactionAsync(context.RequestAborted))
            {
                await using var batch = new NpgsqlBatch(conn, tx)
                {
                    BatchCommands =
                    {
                        Command("""
                            INSERT INTO "TimeEntries" ("Id", "WorkspaceId", "UserId", "ContractId", "ProjectId", "Method", "StartedAt", "CreatedAt", "UpdatedAt")
                            VALUES ($1, $2, $3, $4, $5, 'web_tracker', $6, $6, $6)
                            """, Guid.NewGuid().ToString(), body.WorkspaceId, userId, (object?)body.ContractId ?? DBNull.Value, (object?)projectId ?? DBNull.Value, now),
                        OutboxInsert(body.WorkspaceId, "tracker.started", payload, now),
                    },
                };
                try
                {
                    await batch.ExecuteNonQueryAsync(context.RequestAborted);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    return Results.StatusCode(400);
                }
                await tx.CommitAsync(context.RequestAborted);
            }
            if (!sheets.Contains(monday)) await EnsureSheetAsync(conn, body.WorkspaceId, userId, monday, now);
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

        app.MapPost("/baseline/time-tracking/stop", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<Body>(json);
            if (body?.UserId is not { } userId) return Results.StatusCode(422);
            await using var conn = await db.OpenConnectionAsync(context.RequestAborted);
            if (await AuthorizeAsync(conn, context, body.WorkspaceId, userId) is { } refused) return refused;

            var now = DateTime.UtcNow;
            await using var tx = await conn.BeginTransactionAsync(context.RequestAborted);
            // The member read and the close in one round trip; the close only while still running, so of concurrent
            // stops one wins.
            await using var close = new NpgsqlBatch(conn, tx)
            {
                BatchCommands =
                {
                    Command("""
                        SELECT u."FirstName", u."LastName", u."Email" FROM "Members" m JOIN "Users" u ON u."Id" = m."UserId"
                        WHERE m."WorkspaceId" = $1 AND m."UserId" = $2
                        """, body.WorkspaceId, userId),
                    Command("""
                        UPDATE "TimeEntries" SET "EndedAt" = $3, "UpdatedAt" = $3
                        WHERE "WorkspaceId" = $1 AND "UserId" = $2 AND "EndedAt" IS NULL
                        RETURNING "StartedAt", "ContractId", "ProjectId", "TaskId"
                        """, body.WorkspaceId, userId, now),
                },
            };
            string name, email;
            DateTime startedAt;
            long? contractId, projectId, taskId;
            await using (var r = await close.ExecuteReaderAsync(context.RequestAborted))
            {
                if (!await r.ReadAsync()) return Results.StatusCode(404);
                (name, email) = ($"{r.GetString(0)} {r.GetString(1)}".Trim(), r.GetString(2));
                await r.NextResultAsync();
                if (!await r.ReadAsync()) return Results.StatusCode(400);
                startedAt = r.GetDateTime(0);
                (contractId, projectId, taskId) = (Long(r, 1), Long(r, 2), Long(r, 3));
            }
            var payload = JsonSerializer.Serialize(new
            {
                user_id = userId, user_name = name, user_email = email, contract_id = contractId, project_id = projectId, task_id = taskId,
                stopped_at = now, duration_minutes = (long)(now - startedAt).TotalMinutes,
            }, json);
            await using (var outbox = new NpgsqlBatch(conn, tx) { BatchCommands = { OutboxInsert(body.WorkspaceId, "tracker.stopped", payload, now) } })
                await outbox.ExecuteNonQueryAsync(context.RequestAborted);
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
            await using var conn = await db.OpenConnectionAsync(context.RequestAborted);
            var now = DateTime.UtcNow;
            await using var insert = Command("""
                INSERT INTO "TimeEntries" ("Id", "WorkspaceId", "UserId", "ContractId", "Method", "StartedAt", "CreatedAt", "UpdatedAt")
                VALUES ($1, $2, $3, $4, 'web_tracker', $5, $5, $5)
                """, Guid.NewGuid().ToString(), body!.WorkspaceId, body.UserId!.Value, body.ContractId!.Value, now).ToCommand(conn);
            await insert.ExecuteNonQueryAsync(context.RequestAborted);
            return Results.Json(new { start_time = now }, json);
        });

        app.MapPost("/bare/time-tracking/stop", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<Body>(json);
            await using var conn = await db.OpenConnectionAsync(context.RequestAborted);
            var now = DateTime.UtcNow;
            await using var update = Command("""
                UPDATE "TimeEntries" SET "EndedAt" = $3, "UpdatedAt" = $3 WHERE "WorkspaceId" = $1 AND "UserId" = $2 AND "EndedAt" IS NULL
                """, body!.WorkspaceId, body.UserId!.Value, now).ToCommand(conn);
            await update.ExecuteNonQueryAsync(context.RequestAborted);
            return Results.Json(new { stopped_at = now }, json);
        });
    }

    /// <summary>PAT and the caller's role in the workspace in one query; null when allowed, else the refusal.</summary>
    private static async Task<IResult?> AuthorizeAsync(NpgsqlConnection conn, HttpContext context, long workspaceId, long userId)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return Results.StatusCode(401);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(header[7..])));
        await using var cmd = Command("""
            SELECT t."UserId", m."Role" FROM "PersonalAccessTokens" t
            LEFT JOIN "Members" m ON m."UserId" = t."UserId" AND m."WorkspaceId" = $2 AND m."DeletedAt" IS NULL AND m."Status" = 'active'
                 AND NOT m."IsBlocked" AND EXISTS (SELECT 1 FROM "Workspaces" w WHERE w."Id" = m."WorkspaceId" AND NOT w."IsBlocked" AND w."DeletedAt" IS NULL)
            WHERE t."TokenHash" = $1 AND t."RevokedAt" IS NULL AND t."ExpiresAt" > now()
            """, hash, workspaceId).ToCommand(conn);
        await using var r = await cmd.ExecuteReaderAsync(context.RequestAborted);
        if (!await r.ReadAsync()) return Results.StatusCode(401);
        if (r.IsDBNull(1)) return Results.StatusCode(403);
        return r.GetInt64(0) == userId || r.GetString(1) is "Owner" or "Executive manager" ? null : Results.StatusCode(403);
    }

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static async Task EnsureSheetAsync(NpgsqlConnection conn, long workspaceId, long userId, DateOnly monday, DateTime now)
    {
        await using var cmd = Command("""
            INSERT INTO "Timesheets" ("Id", "WorkspaceId", "UserId", "DateFrom", "DateTo", "Status", "Version", "CreatedAt", "UpdatedAt")
            VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $7) ON CONFLICT DO NOTHING
            """, Guid.NewGuid().ToString(), workspaceId, userId, monday, monday.AddDays(6), Guid.NewGuid(), now).ToCommand(conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static NpgsqlBatchCommand OutboxInsert(long workspaceId, string type, string payload, DateTime now) => Command("""
        INSERT INTO "OutboxEvents" ("Id", "WorkspaceId", "EventType", "PayloadJson", "OccurredAt") VALUES ($1, $2, $3, $4, $5)
        """, Guid.NewGuid().ToString(), workspaceId, type, payload, now);

    private static NpgsqlBatchCommand Command(string sql, params object[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        return command;
    }

    private static NpgsqlCommand ToCommand(this NpgsqlBatchCommand batchCommand, NpgsqlConnection conn)
    {
        var command = new NpgsqlCommand(batchCommand.CommandText, conn);
        foreach (NpgsqlParameter p in batchCommand.Parameters) command.Parameters.Add(p.Clone());
        return command;
    }

    private static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static object Meta() => new
    {
        api_version = "2.0.0", timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };
}
