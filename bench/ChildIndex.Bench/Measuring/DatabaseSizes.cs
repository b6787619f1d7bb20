using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using ChildIndex.Common.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Bench.Measuring;

/// <summary>One table's rows and bytes on disk: its own pages, and all its indexes' pages.</summary>
public sealed record TableSize(string Table, long Rows, long DataBytes, long IndexBytes);

/// <summary>
/// Reads table and index sizes from the database itself (SQLite's dbstat virtual table, PostgreSQL's
/// relation sizes), which is what the file system holds, for the projection to 11 million children.
/// </summary>
public static class DatabaseSizes
{
    public static async Task<(IReadOnlyList<TableSize> Tables, long DatabaseBytes)> MeasureAsync(DbContext db, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        return provider switch
        {
            DatabaseProvider.Sqlite => await SqliteAsync(connection, cancellationToken),
            DatabaseProvider.PostgreSql => await PostgreSqlAsync(connection, cancellationToken),
            _ => throw new NotSupportedException("sizes are measured on SQLite and PostgreSQL only (SQL Server: sp_spaceused)"),
        };
    }

    private static async Task<(IReadOnlyList<TableSize>, long)> SqliteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // dbstat gives each b-tree's pages; sqlite_master says which table an index belongs to. The
        // e_sqlite3 library bundled with Microsoft.Data.Sqlite is built without dbstat, so the
        // query runs in the system's sqlite3 shell (Debian builds it with dbstat), read-only.
        const string Query = """
            SELECT m.tbl_name, m.type = 'index', SUM(s.pgsize)
            FROM dbstat s JOIN sqlite_master m ON m.name = s.name
            WHERE m.tbl_name NOT LIKE 'sqlite_%'
            GROUP BY m.tbl_name, m.type = 'index';
            """;
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection.ConnectionString).DataSource;
        var shell = new ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-readonly", "-separator", "\t", file, Query })
        {
            shell.ArgumentList.Add(argument);
        }

        using var process = Process.Start(shell) ?? throw new InvalidOperationException("cannot start sqlite3");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"sqlite3 (with dbstat) is needed for SQLite sizes: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
        }

        var tables = new Dictionary<string, (long Data, long Index)>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            var (name, isIndex, bytes) = (f[0], f[1] == "1", long.Parse(f[2], CultureInfo.InvariantCulture));
            var current = tables.GetValueOrDefault(name);
            tables[name] = isIndex ? (current.Data, current.Index + bytes) : (current.Data + bytes, current.Index);
        }

        var pages = await ScalarAsync(connection, "PRAGMA page_count", cancellationToken) * await ScalarAsync(connection, "PRAGMA page_size", cancellationToken);
        return (await WithRowsAsync(connection, tables, "\"", cancellationToken), pages);
    }

    private static async Task<(IReadOnlyList<TableSize>, long)> PostgreSqlAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(connection, """
            SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = current_schema()
            """, cancellationToken);
        var tables = rows.ToDictionary(
            r => (string)r[0],
            r => (Convert.ToInt64(r[1], CultureInfo.InvariantCulture), Convert.ToInt64(r[2], CultureInfo.InvariantCulture)),
            StringComparer.Ordinal);
        var database = await ScalarAsync(connection, "SELECT pg_database_size(current_database())", cancellationToken);
        return (await WithRowsAsync(connection, tables, "\"", cancellationToken), database);
    }

    private static async Task<IReadOnlyList<TableSize>> WithRowsAsync(DbConnection connection, Dictionary<string, (long Data, long Index)> tables, string quote, CancellationToken cancellationToken)
    {
        var result = new List<TableSize>();
        foreach (var (table, (data, index)) in tables.OrderByDescending(t => t.Value.Data + t.Value.Index))
        {
            var rows = await ScalarAsync(connection, $"SELECT COUNT(*) FROM {quote}{table}{quote}", cancellationToken);
            result.Add(new TableSize(table, rows, data, index));
        }

        return result;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed statements and table names read from the catalogue, never input.
        command.CommandText = sql;
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<List<object[]>> QueryAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed statements.
        command.CommandText = sql;
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }

        return rows;
    }
}
