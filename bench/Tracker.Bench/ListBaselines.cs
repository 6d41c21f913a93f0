using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tracker.Bench;

/// <summary>The caller as the baselines' one auth query finds them: PAT owner and their membership of the workspace.</summary>
public sealed record Caller(long UserId, string Role, bool CanSeeRates, long OwnerId, string? SystemZone)
{
    public bool IsAdmin => Role is "Owner" or "Executive manager";
}

/// <summary>
/// Baselines (a) of the lists, on the same paths as the API: each does by hand what the endpoint does — the PAT and
/// the caller's membership and role in one query, the endpoint's own checks, a count and a page query, the same
/// JSON — with plain ADO.NET on either provider. The bench calls as the workspace owner; a caller the endpoint would
/// narrow to their own rows (not an admin) is refused here with 403 rather than served a second, unmeasured query.
/// </summary>
public static class ListBaselines
{
    public static void Map(WebApplication app, BenchDb db)
    {
        app.MapGet("/api/v2/members", ctx => Page(ctx, db, null, caller => (
            """FROM "Members" m JOIN "Users" u ON u."Id" = m."UserId" WHERE m."WorkspaceId" = $1 AND m."DeletedAt" IS NULL""",
            """
            SELECT u."Id", u."Email", coalesce(m."InvitedFirstName", u."FirstName"), coalesce(m."InvitedLastName", u."LastName"),
                   CASE WHEN m."InvitedFirstName" IS NULL THEN u."Avatar" END, m."Role",
                   CASE WHEN m."InvitedFirstName" IS NULL THEN u."Timezone" END, m."Status", m."TeamName", m."Title", m."Rate", m."RateType",
                   m."RateStatus", m."WeeklyHoursLimit", m."Screenshots", m."IsBlocked", m."CreatedAt", m."UpdatedAt", m."DeletedAt"
            """, "ORDER BY m.\"UserId\"", [Workspace(ctx)]),
            (w, r, caller) =>
            {
                w.Long("id", r, 0); w.Str("email", r, 1); w.Str("firstname", r, 2); w.Str("lastname", r, 3); w.Str("avatar", r, 4);
                w.Str("current_role", r, 5); w.Str("timezone", r, 6); w.Str("status", r, 7); w.Str("team_name", r, 8); w.Str("title", r, 9);
                if (caller.CanSeeRates) { w.Dec("rate", r, 10); w.Str("rate_type", r, 11); }
                w.Int("rate_status", r, 12); w.Int("weekly_hours_limit", r, 13); w.Str("screenshots", r, 14); w.Bool("is_blocked", r, 15);
                w.Instant("created_at", r, 16); w.Instant("updated_at", r, 17); w.Instant("deleted_at", r, 18);
            }));

        app.MapGet("/api/v2/projects", ctx => Page(ctx, db, "Projects retrieved successfully", caller => (
            """FROM "Projects" p WHERE p."WorkspaceId" = $1 AND p."DeletedAt" IS NULL""",
            $"""
            SELECT p."Id", p."Name", p."StartDate", p."Deadline", p."Estimation", p."BudgetEstimation", p."Notes", p."Icon", p."IsBillable",
                   p."Rate", p."WeeklyHoursLimit", p."Screenshots",
                   {db.Sql(
                       """coalesce((SELECT json_agg(json_build_object('id', t."Id", 'name', t."Name", 'color', t."Color") ORDER BY t."Id") FROM "ProjectTags" t WHERE t."ProjectId" = p."Id")::text, '[]')""",
                       """coalesce((SELECT json_group_array(json_object('id', t."Id", 'name', t."Name", 'color', t."Color")) FROM (SELECT * FROM "ProjectTags" t WHERE t."ProjectId" = p."Id" ORDER BY t."Id") t), '[]')""")},
                   (SELECT count(*) FROM "Contracts" c WHERE c."ProjectId" = p."Id" AND c."DeletedAt" IS NULL AND c."Status" = 'active'),
                   p."Status", p."CreatedAt", p."UpdatedAt", p."DeletedAt"
            """, "ORDER BY p.\"Id\"", [Workspace(ctx)]),
            (w, r, caller) =>
            {
                w.Long("id", r, 0); w.Str("name", r, 1); w.WriteNumber("owner_id", caller.OwnerId); w.Date("start_date", r, 2); w.Date("deadline", r, 3);
                w.Dec("estimation", r, 4); w.Dec("budget_estimation", r, 5); w.Str("notes", r, 6); w.Str("icon", r, 7); w.Bool("is_billable", r, 8);
                if (caller.CanSeeRates) w.Dec("rate", r, 9);
                w.Int("weekly_hours_limit", r, 10); w.Str("screenshots", r, 11);
                w.WritePropertyName("tags"); w.WriteRawValue(r.GetString(12));
                w.WriteNumber("contracts_count", r.GetInt64(13)); w.Int("status", r, 14);
                w.Instant("created_at", r, 15); w.Instant("updated_at", r, 16); w.Instant("deleted_at", r, 17);
            }));

        app.MapGet("/api/v2/tasks", async ctx =>
        {
            // The project must be live in the workspace (and visible: every project is, to an admin).
            var projectId = long.Parse(ctx.Request.Query["project_id"]!, CultureInfo.InvariantCulture);
            await Page(ctx, db, "Tasks retrieved successfully", caller => (
                """FROM "Tasks" t WHERE t."WorkspaceId" = $1 AND t."ProjectId" = $2 AND t."DeletedAt" IS NULL""",
                $"""
                SELECT t."Id", t."Title", t."Description", t."ProjectId", t."CreatorId", t."ParentId", t."Status", t."Priority", t."StartDate",
                       t."EndDate", t."CompletedAt",
                       {db.Sql(
                           """coalesce((SELECT json_agg(json_build_object('id', a."UserId", 'firstname', coalesce(m."InvitedFirstName", u."FirstName"), 'lastname', coalesce(m."InvitedLastName", u."LastName"), 'email', u."Email") ORDER BY a."UserId") FROM "TaskAssignees" a JOIN "Members" m ON m."UserId" = a."UserId" AND m."WorkspaceId" = $1 JOIN "Users" u ON u."Id" = a."UserId" WHERE a."TaskId" = t."Id")::text, '[]')""",
                           """coalesce((SELECT json_group_array(json_object('id', x."UserId", 'firstname', x.f, 'lastname', x.l, 'email', x."Email")) FROM (SELECT a."UserId", coalesce(m."InvitedFirstName", u."FirstName") AS f, coalesce(m."InvitedLastName", u."LastName") AS l, u."Email" FROM "TaskAssignees" a JOIN "Members" m ON m."UserId" = a."UserId" AND m."WorkspaceId" = $1 JOIN "Users" u ON u."Id" = a."UserId" WHERE a."TaskId" = t."Id" ORDER BY a."UserId") x), '[]')""")},
                       t."CreatedAt", t."UpdatedAt", t."DeletedAt"
                """, "ORDER BY t.\"Id\"", [Workspace(ctx), projectId]),
                (w, r, caller) =>
                {
                    w.Long("id", r, 0); w.Str("title", r, 1); w.Str("description", r, 2); w.Long("project_id", r, 3); w.WriteNumber("owner_id", caller.OwnerId);
                    w.Long("creator_id", r, 4); w.Long("parent_id", r, 5); w.Int("status", r, 6); w.Int("priority", r, 7); w.Date("start_date", r, 8);
                    w.Date("end_date", r, 9); w.Instant("completed_at", r, 10); w.WritePropertyName("assignees"); w.WriteRawValue(r.GetString(11));
                    w.WriteBoolean("has_details", !r.IsDBNull(2) && r.GetString(2) != "");
                    w.Instant("created_at", r, 12); w.Instant("updated_at", r, 13); w.Instant("deleted_at", r, 14);
                    var status = r.GetInt32(6);
                    w.WriteString("status_name", status switch { 0 => "Open", 10 => "In Progress", 20 => "Done", 30 => "Closed", _ => null });
                    w.WriteString("status_color", status switch { 0 => "#9E9E9E", 10 => "#2196F3", 20 => "#4CAF50", 30 => "#607D8B", _ => null });
                    w.WriteString("priority_name", r.IsDBNull(7) ? null : r.GetInt32(7) switch { 10 => "Urgent", 20 => "High", 30 => "Normal", 40 => "Low", _ => null });
                },
                precheck: async (conn, caller) => await db.ScalarAsync<long?>(conn,
                    """SELECT p."Id" FROM "Projects" p WHERE p."Id" = $1 AND p."WorkspaceId" = $2 AND p."DeletedAt" IS NULL""", projectId, Workspace(ctx)) is null ? 404 : null);
        });

        app.MapGet("/api/v2/contracts", ctx => Page(ctx, db, "Contracts retrieved successfully", caller => (
            """
            FROM "Contracts" c JOIN "Projects" p ON p."Id" = c."ProjectId"
            JOIN "Members" m ON m."WorkspaceId" = c."WorkspaceId" AND m."UserId" = c."UserId" JOIN "Users" u ON u."Id" = c."UserId"
            WHERE c."WorkspaceId" = $1 AND c."DeletedAt" IS NULL AND p."DeletedAt" IS NULL
            """,
            """
            SELECT c."Id", c."ProjectId", p."Name", p."Icon", c."UserId", coalesce(m."InvitedFirstName", u."FirstName"),
                   coalesce(m."InvitedLastName", u."LastName"), u."Email", m."Role", c."WeeklyHoursLimit", c."Screenshots",
                   p."IsBillable", c."Rate", c."RateType", c."Currency", c."Status", c."CreatedAt", c."UpdatedAt", c."DeletedAt"
            """, "ORDER BY c.\"Id\"", [Workspace(ctx)]),
            (w, r, caller) =>
            {
                w.Long("id", r, 0); w.WriteNull("contract_name"); w.Long("project_id", r, 1); w.Str("project_name", r, 2); w.Str("project_icon", r, 3);
                w.Long("user_id", r, 4); w.Str("user_firstname", r, 5); w.Str("user_lastname", r, 6); w.Str("user_email", r, 7); w.Str("user_role", r, 8);
                w.Int("weekly_hours_limit", r, 9); w.Str("screenshots", r, 10);
                if (caller.CanSeeRates)
                {
                    var billable = r.GetBoolean(11);
                    if (billable) { w.Dec("rate", r, 12); w.Int("rate_type", r, 13); w.Str("currency", r, 14); }
                    else { w.WriteNull("rate"); w.WriteNull("rate_type"); w.WriteNull("currency"); }
                }
                w.Str("status", r, 15); w.Instant("created_at", r, 16); w.Instant("updated_at", r, 17); w.Instant("deleted_at", r, 18);
                w.WriteString("screenshots_label", ScreenshotLabel(r.IsDBNull(10) ? null : r.GetString(10)));
            }, topLevelPagination: true));

        app.MapGet("/api/v2/time-requests", ctx =>
        {
            var from = DateOnly.Parse(ctx.Request.Query["date_from"]!, CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var to = DateOnly.Parse(ctx.Request.Query["date_to"]!, CultureInfo.InvariantCulture).AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return Page(ctx, db, "Time requests retrieved successfully", caller => (
                """FROM "TimeRequests" r WHERE r."WorkspaceId" = $1 AND r."Start" < $2 AND r."End" > $3""",
                """
                SELECT r."Id", r."UserId", r."ContractId", r."ProjectId", r."TaskId", r."Start", r."End", r."Status", r."Notes", r."Comment",
                       r."UpdatedBy", r."TimeEntryId", r."CreatedAt", r."UpdatedAt"
                """, "ORDER BY r.\"Start\" DESC, r.\"Id\"", [Workspace(ctx), to, from]),
                (w, r, _) =>
                {
                    w.Str("id", r, 0); w.Long("user_id", r, 1); w.Long("contract_id", r, 2); w.Long("project_id", r, 3); w.Long("task_id", r, 4);
                    w.Instant("start", r, 5); w.Instant("end", r, 6); w.Str("status", r, 7); w.Str("notes", r, 8); w.Str("activity_description", r, 8);
                    w.Str("comment", r, 9); w.Long("updated_by", r, 10); w.Str("time_entry_id", r, 11); w.Instant("created_at", r, 12); w.Instant("updated_at", r, 13);
                });
        });

        app.MapGet("/api/v2/leaves", ctx => Page(ctx, db, null, caller => (
            """FROM "LeaveRequests" l JOIN "LeavePolicies" p ON p."Id" = l."PolicyId" WHERE l."WorkspaceId" = $1""",
            """
            SELECT l."Id", l."UserId", l."Status", l."Note", p."IsPaid", l."CreatedBy", l."ApprovedBy", l."RejectedBy", l."RejectReason",
                   l."StartDate", l."EndDate", l."CreatedAt", l."TimeZone", l."Days", l."Hours", l."PolicyId", p."Name", l."LeavePeriod",
                   l."StartTime", l."EndTime", l."UpdatedAt"
            """, "ORDER BY l.\"StartDate\" DESC, l.\"CreatedAt\" DESC, l.\"Id\"", [Workspace(ctx)]),
            (w, r, _) =>
            {
                w.Str("id", r, 0); w.Long("user_id", r, 1); w.Str("status", r, 2); w.Str("note", r, 3); w.WriteString("is_paid", r.GetBoolean(4) ? "yes" : "no");
                w.Long("created_by", r, 5); w.Long("approved_by", r, 6); w.Long("rejected_by", r, 7); w.Str("reject_reason", r, 8);
                w.Date("start_date", r, 9); w.Date("end_date", r, 10);
                w.WriteString("created_on", LocalDate(r.GetDateTime(11), r.GetString(12), null).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteStartObject("total");
                w.WriteString("days", r.GetDecimal(13).ToString("0.###", CultureInfo.InvariantCulture));
                w.WriteString("hours", r.GetDecimal(14).ToString("0.###", CultureInfo.InvariantCulture));
                w.WriteEndObject();
                w.Long("policy_id", r, 15); w.Str("policy_name", r, 16); w.Int("leave_period", r, 17);
                w.WriteString("start_time", r.IsDBNull(18) ? null : r.GetFieldValue<TimeOnly>(18).ToString("HH:mm", CultureInfo.InvariantCulture));
                w.WriteString("end_time", r.IsDBNull(19) ? null : r.GetFieldValue<TimeOnly>(19).ToString("HH:mm", CultureInfo.InvariantCulture));
                w.Instant("updated_at", r, 20);
            }));

        app.MapGet("/api/v2/expenses", ctx => Page(ctx, db, null, caller => (
            """
            FROM "Expenses" e JOIN "Members" m ON m."WorkspaceId" = e."WorkspaceId" AND m."UserId" = e."UserId" JOIN "Users" u ON u."Id" = e."UserId"
            JOIN "ExpenseCategories" c ON c."Id" = e."CategoryId" LEFT JOIN "Projects" p ON p."Id" = e."ProjectId"
            WHERE e."WorkspaceId" = $1 AND e."DeletedAt" IS NULL
            """,
            """
            SELECT e."Id", e."UserId", coalesce(m."InvitedFirstName", u."FirstName") || ' ' || coalesce(m."InvitedLastName", u."LastName"),
                   CASE WHEN m."InvitedFirstName" IS NULL THEN u."Timezone" END, e."Date", e."Name", e."ProjectId", p."Name", e."CategoryId",
                   c."Name", e."Amount", e."Currency", e."Note", e."IsBillable", e."CreatedAt", e."UpdatedAt", e."DeletedAt"
            """, "ORDER BY e.\"Date\" DESC, e.\"CreatedAt\" DESC, e.\"Id\"", [Workspace(ctx)]),
            (w, r, caller) =>
            {
                var date = r.GetFieldValue<DateOnly>(4);
                w.Str("id", r, 0); w.Long("user_id", r, 1); w.Str("member", r, 2); w.WriteString("expense_date", Display(date));
                w.Date("date", r, 4); w.Str("expense_name", r, 5); w.Long("project_id", r, 6); w.Str("project", r, 7); w.Str("category_id", r, 8);
                w.Str("category", r, 9); w.WriteNumber("amount", r.GetDecimal(10) / 1.000000000000000000000000000000000m); w.Str("currency", r, 11);
                w.Str("note", r, 12); w.WriteString("type", r.GetBoolean(13) ? "billable" : "non-billable");
                w.WriteString("added_dte", Display(LocalDate(r.GetDateTime(14), caller.SystemZone, r.IsDBNull(3) ? null : r.GetString(3))));
                w.Instant("updated_at", r, 15); w.Instant("deleted_at", r, 16);
            }));

        app.MapGet("/api/v2/workspaces", async ctx =>
        {
            await using var conn = await db.OpenAsync(ctx.RequestAborted);
            if (await TokenUserAsync(db, conn, ctx) is not { } userId) { ctx.Response.StatusCode = 401; return; }
            var paging = Paging.From(ctx.Request);
            const string from = """
                FROM "Members" m JOIN "Workspaces" w ON w."Id" = m."WorkspaceId"
                WHERE m."UserId" = $1 AND m."DeletedAt" IS NULL AND NOT w."IsBlocked" AND w."DeletedAt" IS NULL
                """;
            await WriteAsync(ctx, db, conn, null, paging, "SELECT count(*) " + from,
                """SELECT m."WorkspaceId", w."OwnerId", m."UserId", w."Name", m."Role", m."Status", w."CreatedAt", w."ActivatedAt" """,
                from + """ ORDER BY m."WorkspaceId" """, [userId], (w, r) =>
                {
                    w.Long("id", r, 0); w.Long("owner_id", r, 1); w.Long("user_id", r, 2); w.Str("workspace_name", r, 3); w.Str("role", r, 4);
                    w.Str("status", r, 5); w.Instant("created_at", r, 6);
                    w.WriteString("activated_at", DateTime.SpecifyKind(r.GetDateTime(7), DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                }, false);
        });

        app.MapGet("/api/v2/time-entries", async ctx =>
        {
            var workspaceId = Workspace(ctx);
            await using var conn = await db.OpenAsync(ctx.RequestAborted);
            var caller = await AuthorizeAsync(db, conn, ctx, workspaceId);
            if (caller is null) return;
            var userId = long.Parse(ctx.Request.Query["user_id"]!, CultureInfo.InvariantCulture);
            var day = DateOnly.Parse(ctx.Request.Query["date"]!, CultureInfo.InvariantCulture);
            if (userId != caller.UserId && !caller.IsAdmin) { ctx.Response.StatusCode = 403; return; }
            // The member and their zone (the workspace's system zone first).
            string? zoneId = null;
            var found = false;
            await using (var cmd = db.Command(conn, """
                SELECT u."Timezone", m."InvitedFirstName" FROM "Members" m JOIN "Users" u ON u."Id" = m."UserId"
                WHERE m."WorkspaceId" = $1 AND m."UserId" = $2 AND m."DeletedAt" IS NULL
                """, workspaceId, userId))
            await using (var r = await cmd.ExecuteReaderAsync(ctx.RequestAborted))
                if (await r.ReadAsync()) (found, zoneId) = (true, r.IsDBNull(1) && !r.IsDBNull(0) ? r.GetString(0) : null);
            if (!found) { ctx.Response.StatusCode = 404; return; }
            var zone = Zone(caller.SystemZone, zoneId);
            var (dayStart, dayEnd) = (DayStartUtc(zone, day), DayStartUtc(zone, day.AddDays(1)));
            var now = DateTime.UtcNow;
            // Entries started from the day's midnight − 24 h by index range, older ones only if running or longer than a
            // day (their partial index), as the server reads them: not the member's whole history before the day.
            var longEntry = db.Sql("""("EndedAt" IS NULL OR "EndedAt" - "StartedAt" > interval '24 hours')""",
                """("EndedAt" IS NULL OR julianday("EndedAt") - julianday("StartedAt") > 1.0)""");
            var from = $"""
                FROM (SELECT * FROM "TimeEntries" WHERE "WorkspaceId" = $1 AND "UserId" = $2 AND "StartedAt" >= $5 AND "StartedAt" < $3
                      UNION ALL SELECT * FROM "TimeEntries" WHERE "WorkspaceId" = $1 AND "UserId" = $2 AND "StartedAt" < $5 AND {longEntry}) e
                WHERE e."DeletedAt" IS NULL AND e."StartedAt" < $3 AND (e."EndedAt" IS NULL OR e."EndedAt" > $4)
                """;
            await WriteAsync(ctx, db, conn, "Time entries retrieved successfully", Paging.From(ctx.Request), "SELECT count(*) " + from,
                """
                SELECT e."Id", e."UserId", e."ContractId", e."ProjectId", p."Name", e."TaskId", t."Title", e."ActivityDescription", e."Method",
                       e."StartedAt", e."EndedAt", e."UpdatedAt", e."DeletedAt"
                """, "FROM (SELECT * " + from + """
                ) e LEFT JOIN "Projects" p ON p."Id" = e."ProjectId" LEFT JOIN "Tasks" t ON t."Id" = e."TaskId" ORDER BY e."StartedAt", e."Id"
                """, [workspaceId, userId, dayEnd, dayStart, dayStart.AddDays(-1)], (w, r) =>
                {
                    var start = DateTime.SpecifyKind(r.GetDateTime(9), DateTimeKind.Utc);
                    DateTime? ended = r.IsDBNull(10) ? null : DateTime.SpecifyKind(r.GetDateTime(10), DateTimeKind.Utc);
                    var end = ended ?? (now > start ? now : start);
                    var seconds = (long)(end - start).TotalSeconds;
                    w.Str("id", r, 0); w.Long("user_id", r, 1); w.Long("contract_id", r, 2); w.Long("project_id", r, 3); w.Str("project_name", r, 4);
                    w.Long("task_id", r, 5); w.Str("task_title", r, 6); w.Str("activity_description", r, 7); w.Str("method", r, 8);
                    w.WriteString("date", DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(start, zone)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    w.Instant("start_time", r, 9); w.Instant("end_time", r, 10);
                    w.WriteNumber("duration_minutes", seconds / 60); w.WriteNumber("duration_seconds", seconds);
                    w.Instant("updated_at", r, 11); w.Instant("deleted_at", r, 12);
                }, false);
        });
    }

    public static long Workspace(HttpContext ctx) => long.Parse(ctx.Request.Query["workspace_id"]!, CultureInfo.InvariantCulture);

    /// <summary>One list: auth and role, an optional check, then the count and the page (FROM/WHERE shared by both).</summary>
    private static async Task Page(HttpContext ctx, BenchDb db, string? message,
        Func<Caller, (string From, string Select, string OrderBy, object?[] Args)> query, Action<Utf8JsonWriter, DbDataReader, Caller> row,
        bool topLevelPagination = false, Func<DbConnection, Caller, Task<int?>>? precheck = null)
    {
        await using var conn = await db.OpenAsync(ctx.RequestAborted);
        var caller = await AuthorizeAsync(db, conn, ctx, Workspace(ctx));
        if (caller is null) return;
        if (!caller.IsAdmin) { ctx.Response.StatusCode = 403; return; }
        if (precheck is not null && await precheck(conn, caller) is { } refused) { ctx.Response.StatusCode = refused; return; }
        var (from, select, orderBy, args) = query(caller);
        await WriteAsync(ctx, db, conn, message, Paging.From(ctx.Request), "SELECT count(*) " + from, select, from + " " + orderBy, args,
            (w, r) => row(w, r, caller), topLevelPagination);
    }

    /// <summary>
    /// The page with the total riding on each row as an uncorrelated sub-query (evaluated once): one round trip, as the
    /// server reads a page. Only an empty page past the first counts on its own. The total is the last column.
    /// </summary>
    private static async Task WriteAsync(HttpContext ctx, BenchDb db, DbConnection conn, string? message, Paging paging, string countSql,
        string select, string rest, object?[] args, Action<Utf8JsonWriter, DbDataReader> row, bool topLevelPagination)
    {
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await using var w = new Utf8JsonWriter(ctx.Response.BodyWriter);
        w.WriteStartObject();
        w.WriteBoolean("success", true);
        if (message is not null) w.WriteString("message", message);
        w.WriteStartArray("data");
        var n = args.Length;
        var counted = $"{select}, ({countSql}) {rest} LIMIT ${n + 1} OFFSET ${n + 2}";
        await using (var cmd = db.Command(conn, counted, [.. args, paging.PerPage, paging.Offset]))
        await using (var r = await cmd.ExecuteReaderAsync(ctx.RequestAborted))
        {
            while (await r.ReadAsync(ctx.RequestAborted))
            {
                if (paging.Count == 0) paging.Total = r.GetInt64(r.FieldCount - 1);
                w.WriteStartObject();
                row(w, r);
                w.WriteEndObject();
                paging.Count++;
            }
        }
        if (paging.Count == 0 && paging.Page > 1) paging.Total = await db.ScalarAsync<long>(conn, countSql, args);
        w.WriteEndArray();
        w.Meta(paging);
        if (topLevelPagination) w.Pagination("pagination", paging);
        w.WriteEndObject();
        await w.FlushAsync(ctx.RequestAborted);
    }

    /// <summary>The PAT's owner and their granting membership of the workspace in one query; null after writing 401/403.</summary>
    public static async Task<Caller?> AuthorizeAsync(BenchDb db, DbConnection conn, HttpContext ctx, long workspaceId)
    {
        var hash = TokenHash(ctx);
        if (hash is null) { ctx.Response.StatusCode = 401; return null; }
        await using var cmd = db.Command(conn, """
            SELECT t."UserId", m."Role", m."RateStatus", w."OwnerId", w."SystemTimezone" FROM "PersonalAccessTokens" t
            LEFT JOIN "Members" m ON m."UserId" = t."UserId" AND m."WorkspaceId" = $2 AND m."DeletedAt" IS NULL AND m."Status" = 'active' AND NOT m."IsBlocked"
            LEFT JOIN "Workspaces" w ON w."Id" = m."WorkspaceId" AND NOT w."IsBlocked" AND w."DeletedAt" IS NULL
            WHERE t."TokenHash" = $1 AND t."RevokedAt" IS NULL AND t."ExpiresAt" > $3
            """, hash, workspaceId, DateTime.UtcNow);
        await using var r = await cmd.ExecuteReaderAsync(ctx.RequestAborted);
        if (!await r.ReadAsync(ctx.RequestAborted)) { ctx.Response.StatusCode = 401; return null; }
        if (r.IsDBNull(1) || r.IsDBNull(3)) { ctx.Response.StatusCode = 403; return null; }
        var role = r.GetString(1);
        return new Caller(r.GetInt64(0), role, role == "Owner" || r.GetInt32(2) == 1, r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4));
    }

    private static async Task<long?> TokenUserAsync(BenchDb db, DbConnection conn, HttpContext ctx) =>
        TokenHash(ctx) is { } hash
            ? await db.ScalarAsync<long?>(conn, """SELECT "UserId" FROM "PersonalAccessTokens" WHERE "TokenHash" = $1 AND "RevokedAt" IS NULL AND "ExpiresAt" > $2""", hash, DateTime.UtcNow)
            : null;

    public static string? TokenHash(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(header[7..].Trim())))
            : null;
    }

    public static TimeZoneInfo Zone(string? first, string? second)
    {
        foreach (var id in new[] { first, second })
            if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz)) return tz;
        return TimeZoneInfo.Utc;
    }

    /// <summary>The first existing local time of the day, half-hour steps past a DST gap, in UTC (as the server's MemberZone).</summary>
    public static DateTime DayStartUtc(TimeZoneInfo zone, DateOnly day)
    {
        for (var minutes = 0; ; minutes += 30)
        {
            var local = day.ToDateTime(TimeOnly.MinValue).AddMinutes(minutes);
            if (zone.IsInvalidTime(local)) continue;
            if (zone.IsAmbiguousTime(local))
            {
                var offsets = zone.GetAmbiguousTimeOffsets(local);
                return DateTime.SpecifyKind(local - offsets.Max(), DateTimeKind.Utc);
            }
            return TimeZoneInfo.ConvertTimeToUtc(local, zone);
        }
    }

    private static DateOnly LocalDate(DateTime utc, string? first, string? second) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(first, second)));

    private static string Display(DateOnly date) => date.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);

    private static string? ScreenshotLabel(string? mode) => mode switch
    {
        "full" => "Screenshot on", "blurred" => "Blurred screenshots", "no_preview" => "Screenshots without preview",
        "no_screenshot" => "Screenshot off", "background_blurred" => "Blurred screenshots without preview", "video_full" => "Video on",
        "video_blurred" => "Blurred video", "video_full_silent" => "Video without preview", "video_blurred_silent" => "Blurred video without preview",
        _ => null,
    };
}
