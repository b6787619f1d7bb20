using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace ChildIndex.Common.Storage;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// Which database a ChildIndex server uses, read from configuration: DB_PROVIDER (Sqlite,
/// PostgreSql or SqlServer) and DB_CONNECTION; SQLite defaults to a file in DATA_DIR.
/// Every store's migrations for a provider live in that provider's one migrations assembly.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseSettings FromConfiguration(IConfiguration configuration, string defaultSqliteFile)
    {
        var providerName = configuration["DB_PROVIDER"];
        var provider = string.IsNullOrWhiteSpace(providerName)
            ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"DB_PROVIDER '{providerName}' is not one of Sqlite, PostgreSql, SqlServer.");

        var connection = configuration["DB_CONNECTION"];
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException($"DB_CONNECTION is required when DB_PROVIDER is {provider}.");
            }

            connection = $"Data Source={Path.Combine(DataDirectory(configuration), defaultSqliteFile)}";
        }

        return new DatabaseSettings(provider, connection);
    }

    /// <summary>DATA_DIR, else ./data, as a full path: where a server keeps its SQLite files and the
    /// keys and secrets it generates in development.</summary>
    public static string DataDirectory(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Path.GetFullPath(configuration["DATA_DIR"] is { Length: > 0 } dir ? dir : "data");
    }

    /// <summary>
    /// Settings for dotnet-ef in a migrations project: the provider matters, the connection is
    /// never opened.
    /// </summary>
    public static DatabaseSettings ForDesignTime(DatabaseProvider provider) => new(provider, provider switch
    {
        DatabaseProvider.Sqlite => "Data Source=design-time.db",
        DatabaseProvider.PostgreSql => "Host=localhost;Database=design_time",
        _ => "Server=localhost;Database=DesignTime;Trusted_Connection=True;TrustServerCertificate=True",
    });

    public DbContextOptions<TContext> ContextOptions<TContext>(string? migrationsHistoryTable = null)
        where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        Apply(options, migrationsHistoryTable);
        return options.Options;
    }

    /// <summary>Points EF Core at the provider, with that provider's migrations assembly. Stores
    /// that may share one database keep their migration history in tables of their own.</summary>
    public void Apply(DbContextOptionsBuilder options, string? migrationsHistoryTable = null)
    {
        var history = migrationsHistoryTable ?? "__EFMigrationsHistory";
        _ = Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(ConnectionString, o => o.MigrationsAssembly("ChildIndex.Migrations.Sqlite").MigrationsHistoryTable(history))
                .AddInterceptors(SqliteWriteGate.Instance),
            DatabaseProvider.PostgreSql => options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly("ChildIndex.Migrations.PostgreSql").MigrationsHistoryTable(history)),
            DatabaseProvider.SqlServer => options.UseSqlServer(ConnectionString, o => o.MigrationsAssembly("ChildIndex.Migrations.SqlServer").MigrationsHistoryTable(history)),
            _ => throw new InvalidOperationException($"Unknown provider {Provider}."),
        };

        // Unordered limits are deliberate here: caps on blocking passes (any N keys will do), Take(1)
        // on unique columns, and the health probe's "any row". Ordering them would cost sorts.
        options.ConfigureWarnings(w => w.Ignore(CoreEventId.RowLimitingOperationWithoutOrderByWarning, CoreEventId.FirstWithoutOrderByAndFilterWarning));
    }
}
