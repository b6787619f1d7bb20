using ChildIndex.Api;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Storage;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ChildIndex.IntegrationTests.Infrastructure;

public enum TestDatabase
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The directory service in-process on its own fresh database, migrated by the same step as
/// production (`migrate`), reached over a real gRPC channel. One per test class.
/// </summary>
public abstract class DirectoryServer : IAsyncLifetime
{
    public const string PostgresVariable = "CHILDINDEX_TEST_POSTGRES";

    private readonly TestDatabase _database;
    private readonly string _databaseName = $"childindex_test_{Guid.NewGuid():N}";
    private readonly string _sqliteDirectory = Path.Combine(Path.GetTempPath(), "childindex-tests", Guid.NewGuid().ToString("N"));
    private DatabaseSettings? _settings;
    private WebApplicationFactory<DirectoryApiMarker>? _factory;
    private GrpcChannel? _channel;

    protected DirectoryServer(TestDatabase database) => _database = database;

    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("not started");

    public ChildDirectory.ChildDirectoryClient Directory => new(Channel);

    public Registration.RegistrationClient Registration => new(Channel);

    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("not started");

    public TestDatabase Database => _database;

    /// <summary>A context on the server's database, for tests that look beneath the service.</summary>
    public ChildIndexDbContext CreateDbContext() =>
        new((_settings ?? throw new InvalidOperationException("not started")).ContextOptions());

    public async Task InitializeAsync()
    {
        var connection = _database switch
        {
            TestDatabase.Sqlite => $"Data Source={Path.Combine(_sqliteDirectory, "childindex.db")}",
            _ => await CreatePostgresDatabaseAsync(),
        };
        // Migrated first, by the production migrator: the service refuses to start on a database
        // that is not up to date.
        _settings = new DatabaseSettings(_database == TestDatabase.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql, connection);
        await using (var db = CreateDbContext())
        {
            await new DatabaseMigrator(db, _settings).MigrateAsync();
        }

        _factory = new WebApplicationFactory<DirectoryApiMarker>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DB_PROVIDER"] = _database.ToString(),
                ["DB_CONNECTION"] = connection,
            }));
        });

        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = _factory.Server.CreateHandler(),
        });
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database == TestDatabase.PostgreSql)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresAdminConnection());
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        else if (System.IO.Directory.Exists(_sqliteDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(_sqliteDirectory, recursive: true);
        }
    }

    private static string PostgresAdminConnection() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL server, " +
                $"or set it to a connection string for a PostgreSQL server where databases may be created.");

    private async Task<string> CreatePostgresDatabaseAsync()
    {
        var admin = PostgresAdminConnection();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_databaseName}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = _databaseName }.ConnectionString;
    }
}

public sealed class SqliteDirectoryServer() : DirectoryServer(TestDatabase.Sqlite);

public sealed class PostgresDirectoryServer() : DirectoryServer(TestDatabase.PostgreSql);
