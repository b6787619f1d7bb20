using ChildIndex.Common.Security;
using ChildIndex.Common.Storage;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Npgsql;
using AuthEventKind = ChildIndex.Identity.Core.Events.AuthEventKind;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>A private identity server whose store (users, clients, events, OpenIddict's tables) is a
/// fresh PostgreSQL database, migrated by the production migrator.</summary>
public sealed class PostgresIdentityServer : IAsyncLifetime
{
    private readonly string _databaseName = $"childindex_identity_test_{Guid.NewGuid():N}";
    private string _admin = null!;

    public IdentityServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable(DirectoryServer.PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{DirectoryServer.PostgresVariable} is not set: run the tests with ./test.sh, or set it to a connection string for a PostgreSQL server where databases may be created.");
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_databaseName}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var database = new DatabaseSettings(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(_admin) { Database = _databaseName }.ConnectionString);
        Server = await IdentityServer.StartAsync(new Dictionary<string, string?> { ["TOKEN_RATE_LIMIT_PER_MINUTE"] = "100000", ["FAILED_SIGN_IN_LIMIT_PER_ADDRESS"] = "100000" }, database);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

public sealed class PostgresIdentityStoreTests(PostgresIdentityServer fixture) : IClassFixture<PostgresIdentityServer>
{
    [Fact]
    public async Task EnrolThroughTheAdminApi_ThenDeviceFlowSignIn_OnPostgreSql()
    {
        var server = fixture.Server;
        using var channel = IdentityTestKit.AdminChannel(server, await server.TokenForRoleAsync(Roles.IdentityAdmin));
        var enrolled = await new IdentityAdmin.IdentityAdminClient(channel).EnrolUserAsync(new EnrolUserRequest
        {
            Username = $"pg-{Guid.NewGuid():N}"[..30],
            DisplayName = "Jo Bloggs",
            OrganisationCode = "LS1234",
            OrganisationName = "Hyde Park Primary School",
            Roles = { Roles.Practitioner },
            Vetting = IdentityServer.CurrentVetting(DateOnly.FromDateTime(DateTime.UtcNow)),
        });

        var code = IdentityServer.CurrentCode(enrolled.TotpSecret);
        var token = await IdentityTestKit.DeviceSignInAsync(server, new TestUser(enrolled.User.Username, enrolled.InitialPassword, enrolled.TotpSecret, Roles.Practitioner, "LS1234"), code);
        var refreshed = await server.RefreshAsync(token.RefreshToken!);
        var reuse = await IdentityTestKit.LoginAsync(server, enrolled.User.Username, enrolled.InitialPassword, code);
        var events = await IdentityTestKit.EventsAsync(server, enrolled.User.UserId);

        Assert.NotNull(token.AccessToken);
        Assert.Equal(enrolled.User.UserId, IdentityTestKit.Payload(token.AccessToken).GetProperty("sub").GetString());
        Assert.NotNull(refreshed.AccessToken);
        Assert.False(reuse.SignedIn);
        Assert.Equal(
            [AuthEventKind.UserEnrolled, AuthEventKind.SignInSucceeded, AuthEventKind.TokenIssued, AuthEventKind.TokenIssued, AuthEventKind.TwoFactorFailed],
            events.Select(e => e.Kind));
    }

    [Fact]
    public async Task LockoutAndSuspension_OnPostgreSql()
    {
        var server = fixture.Server;
        var locked = await server.CreateUserAsync(Roles.Practitioner);
        var suspended = await server.CreateUserAsync(Roles.Practitioner);
        for (var i = 0; i < 5; i++)
        {
            await IdentityTestKit.LoginAsync(server, locked.Username, $"guess-{i}", IdentityServer.CurrentCode(locked.TotpSecret));
        }

        await IdentityTestKit.SuspendAsync(server, suspended.Username);
        var lockedOutcome = await IdentityTestKit.LoginAsync(server, locked.Username, locked.Password, IdentityServer.CurrentCode(locked.TotpSecret));
        var suspendedOutcome = await IdentityTestKit.LoginAsync(server, suspended.Username, suspended.Password, IdentityServer.CurrentCode(suspended.TotpSecret));

        Assert.Contains("locked", lockedOutcome.Error, StringComparison.Ordinal);
        Assert.Contains("suspended", suspendedOutcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_AndRevocation_OnPostgreSql()
    {
        var server = fixture.Server;
        var (clientId, secret) = await server.CreateAgencyClientAsync("RR8");

        var token = await server.ClientCredentialsAsync(clientId, secret);
        await IdentityTestKit.RevokeClientAsync(server, clientId);
        var afterRevocation = await server.ClientCredentialsAsync(clientId, secret);

        Assert.NotNull(token.AccessToken);
        Assert.Equal("RR8", IdentityTestKit.Payload(token.AccessToken).GetProperty(ChildIndexClaims.OrganisationCode).GetString());
        Assert.Equal("invalid_client", afterRevocation.Error);
    }

    [Fact]
    public async Task AuthEvents_AreRefusedUpdateAndDelete_ByThePostgresStore() =>
        await IdentityTestKit.AssertAuthEventsAppendOnlyAsync(fixture.Server);
}
