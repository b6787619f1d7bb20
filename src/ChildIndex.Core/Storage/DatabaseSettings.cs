using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace ChildIndex.Core.Storage;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// Which database the directory uses, read from configuration: DB_PROVIDER (Sqlite, PostgreSql or
/// SqlServer) and DB_CONNECTION; SQLite defaults to a file in DATA_DIR.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqliteFile = "childindex.db";

    public static DatabaseSettings FromConfiguration(IConfiguration configuration)
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

            var dataDir = Path.GetFullPath(configuration["DATA_DIR"] is { Length: > 0 } dir ? dir : "data");
            connection = $"Data Source={Path.Combine(dataDir, DefaultSqliteFile)}";
        }

        return new DatabaseSettings(provider, connection);
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

    public DbContextOptions<ChildIndexDbContext> ContextOptions()
    {
        var options = new DbContextOptionsBuilder<ChildIndexDbContext>();
        Apply(options);
        return options.Options;
    }

    /// <summary>Points EF Core at the provider, with that provider's migrations assembly.</summary>
    public void Apply(DbContextOptionsBuilder options)
    {
        _ = Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(ConnectionString, o => o.MigrationsAssembly("ChildIndex.Migrations.Sqlite")),
            DatabaseProvider.PostgreSql => options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly("ChildIndex.Migrations.PostgreSql")),
            DatabaseProvider.SqlServer => options.UseSqlServer(ConnectionString, o => o.MigrationsAssembly("ChildIndex.Migrations.SqlServer")),
            _ => throw new InvalidOperationException($"Unknown provider {Provider}."),
        };
    }
}
