using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tracker.Bench;

public enum Provider { Postgres, Sqlite }

/// <summary>
/// The baselines' database access on either provider, in plain ADO.NET: SQL is written once with positional
/// <c>$1..$n</c> parameters, which Npgsql takes as they are and SQLite as parameters named <c>$1..$n</c>. Where the
/// dialects differ a baseline passes both texts to <see cref="Sql"/>. The current instant is always a parameter.
/// </summary>
public sealed class BenchDb(Provider provider, NpgsqlDataSource? postgres, string? sqlite)
{
    public Provider Provider { get; } = provider;
    public bool IsSqlite => Provider == Provider.Sqlite;

    public static BenchDb Postgres(NpgsqlDataSource db) => new(Provider.Postgres, db, null);

    /// <summary>A pooled connection to the server's SQLite file (WAL, as the server sets it).</summary>
    public static BenchDb Sqlite(string file) =>
        new(Provider.Sqlite, null, new SqliteConnectionStringBuilder { DataSource = file, Pooling = true }.ConnectionString);

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (postgres is not null) return await postgres.OpenConnectionAsync(ct);
        var conn = new SqliteConnection(sqlite);
        await conn.OpenAsync(ct);
        return conn;
    }

    public string Sql(string postgresSql, string sqliteSql) => IsSqlite ? sqliteSql : postgresSql;

    public DbCommand Command(DbConnection conn, string sql, params object?[] args)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        for (var i = 0; i < args.Length; i++)
        {
            var p = cmd.CreateParameter();
            if (IsSqlite) p.ParameterName = "$" + (i + 1);
            p.Value = args[i] switch
            {
                null => DBNull.Value,
                Guid g when IsSqlite => g.ToString().ToUpperInvariant(), // EF Core stores a Guid as upper-case text on SQLite
                var v => v,
            };
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    /// <summary>
    /// Several statements in one round trip: a batch on PostgreSQL; on SQLite one command of several statements (each
    /// statement's <c>$k</c> renamed <c>$k_j</c>, as SQLite's parameters are shared by name), read with NextResult.
    /// </summary>
    public async Task<DbDataReader> ReaderAsync(DbConnection conn, DbTransaction? tx, CancellationToken ct, params (string Sql, object?[] Args)[] statements)
    {
        if (!IsSqlite)
        {
            var batch = conn.CreateBatch();
            batch.Transaction = tx;
            foreach (var (sql, args) in statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                foreach (var arg in args)
                {
                    var p = command.CreateParameter();
                    p.Value = arg ?? DBNull.Value;
                    command.Parameters.Add(p);
                }
                batch.BatchCommands.Add(command);
            }
            return await batch.ExecuteReaderAsync(ct);
        }
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        var texts = new List<string>();
        for (var j = 0; j < statements.Length; j++)
        {
            texts.Add(System.Text.RegularExpressions.Regex.Replace(statements[j].Sql, @"\$(\d+)", "$$${1}_" + j));
            for (var i = 0; i < statements[j].Args.Length; i++)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = $"${i + 1}_{j}";
                p.Value = statements[j].Args[i] switch { null => DBNull.Value, Guid g => g.ToString().ToUpperInvariant(), var v => v };
                cmd.Parameters.Add(p);
            }
        }
        cmd.CommandText = string.Join(";\n", texts);
        return await cmd.ExecuteReaderAsync(ct);
    }

    public async Task<T?> ScalarAsync<T>(DbConnection conn, string sql, params object?[] args)
    {
        await using var cmd = Command(conn, sql, args);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public bool IsUniqueViolation(Exception e) => e switch
    {
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
