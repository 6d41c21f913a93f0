using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace Tracker.Bench;

/// <summary>
/// One realistic workspace, written with binary COPY into the schema the server's migrations created:
/// an owner and <see cref="Members"/> members, <see cref="Projects"/> projects with 10 tasks each, 4 project
/// assignments (contracts) per member, and 8 one-hour entries per member per weekday of 2025 until
/// <c>entries</c> rows exist. Ids are given explicitly; the identity sequences are moved past them afterwards.
/// </summary>
public sealed class Seeder(NpgsqlDataSource db)
{
    public const long WorkspaceId = 1, OwnerId = 1;
    public const string OwnerEmail = "owner@bench.tracker", OwnerPassword = "bench-owner-password";
    public const int Members = 500, Projects = 200, TasksPerProject = 10, ContractsPerMember = 4;
    private static readonly DateTime Created = new(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Roles = ["Executive manager", "Team manager", "Project manager", "Regular User", "Regular User", "Regular User"];
    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London"];

    public static long UserIdOf(int member) => member + 2; // member 0 is user 2; the owner is user 1
    public static long ContractIdOf(int member, int k) => member * ContractsPerMember + k + 1;
    public static long ProjectIdOf(int member, int k) => (member * 7 + k * 53) % Projects + 1;

    public async Task<TimeSpan> SeedAsync(int entries, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        await using var conn = await db.OpenConnectionAsync();
        await CopyUsersAsync(conn);
        await Exec(conn, $"""INSERT INTO "Workspaces" ("Id","Name","OwnerId","IsBlocked","CreatedAt","ActivatedAt") VALUES ({WorkspaceId},'Bench Workspace',{OwnerId},false,'2024-12-01','2024-12-01')""");
        await CopyMembersAsync(conn);
        await CopyProjectsAndTasksAsync(conn);
        await CopyContractsAsync(conn);
        log.WriteLine($"  users, members, projects, tasks, contracts: {clock.Elapsed.TotalSeconds:F1}s");
        var written = await CopyTimeEntriesAsync(conn, entries);
        log.WriteLine($"  {written:N0} time entries: {clock.Elapsed.TotalSeconds:F1}s");
        foreach (var table in new[] { "Users", "Workspaces", "Members", "Projects", "Tasks", "Contracts" })
            await Exec(conn, $"""SELECT setval(pg_get_serial_sequence('"{table}"', 'Id'), (SELECT max("Id") FROM "{table}"))""");
        await SeedListsAsync(db);
        await Exec(conn, "ANALYZE");
        await SetOwnerPasswordAsync(db);
        return clock.Elapsed;
    }

    /// <summary>
    /// What the other lists show, so none is empty: 2 tags per project, 2 assignees per task, 2 leave policies and 2
    /// leave requests per member, 3 expense categories and 4 expenses per member, 2 time requests per member in June
    /// 2025. Also run on a reused database seeded before these lists were measured (it has no leave requests).
    /// </summary>
    public static async Task SeedListsAsync(Npgsql.NpgsqlDataSource db)
    {
        if ((long)(await db.CreateCommand("""SELECT count(*) FROM "LeaveRequests" """).ExecuteScalarAsync())! > 0) return;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        foreach (var sql in ListRows)
            await new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 600 }.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        await Exec(conn, "ANALYZE");
    }

    private static readonly string[] ListRows =
    [
        """
        INSERT INTO "ProjectTags" ("WorkspaceId", "ProjectId", "Name", "Color")
        SELECT 1, p, 'tag ' || k, CASE WHEN k = 1 THEN '#ff0000' END FROM generate_series(1, 200) p, generate_series(1, 2) k
        """,
        """
        INSERT INTO "TaskAssignees" ("TaskId", "UserId", "CreatedAt")
        SELECT t, 2 + ((t * 7 + k * 131) % 500), TIMESTAMPTZ '2024-12-01 00:00+00' FROM generate_series(1, 2000) t, generate_series(1, 2) k
        """,
        """
        INSERT INTO "LeavePolicies" ("WorkspaceId", "Name", "TimeUnit", "Duration", "HoursPerDay", "IsPaid", "AllowNegativeBalance",
            "ReasonRequired", "ApplyToFutureMembers", "CreatedAt", "UpdatedAt")
        VALUES (1, 'Vacation', 'days', 20, 8, true, false, false, true, '2024-12-01', '2024-12-01'),
               (1, 'Sick leave', 'days', 10, 8, false, false, false, true, '2024-12-01', '2024-12-01')
        """,
        """
        INSERT INTO "LeaveRequests" ("Id", "WorkspaceId", "UserId", "PolicyId", "Status", "Note", "StartDate", "EndDate", "LeavePeriod",
            "TimeZone", "StartsAt", "EndsAt", "Days", "Hours", "CreatedBy", "ApprovedBy", "CreatedAt", "UpdatedAt")
        SELECT gen_random_uuid()::text, 1, u, (SELECT min("Id") FROM "LeavePolicies") + k - 1, CASE WHEN k = 1 THEN 'approved' ELSE 'pending' END,
               CASE WHEN k = 2 THEN 'Family visit' END, d, d + 1, 1, 'Europe/Berlin', d::timestamp AT TIME ZONE 'UTC',
               (d + 2)::timestamp AT TIME ZONE 'UTC', 2, 16, u, CASE WHEN k = 1 THEN 1 END, ts, ts
        FROM generate_series(2, 501) u, generate_series(1, 2) k,
             LATERAL (SELECT DATE '2025-07-01' + ((u * 3 + k * 17) % 60) AS d, TIMESTAMPTZ '2025-05-01 22:30+00' + u * interval '13 minutes' AS ts) x
        """,
        """
        INSERT INTO "ExpenseCategories" ("Id", "WorkspaceId", "Name", "CreatedAt")
        VALUES ('bench-travel', 1, 'Travel', '2024-12-01'), ('bench-meals', 1, 'Meals', '2024-12-01'), ('bench-software', 1, 'Software', '2024-12-01')
        """,
        """
        INSERT INTO "Expenses" ("Id", "WorkspaceId", "UserId", "ProjectId", "CategoryId", "Name", "Date", "Amount", "Currency", "Note",
            "IsBillable", "CreatedBy", "CreatedAt", "UpdatedAt")
        SELECT gen_random_uuid()::text, 1, u, CASE WHEN k % 2 = 0 THEN (u * 7 + k) % 200 + 1 END,
               (ARRAY['bench-travel', 'bench-meals', 'bench-software'])[k % 3 + 1], 'Expense ' || k, DATE '2025-03-01' + (u + k * 11) % 90,
               10 + (u * k) % 300 + 0.5, 'USD', CASE WHEN k = 1 THEN 'Receipt attached' END, k % 2 = 0, u,
               TIMESTAMPTZ '2025-06-01 23:30+00' + u * interval '7 minutes', TIMESTAMPTZ '2025-06-01 23:30+00'
        FROM generate_series(2, 501) u, generate_series(1, 4) k
        """,
        """
        INSERT INTO "TimeRequests" ("Id", "WorkspaceId", "UserId", "ContractId", "ProjectId", "Start", "End", "Status", "Notes", "CreatedBy",
            "Version", "CreatedAt", "UpdatedAt")
        SELECT gen_random_uuid()::text, 1, u, (u - 2) * 4 + 1, ((u - 2) * 7) % 200 + 1, s, s + interval '2 hours', 'pending',
               CASE WHEN k = 1 THEN 'Forgot to start the timer' END, u, gen_random_uuid(), s + interval '1 day', s + interval '1 day'
        FROM generate_series(2, 501) u, generate_series(1, 2) k,
             LATERAL (SELECT TIMESTAMPTZ '2025-06-02 18:00+00' + ((u * 5 + k * 3) % 28) * interval '1 day' + (u % 60) * interval '1 minute' AS s) x
        """,
    ];

    /// <summary>
    /// Gives the owner <see cref="OwnerPassword"/>, so the page-timing pass can sign in through the login form. The
    /// hash is ASP.NET Core Identity's version 3 format with its defaults (PBKDF2-HMAC-SHA512, 100,000 iterations,
    /// 16-byte salt, 32-byte key), which the server's PasswordHasher verifies. Also run on a reused database.
    /// </summary>
    public static async Task SetOwnerPasswordAsync(NpgsqlDataSource db)
    {
        const int iterations = 100_000, prfHmacSha512 = 2;
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Rfc2898DeriveBytes.Pbkdf2(OwnerPassword, salt, iterations, HashAlgorithmName.SHA512, 32);
        var hash = new byte[13 + salt.Length + key.Length];
        hash[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(1), prfHmacSha512);
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(5), iterations);
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(9), (uint)salt.Length);
        salt.CopyTo(hash, 13);
        key.CopyTo(hash, 13 + salt.Length);
        await using var cmd = db.CreateCommand("""UPDATE "Users" SET "PasswordHash" = $1 WHERE "Id" = $2""");
        cmd.Parameters.Add(new() { Value = Convert.ToBase64String(hash) });
        cmd.Parameters.Add(new() { Value = OwnerId });
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task CopyUsersAsync(NpgsqlConnection conn)
    {
        await using var w = await conn.BeginBinaryImportAsync(
            """COPY "Users" ("Id","Email","NormalizedEmail","FirstName","LastName","Timezone","CreatedAt","UpdatedAt") FROM STDIN (FORMAT BINARY)""");
        for (var i = -1; i < Members; i++)
        {
            var id = i < 0 ? OwnerId : UserIdOf(i);
            var email = i < 0 ? OwnerEmail : $"member{i:D4}@bench.tracker";
            await w.StartRowAsync();
            await w.WriteAsync(id, NpgsqlDbType.Bigint);
            await w.WriteAsync(email);
            await w.WriteAsync(email);
            await w.WriteAsync(i < 0 ? "Olivia" : $"First{i}");
            await w.WriteAsync(i < 0 ? "Owner" : $"Last{i}");
            await w.WriteAsync(Zones[(int)(id % Zones.Length)]);
            await w.WriteAsync(Created, NpgsqlDbType.TimestampTz);
            await w.WriteAsync(Created, NpgsqlDbType.TimestampTz);
        }
        await w.CompleteAsync();
    }

    private static async Task CopyMembersAsync(NpgsqlConnection conn)
    {
        await using var w = await conn.BeginBinaryImportAsync(
            """COPY "Members" ("Id","WorkspaceId","UserId","Role","Status","TeamName","Title","Rate","RateType","RateStatus","IsBlocked","CreatedAt","UpdatedAt") FROM STDIN (FORMAT BINARY)""");
        for (var i = -1; i < Members; i++)
        {
            var userId = i < 0 ? OwnerId : UserIdOf(i);
            await w.StartRowAsync();
            await w.WriteAsync(userId, NpgsqlDbType.Bigint);
            await w.WriteAsync(WorkspaceId, NpgsqlDbType.Bigint);
            await w.WriteAsync(userId, NpgsqlDbType.Bigint);
            await w.WriteAsync(i < 0 ? "Owner" : Roles[i % Roles.Length]);
            await w.WriteAsync("active");
            await w.WriteAsync($"Team {i % 12}");
            await w.WriteAsync(i % 3 == 0 ? "Engineer" : "Designer");
            await w.WriteAsync(20m + i % 40, NpgsqlDbType.Numeric);
            await w.WriteAsync("hourly");
            await w.WriteAsync(i < 0 ? 1 : 0, NpgsqlDbType.Integer);
            await w.WriteAsync(false);
            await w.WriteAsync(Created, NpgsqlDbType.TimestampTz);
            await w.WriteAsync(Created, NpgsqlDbType.TimestampTz);
        }
        await w.CompleteAsync();
    }

    private static async Task CopyProjectsAndTasksAsync(NpgsqlConnection conn)
    {
        await using (var w = await conn.BeginBinaryImportAsync(
            """COPY "Projects" ("Id","WorkspaceId","Name","IsBillable","Status","CreatedAt","UpdatedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            for (long p = 1; p <= Projects; p++)
            {
                await w.StartRowAsync();
                await w.WriteAsync(p, NpgsqlDbType.Bigint);
                await w.WriteAsync(WorkspaceId, NpgsqlDbType.Bigint);
                await w.WriteAsync($"Project {p}");
                await w.WriteAsync(p % 4 != 0);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(Created, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(Created, NpgsqlDbType.TimestampTz);
            }
            await w.CompleteAsync();
        }
        await using var t = await conn.BeginBinaryImportAsync(
            """COPY "Tasks" ("Id","WorkspaceId","ProjectId","Title","CreatorId","Status","Priority","CreatedAt","UpdatedAt") FROM STDIN (FORMAT BINARY)""");
        for (long p = 1; p <= Projects; p++)
        for (var k = 0; k < TasksPerProject; k++)
        {
            await t.StartRowAsync();
            await t.WriteAsync((p - 1) * TasksPerProject + k + 1, NpgsqlDbType.Bigint);
            await t.WriteAsync(WorkspaceId, NpgsqlDbType.Bigint);
            await t.WriteAsync(p, NpgsqlDbType.Bigint);
            await t.WriteAsync($"Task {k + 1} of project {p}");
            await t.WriteAsync(OwnerId, NpgsqlDbType.Bigint);
            await t.WriteAsync(k % 4 * 10, NpgsqlDbType.Integer);
            await t.WriteAsync(10 + k % 4 * 10, NpgsqlDbType.Integer);
            await t.WriteAsync(Created, NpgsqlDbType.TimestampTz);
            await t.WriteAsync(Created, NpgsqlDbType.TimestampTz);
        }
        await t.CompleteAsync();
    }

    private static async Task CopyContractsAsync(NpgsqlConnection conn)
    {
        await using var w = await conn.BeginBinaryImportAsync(
            """COPY "Contracts" ("Id","WorkspaceId","ProjectId","UserId","Status","CreatedAt","UpdatedAt") FROM STDIN (FORMAT BINARY)""");
        for (var i = 0; i < Members; i++)
        for (var k = 0; k < ContractsPerMember; k++)
        {
            await w.StartRowAsync();
            await w.WriteAsync(ContractIdOf(i, k), NpgsqlDbType.Bigint);
            await w.WriteAsync(WorkspaceId, NpgsqlDbType.Bigint);
            await w.WriteAsync(ProjectIdOf(i, k), NpgsqlDbType.Bigint);
            await w.WriteAsync(UserIdOf(i), NpgsqlDbType.Bigint);
            await w.WriteAsync("active");
            await w.WriteAsync(Created, NpgsqlDbType.TimestampTz);
            await w.WriteAsync(Created, NpgsqlDbType.TimestampTz);
        }
        await w.CompleteAsync();
    }

    /// <summary>Day by day through 2025's weekdays, every member 8 one-hour entries a day, until <paramref name="entries"/>.</summary>
    private static async Task<long> CopyTimeEntriesAsync(NpgsqlConnection conn, int entries)
    {
        await using var w = await conn.BeginBinaryImportAsync(
            """COPY "TimeEntries" ("Id","WorkspaceId","UserId","ContractId","ProjectId","TaskId","ActivityDescription","Method","StartedAt","EndedAt","ActivityLevel","CreatedAt","UpdatedAt") FROM STDIN (FORMAT BINARY)""");
        w.Timeout = TimeSpan.FromMinutes(10); // the final flush waits for every index to take the rows
        var random = new Random(42);
        long written = 0;
        for (var day = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc); written < entries; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            for (var i = 0; i < Members && written < entries; i++)
            for (var slot = 0; slot < 8 && written < entries; slot++, written++)
            {
                var k = random.Next(ContractsPerMember);
                var project = ProjectIdOf(i, k);
                var start = day.AddHours(8 + slot).AddMinutes(random.Next(5));
                var end = start.AddMinutes(50 + random.Next(10));
                await w.StartRowAsync();
                await w.WriteAsync(Guid.NewGuid().ToString());
                await w.WriteAsync(WorkspaceId, NpgsqlDbType.Bigint);
                await w.WriteAsync(UserIdOf(i), NpgsqlDbType.Bigint);
                await w.WriteAsync(ContractIdOf(i, k), NpgsqlDbType.Bigint);
                await w.WriteAsync(project, NpgsqlDbType.Bigint);
                await w.WriteAsync((project - 1) * TasksPerProject + random.Next(TasksPerProject) + 1, NpgsqlDbType.Bigint);
                if (slot == 0) await w.WriteAsync("Planning and review"); else await w.WriteNullAsync();
                await w.WriteAsync("Web tracker");
                await w.WriteAsync(start, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(end, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(40 + random.Next(60), NpgsqlDbType.Integer);
                await w.WriteAsync(end, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(end, NpgsqlDbType.TimestampTz);
            }
        }
        await w.CompleteAsync();
        return written;
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
        await cmd.ExecuteNonQueryAsync();
    }
}
