using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChildIndex.Common.Storage;

/// <summary>
/// Whether a server's Npgsql pool fits the PostgreSQL server it uses. Npgsql's pool opens up to
/// 100 connections by default, PostgreSQL's default max_connections is 100 too, and the directory
/// and the identity server each have a pool: under load the server then refuses connections
/// ("53300: too many clients already"), calls fail, and the benchmark's open loops collapsed to
/// p50 of seconds with the directory nearly idle. A bounded pool makes calls queue in the process
/// instead, which a DBA sizes to what the database's cores can run (deploy/README.md).
/// </summary>
public static class PostgreSqlPoolCheck
{
    /// <summary>What is wrong, or null when a pool of <paramref name="maxPoolSize"/> leaves room
    /// among the connections the server lets ordinary roles open. A process cannot see the other
    /// pools that will share the server, so this catches only a pool that alone could fill it.</summary>
    public static string? Problem(int maxPoolSize, int maxConnections, int reservedConnections)
    {
        var available = maxConnections - reservedConnections;
        return maxPoolSize < available
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"the connection pool may open {maxPoolSize} connections, but the PostgreSQL server allows {available} to all its clients together (max_connections {maxConnections}, {reservedConnections} reserved): under load it will refuse connections and calls will fail. Set 'Maximum Pool Size' in the connection string so that every process's pool together stays below {available} (deploy/README.md)");
    }

    /// <summary>Asks the server for its limits: null when the pool fits, else what is wrong.</summary>
    public static async Task<string?> CheckAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pool = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxPoolSize;
        var limits = await db.Database.SqlQueryRaw<int>(
                "SELECT setting::int AS \"Value\" FROM pg_settings WHERE name IN ('max_connections', 'superuser_reserved_connections', 'reserved_connections') ORDER BY name")
            .ToListAsync(cancellationToken);
        // In name order: max_connections, then the reserved ones (reserved_connections is PostgreSQL 16's).
        return Problem(pool, limits[0], limits.Skip(1).Sum());
    }
}
