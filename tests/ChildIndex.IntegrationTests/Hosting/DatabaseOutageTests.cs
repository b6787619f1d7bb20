using System.Diagnostics;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Npgsql;

namespace ChildIndex.IntegrationTests.Hosting;

/// <summary>A PostgreSQL directory of its own: the test takes its database away.</summary>
public sealed class PostgresOutageDirectoryServer() : DirectoryServer(TestDatabase.PostgreSql);

/// <summary>
/// The database goes away while the directory serves (every connection dropped, none accepted), as
/// when PostgreSQL is stopped or fails over: within 2 s health says NOT_SERVING and calls answer
/// UNAVAILABLE, nothing is answered unaudited, and when it returns the service recovers by itself.
/// </summary>
public sealed class DatabaseOutageTests(PostgresOutageDirectoryServer server) : IClassFixture<PostgresOutageDirectoryServer>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task DatabaseGoneWhileServing_IsNotServingAndUnavailableWithinTwoSeconds_AndRecoversWithoutARestart()
    {
        var child = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        var practitioner = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        var health = new Health.HealthClient(server.AnonymousChannel);
        await practitioner.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId });
        var recordsBefore = await AuditTestKit.CallRecordCountAsync(server);

        await SetConnectionsAllowedAsync(false);
        try
        {
            var clock = Stopwatch.StartNew();
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await practitioner.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId }, deadline: DateTime.UtcNow + Bound));
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            Assert.True(clock.Elapsed < Bound, $"UNAVAILABLE after {clock.Elapsed.TotalMilliseconds:F0} ms");

            clock.Restart();
            var status = (await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Bound)).Status;
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, status);
            Assert.True(clock.Elapsed < Bound, $"NOT_SERVING after {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }

        // Back, with no restart: the pools and the audit writer reconnect on their own.
        var record = await AuditTestKit.EventuallyAsync(async () =>
        {
            try
            {
                return await practitioner.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId });
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(15), "a look-up answered after the database returned");
        Assert.Equal(child.ChildId, record.ChildId);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        // Every look-up that was answered has its record; the refused ones left none they could not.
        Assert.True(await AuditTestKit.CallRecordCountAsync(server) > recordsBefore);
        var verified = await (await AuditTestKit.SecurityOfficerAsync(server)).VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
    }

    /// <summary>As the server's administrator: the database refuses new connections, and every
    /// open one is terminated (or it accepts them again).</summary>
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString).Database!;
        await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable(DirectoryServer.PostgresVariable));
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!allowed)
        {
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid()", admin);
            terminate.Parameters.AddWithValue("database", database);
            await terminate.ExecuteNonQueryAsync();
        }
    }
}
