using ChildIndex.Api;
using ChildIndex.Common.Storage;
using ChildIndex.Core.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>
/// The directory in-process on a fresh SQLite database, trusting a given identity server (the
/// shared <see cref="DirectoryServer"/> always trusts <see cref="IdentityServer.Shared"/>). Configured
/// as DirectoryServer is: migrated first, IDENTITY_AUTHORITY, and JwtBearer reading the identity
/// server's metadata and keys through its in-process host.
/// </summary>
public sealed class PrivateDirectory : IAsyncDisposable
{
    private readonly string _directory;
    private readonly WebApplicationFactory<DirectoryApiMarker> _factory;

    private PrivateDirectory(string directory, WebApplicationFactory<DirectoryApiMarker> factory)
    {
        _directory = directory;
        _factory = factory;
    }

    public static async Task<PrivateDirectory> StartAsync(IdentityServer identity)
    {
        var directory = Path.Combine(Path.GetTempPath(), "childindex-tests", Guid.NewGuid().ToString("N"));
        var connection = $"Data Source={Path.Combine(directory, "childindex.db")}";
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, connection);
        await using (var db = new ChildIndexDbContext(settings.ContextOptions<ChildIndexDbContext>()))
        {
            await DatabaseMigrator.MigrateAsync(db);
        }

        var factory = new WebApplicationFactory<DirectoryApiMarker>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DB_PROVIDER"] = nameof(DatabaseProvider.Sqlite),
                ["DB_CONNECTION"] = connection,
                ["IDENTITY_AUTHORITY"] = identity.Authority,
            }));
            builder.ConfigureServices(services => services.Configure<JwtBearerOptions>(
                JwtBearerDefaults.AuthenticationScheme, options => options.BackchannelHttpHandler = identity.CreateHandler()));
        });
        _ = factory.Server;
        return new PrivateDirectory(directory, factory);
    }

    /// <summary>A channel whose calls carry <paramref name="token"/> as a bearer token.</summary>
    public GrpcChannel ChannelWithToken(string token) => DirectoryServer.ChannelWithToken(_factory.Server, token);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
