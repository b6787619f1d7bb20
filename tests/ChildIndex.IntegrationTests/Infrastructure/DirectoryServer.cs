using ChildIndex.Api;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Storage;
using ChildIndex.Common.Storage;
using ChildIndex.Common.Security;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ChildIndex.IntegrationTests.Infrastructure;

public enum TestDatabase
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The directory service in-process on its own fresh database, migrated by the same step as
/// production (`migrate`), reached over real gRPC channels carrying real tokens from the shared
/// identity server. One per test class.
/// </summary>
public abstract class DirectoryServer : IAsyncLifetime
{
    public const string PostgresVariable = "CHILDINDEX_TEST_POSTGRES";

    private readonly TestDatabase _database;
    private readonly string _databaseName = $"childindex_test_{Guid.NewGuid():N}";
    private readonly string _sqliteDirectory = Path.Combine(Path.GetTempPath(), "childindex-tests", Guid.NewGuid().ToString("N"));
    private DatabaseSettings? _settings;
    private WebApplicationFactory<DirectoryApiMarker>? _factory;
    private readonly Dictionary<string, GrpcChannel> _channels = [];
    private GrpcChannel? _channel;
    private IdentityServer? _identity;

    protected DirectoryServer(TestDatabase database) => _database = database;

    /// <summary>A channel whose calls carry an index administrator's token: may do everything.</summary>
    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("not started");

    public ChildDirectory.ChildDirectoryClient Directory => new(Channel);

    public Registration.RegistrationClient Registration => new(Channel);

    public IdentityServer Identity => _identity ?? throw new InvalidOperationException("not started");

    /// <summary>A channel carrying no token at all.</summary>
    public GrpcChannel AnonymousChannel { get; private set; } = null!;

    /// <summary>A channel carrying a token of a principal holding <paramref name="role"/>.</summary>
    public async Task<GrpcChannel> ChannelForRoleAsync(string role)
    {
        var token = await Identity.TokenForRoleAsync(role);
        lock (_channels)
        {
            if (!_channels.TryGetValue(role, out var channel))
            {
                channel = ChannelWithToken(token);
                _channels[role] = channel;
            }

            return channel;
        }
    }

    /// <summary>A channel whose calls carry <paramref name="token"/> as a bearer token.</summary>
    public GrpcChannel ChannelWithToken(string token) => ChannelWithToken(_factory!.Server, token);

    /// <summary>A channel to an in-process <paramref name="server"/> whose calls carry <paramref name="token"/>.</summary>
    public static GrpcChannel ChannelWithToken(TestServer server, string token) => GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions
    {
        HttpHandler = server.CreateHandler(),
        Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("Authorization", $"Bearer {token}");
            return Task.CompletedTask;
        })),
        UnsafeUseInsecureChannelCallCredentials = true,
    });

    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("not started");

    public TestDatabase Database => _database;

    /// <summary>The database's connection string, for a second instance sharing it.</summary>
    public string ConnectionString => (_settings ?? throw new InvalidOperationException("not started")).ConnectionString;

    /// <summary>The server's DATA_DIR (its SQLite file, its development audit key and public key).</summary>
    public string DataDirectory => _sqliteDirectory;

    /// <summary>Settings a subclass adds to (or overrides in) the server's configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>Services a subclass adds to the server (after the server's own).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Brings the fresh database to where the service starts from: by default, what
    /// `ChildIndex.Api migrate` does (<see cref="MigrateAsync"/>).</summary>
    protected virtual Task PrepareDatabaseAsync(ChildIndexDbContext db) => MigrateAsync(db);

    /// <summary>The `migrate` command's steps: the schema, then the read model's missing documents.</summary>
    public static async Task MigrateAsync(ChildIndexDbContext db)
    {
        await DatabaseMigrator.MigrateAsync(db);
        await new ReadModelRebuild(db, NullLogger<ReadModelRebuild>.Instance).WriteMissingAsync(ReadModelRebuild.DefaultBatchSize, progress: null, CancellationToken.None);
    }

    /// <summary>A context on the server's database, for tests that look beneath the service.</summary>
    public ChildIndexDbContext CreateDbContext() =>
        new((_settings ?? throw new InvalidOperationException("not started")).ContextOptions<ChildIndexDbContext>());

    /// <summary>A context on the server's database whose commands pass through <paramref name="interceptors"/>.</summary>
    public ChildIndexDbContext CreateDbContext(params IInterceptor[] interceptors) =>
        CreateDbContext(options => options.AddInterceptors(interceptors));

    /// <summary>A context on the server's database with options of the test's own.</summary>
    public ChildIndexDbContext CreateDbContext(Action<DbContextOptionsBuilder<ChildIndexDbContext>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new DbContextOptionsBuilder<ChildIndexDbContext>((_settings ?? throw new InvalidOperationException("not started")).ContextOptions<ChildIndexDbContext>());
        configure(options);
        return new(options.Options);
    }

    public async Task InitializeAsync()
    {
        _identity = await IdentityServer.Shared;
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
            await PrepareDatabaseAsync(db);
        }

        await StartAsync(connection);
    }

    /// <summary>Stops the service (gracefully, as an operator would), runs <paramref name="whileStopped"/>
    /// on its database, and starts it again on the same database, data directory and settings.</summary>
    public async Task RestartAsync(Func<Task> whileStopped)
    {
        ArgumentNullException.ThrowIfNull(whileStopped);
        DisposeChannels();
        await _factory!.DisposeAsync();
        _factory = null;
        await whileStopped();
        await StartAsync(ConnectionString);
    }

    private async Task StartAsync(string connection)
    {
        _factory = new WebApplicationFactory<DirectoryApiMarker>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DB_PROVIDER"] = _database.ToString(),
                ["DB_CONNECTION"] = connection,
                ["IDENTITY_AUTHORITY"] = Identity.Authority,
                ["DATA_DIR"] = _sqliteDirectory,
                // Retention runs when a test asks (RunRetention), never on a timer under another test.
                ["RETENTION_INTERVAL_HOURS"] = "0",
            }).AddInMemoryCollection(Identity.AuthEventFeedSettings()).AddInMemoryCollection(ExtraSettings));

            // JwtBearer reads the identity server's metadata and keys through its in-process host.
            builder.ConfigureServices(services => services.Configure<JwtBearerOptions>(
                JwtBearerDefaults.AuthenticationScheme, options => options.BackchannelHttpHandler = Identity.CreateHandler()));
            builder.ConfigureServices(Identity.UseForAuthEventFeed);
            builder.ConfigureServices(ConfigureServices);
        });

        AnonymousChannel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = _factory.Server.CreateHandler(),
        });
        _channel = await ChannelForRoleAsync(Roles.IndexAdmin);
    }

    public async Task DisposeAsync()
    {
        DisposeChannels();

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

        if (System.IO.Directory.Exists(_sqliteDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(_sqliteDirectory, recursive: true);
        }
    }

    private void DisposeChannels()
    {
        AnonymousChannel?.Dispose();
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _channels.Clear();
        _channel = null;
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
