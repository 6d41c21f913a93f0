using System.Globalization;
using System.Text.Json;

namespace Tracker.Bench;

/// <summary>
/// Baseline (a) of <c>GET /reports/tracked-hours</c> for a date range: auth and membership in one query, then the
/// workspace's members with their zones and rates, its contracts' and projects' rates and names, and the entries that
/// touch the range (one index range, plus the rare running or longer-than-a-day ones); each entry's time is cut at its
/// member's local midnights and summed per day, member, project and contract in memory, and the same JSON is written,
/// amounts included (the bench's caller, the owner, sees rates).
/// </summary>
public static class ReportBaseline
{
    private sealed record Member(string Name, int Zone, decimal? Rate);
    private sealed record ContractTerms(decimal? Rate, int? RateType, string? Currency);

    public static void Map(WebApplication app, BenchDb db)
    {
        app.MapGet("/api/v2/reports/tracked-hours", async ctx =>
        {
            var workspaceId = ListBaselines.Workspace(ctx);
            var from = DateOnly.Parse(ctx.Request.Query["start_date"]!, CultureInfo.InvariantCulture);
            var to = DateOnly.Parse(ctx.Request.Query["end_date"]!, CultureInfo.InvariantCulture);
            await using var conn = await db.OpenAsync(ctx.RequestAborted);
            var caller = await ListBaselines.AuthorizeAsync(db, conn, ctx, workspaceId);
            if (caller is null) return;
            if (!caller.IsAdmin) { ctx.Response.StatusCode = 403; return; }
            var now = DateTime.UtcNow;
            var dayCount = to.DayNumber - from.DayNumber + 1;

            // Members, each with the index of their zone's day bounds.
            var members = new Dictionary<long, Member>();
            var zones = new List<DateTime[]>();
            var zoneIndex = new Dictionary<string, int>();
            await using (var cmd = db.Command(conn, """
                SELECT m."UserId", coalesce(m."InvitedFirstName", u."FirstName"), coalesce(m."InvitedLastName", u."LastName"),
                       CASE WHEN m."InvitedFirstName" IS NULL THEN u."Timezone" END, m."Rate"
                FROM "Members" m JOIN "Users" u ON u."Id" = m."UserId" WHERE m."WorkspaceId" = $1 AND m."DeletedAt" IS NULL
                """, workspaceId))
            await using (var r = await cmd.ExecuteReaderAsync(ctx.RequestAborted))
            {
                while (await r.ReadAsync(ctx.RequestAborted))
                {
                    var zone = ListBaselines.Zone(caller.SystemZone ?? (r.IsDBNull(3) ? null : r.GetString(3)), null);
                    if (!zoneIndex.TryGetValue(zone.Id, out var z))
                    {
                        zoneIndex[zone.Id] = z = zones.Count;
                        zones.Add([.. Enumerable.Range(0, dayCount + 1).Select(i => ListBaselines.DayStartUtc(zone, from.AddDays(i)))]);
                    }
                    members[r.GetInt64(0)] = new Member($"{r.GetString(1)} {r.GetString(2)}".Trim(), z, r.IsDBNull(4) ? null : r.GetDecimal(4));
                }
            }
            var projects = new Dictionary<long, (string Name, decimal? Rate)>();
            await using (var cmd = db.Command(conn, """SELECT "Id", "Name", "Rate" FROM "Projects" WHERE "WorkspaceId" = $1""", workspaceId))
            await using (var r = await cmd.ExecuteReaderAsync(ctx.RequestAborted))
                while (await r.ReadAsync(ctx.RequestAborted)) projects[r.GetInt64(0)] = (r.GetString(1), r.IsDBNull(2) ? null : r.GetDecimal(2));
            var contracts = new Dictionary<long, ContractTerms>();
            await using (var cmd = db.Command(conn, """SELECT "Id", "Rate", "RateType", "Currency" FROM "Contracts" WHERE "WorkspaceId" = $1""", workspaceId))
            await using (var r = await cmd.ExecuteReaderAsync(ctx.RequestAborted))
                while (await r.ReadAsync(ctx.RequestAborted))
                    contracts[r.GetInt64(0)] = new(r.IsDBNull(1) ? null : r.GetDecimal(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3));

            var earliest = zones.Count == 0 ? DateTime.MaxValue : zones.Min(b => b[0]);
            var latest = zones.Count == 0 ? DateTime.MinValue : zones.Max(b => b[^1]);
            var buckets = new Dictionary<(int Day, long User, long? Project, long? Contract), double>();
            var longEntry = db.Sql("""("EndedAt" IS NULL OR "EndedAt" - "StartedAt" > interval '1 day')""",
                """("EndedAt" IS NULL OR julianday("EndedAt") - julianday("StartedAt") > 1.0)""");
            await using (var cmd = db.Command(conn, $"""
                SELECT "UserId", "ProjectId", "ContractId", "StartedAt", "EndedAt" FROM "TimeEntries"
                WHERE "WorkspaceId" = $1 AND "DeletedAt" IS NULL AND "StartedAt" >= $2 AND "StartedAt" < $3 AND COALESCE("EndedAt", $5) > $4
                UNION ALL
                SELECT "UserId", "ProjectId", "ContractId", "StartedAt", "EndedAt" FROM "TimeEntries"
                WHERE "WorkspaceId" = $1 AND "DeletedAt" IS NULL AND "StartedAt" < $2 AND {longEntry} AND COALESCE("EndedAt", $5) > $4
                """, workspaceId, earliest.AddDays(-1), latest, earliest, now))
            await using (var r = await cmd.ExecuteReaderAsync(ctx.RequestAborted))
            {
                while (await r.ReadAsync(ctx.RequestAborted))
                {
                    if (!members.TryGetValue(r.GetInt64(0), out var member)) continue;
                    var start = DateTime.SpecifyKind(r.GetDateTime(3), DateTimeKind.Utc);
                    var end = r.IsDBNull(4) ? now : DateTime.SpecifyKind(r.GetDateTime(4), DateTimeKind.Utc);
                    var bounds = zones[member.Zone];
                    var i = Array.BinarySearch(bounds, start);
                    i = i >= 0 ? i : Math.Max(0, ~i - 1);
                    for (; i < dayCount && bounds[i] < end; i++)
                    {
                        if (bounds[i + 1] <= start) continue;
                        var seconds = ((end < bounds[i + 1] ? end : bounds[i + 1]) - (start > bounds[i] ? start : bounds[i])).TotalSeconds;
                        var key = (i, r.GetInt64(0), r.IsDBNull(1) ? (long?)null : r.GetInt64(1), r.IsDBNull(2) ? (long?)null : r.GetInt64(2));
                        buckets[key] = buckets.GetValueOrDefault(key) + seconds;
                    }
                }
            }

            var rows = buckets.Select(b => (b.Key, Minutes: (int)Math.Round(b.Value / 60, MidpointRounding.AwayFromZero)))
                .Where(b => b.Minutes > 0).OrderBy(b => b.Key.Day).ThenBy(b => b.Key.User)
                .ThenBy(b => b.Key.Project, Comparer<long?>.Create(Nullable.Compare)).ThenBy(b => b.Key.Contract, Comparer<long?>.Create(Nullable.Compare))
                .Select(b =>
                {
                    var member = members[b.Key.User];
                    var (rate, currency) = Hourly(b.Key.Contract is { } c ? contracts.GetValueOrDefault(c) : null, member.Rate,
                        b.Key.Project is { } p && projects.TryGetValue(p, out var project) ? project.Rate : null);
                    return (b.Key, b.Minutes, Currency: currency, Amount: Math.Round(rate * b.Minutes / 60m, 2, MidpointRounding.AwayFromZero));
                }).ToList();
            var totals = new Dictionary<string, decimal>();
            foreach (var row in rows) totals[row.Currency] = totals.GetValueOrDefault(row.Currency) + row.Amount;

            ctx.Response.ContentType = "application/json; charset=utf-8";
            await using var w = new Utf8JsonWriter(ctx.Response.BodyWriter);
            w.WriteStartObject();
            w.WriteBoolean("success", true);
            w.WriteString("message", "Report retrieved successfully");
            w.WriteStartObject("data");
            w.WriteString("report_type", "tracked_hours");
            w.WriteString("start_date", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("end_date", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteStartObject("total");
            w.WriteNumber("total_minutes", rows.Sum(r => r.Minutes));
            if (caller.CanSeeRates) { w.WriteStartObject("total_amount"); foreach (var (c, a) in totals) w.WriteNumber(c, a); w.WriteEndObject(); }
            w.WriteEndObject();
            w.WriteStartObject("days");
            var next = 0;
            for (var day = 0; day < dayCount; day++)
            {
                w.WriteStartObject(from.AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteStartArray("users");
                for (; next < rows.Count && rows[next].Key.Day == day; next++)
                {
                    var (key, minutes, currency, amount) = rows[next];
                    w.WriteStartObject();
                    w.WriteNumber("user_id", key.User);
                    w.WriteString("user_name", members[key.User].Name);
                    if (key.Project is { } p) w.WriteNumber("project_id", p); else w.WriteNull("project_id");
                    w.WriteString("project_name", key.Project is { } q && projects.TryGetValue(q, out var project) ? project.Name : null);
                    if (key.Contract is { } c) w.WriteNumber("contract_id", c); else w.WriteNull("contract_id");
                    w.WriteNumber("total_minutes", minutes);
                    if (caller.CanSeeRates) { w.WriteStartObject("total_amount"); w.WriteNumber(currency, amount); w.WriteEndObject(); }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                if (w.BytesPending > 32 * 1024) await w.FlushAsync(ctx.RequestAborted);
            }
            w.WriteEndObject();
            w.WriteEndObject();
            w.Meta();
            w.WriteEndObject();
            await w.FlushAsync(ctx.RequestAborted);
        });
    }

    /// <summary>The hourly rate and currency of a row, as the server's rule: the contract's terms, else the member's rate.</summary>
    private static (decimal Rate, string Currency) Hourly(ContractTerms? contract, decimal? memberRate, decimal? projectRate)
    {
        if (contract is null) return (memberRate ?? 0m, "USD");
        var rate = contract.RateType switch { 2 => memberRate, 3 => projectRate, _ => contract.Rate ?? memberRate };
        return (rate ?? 0m, string.IsNullOrWhiteSpace(contract.Currency) ? "USD" : contract.Currency.ToUpperInvariant());
    }
}
