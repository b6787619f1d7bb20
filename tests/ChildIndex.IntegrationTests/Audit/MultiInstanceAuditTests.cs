using ChildIndex.Api;
using ChildIndex.Audit;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>
/// Two directory instances on one PostgreSQL database, as in production behind a load balancer:
/// concurrent audited calls through both still make one trail, without gaps or repeats, which
/// verifies intact. Both publish their checkpoints to one witness file, each proving its checkpoint
/// extends whatever the other published last.
/// </summary>
public sealed class MultiInstanceAuditTests(InstanceADirectoryServer server) : IClassFixture<InstanceADirectoryServer>
{
    [Fact]
    public async Task ConcurrentCallsThroughTwoInstances_MakeOneGaplessTrail_ThatVerifiesIntact()
    {
        await using var second = await SecondInstance.StartAsync(server);
        var children = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            children.Add((await server.Registration.RegisterChildAsync(TestRequests.Registration())).ChildId);
        }

        var adminToken = await server.Identity.TokenForRoleAsync(Roles.IndexAdmin);
        var practitionerToken = await server.Identity.TokenForRoleAsync(Roles.Practitioner);
        using var adminB = second.ChannelWithToken(adminToken);
        using var practitionerB = second.ChannelWithToken(practitionerToken);
        var practitionerA = await server.ChannelForRoleAsync(Roles.Practitioner);
        var before = await CallRecordCountAsync();

        // Look-ups (group commit), writes (their own transactions) and refusals, all at once, through both.
        var calls = new List<Task>();
        for (var i = 0; i < 15; i++)
        {
            var childId = children[i % children.Count];
            foreach (var (channel, admin) in new[] { (practitionerA, server.Channel), (practitionerB, adminB) })
            {
                calls.Add(new ChildDirectory.ChildDirectoryClient(channel).GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = childId }).ResponseAsync);
                calls.Add(new Registration.RegistrationClient(admin).RegisterChildAsync(TestRequests.Registration()).ResponseAsync);
                calls.Add(Refused(new Registration.RegistrationClient(channel).RegisterChildAsync(TestRequests.Registration()).ResponseAsync));
            }
        }

        await Task.WhenAll(calls);

        Assert.Equal(before + calls.Count, await CallRecordCountAsync());
        var recorded = 0;
        await using (var db = server.CreateDbContext())
        {
            var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
            recorded = entries.Count;
            Assert.Equal(Enumerable.Range(0, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
            var records = entries.Select(AuditTestKit.Parse).ToList();
            Assert.Equal(entries.Count, records.Select(r => r.Sequence).Distinct().Count());
            var instances = records.Where(r => r.Action.StartsWith(AuditTestKit.CallPrefix, StringComparison.Ordinal)).Select(r => r.ServerInstance).ToHashSet();
            Assert.Equal(new[] { InstanceADirectoryServer.Name, SecondInstance.Name }, instances.Order(StringComparer.Ordinal));
            Assert.True((await db.AuditHeads.AsNoTracking().SingleAsync()).TreeSize >= entries.Count);
        }

        // Either instance verifies the whole trail, the other's records included.
        using var officerB = second.ChannelWithToken(await server.Identity.TokenForRoleAsync(Roles.SecurityOfficer));
        foreach (var channel in new[] { await server.ChannelForRoleAsync(Roles.SecurityOfficer), officerB })
        {
            var verified = await new AuditTrail.AuditTrailClient(channel).VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
            Assert.True(verified.Intact, string.Join("\n", verified.Problems));
            Assert.True(verified.WitnessedTreeSize > 0, "nothing witnessed");
        }

        using (var reader = File.OpenText(server.WitnessFile))
        {
            var witnessed = WitnessLog.ReadAll(reader).Select(w => w.Checkpoint.TreeSize).ToList();
            Assert.Equal(witnessed.Order(), witnessed);
            Assert.Equal(witnessed.Distinct().Count(), witnessed.Count);
        }

        // Checkpoints are signed every so often; verifying sealed the head, so one covers every record of the calls.
        await using (var db = server.CreateDbContext())
        {
            Assert.True(await db.AuditCheckpoints.MaxAsync(c => c.TreeSize) >= recorded);
        }
    }

    private static async Task Refused(Task call) => await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => call);

    private async Task<int> CallRecordCountAsync() => await AuditTestKit.CallRecordCountAsync(server);

    /// <summary>A second directory on the first one's database, configured as DirectoryServer
    /// configures the first: same identity server (authority, metadata through its in-process host,
    /// its AuthEventFeed for authentication events) and the same audit signing key.</summary>
    private sealed class SecondInstance : IAsyncDisposable
    {
        public const string Name = "instance-b";

        private readonly WebApplicationFactory<DirectoryApiMarker> _factory;
        private readonly string _directory;

        private SecondInstance(WebApplicationFactory<DirectoryApiMarker> factory, string directory)
        {
            _factory = factory;
            _directory = directory;
        }

        public static async Task<SecondInstance> StartAsync(InstanceADirectoryServer first)
        {
            var identity = first.Identity;
            var directory = Path.Combine(Path.GetTempPath(), "childindex-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var keyFile = Path.Combine(directory, "audit-signing-key.pem");
            await File.WriteAllTextAsync(keyFile, first.Services.GetRequiredService<AuditSigningKey>().Key.ExportPkcs8PrivateKeyPem());
            var factory = new WebApplicationFactory<DirectoryApiMarker>().WithWebHostBuilder(builder =>
            {
                builder.UseEnvironment("Testing");
                builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["DB_PROVIDER"] = first.Database.ToString(),
                    ["DB_CONNECTION"] = first.ConnectionString,
                    ["IDENTITY_AUTHORITY"] = identity.Authority,
                    ["DATA_DIR"] = directory,
                    ["AUDIT_SIGNING_KEY"] = keyFile,
                    ["SERVER_INSTANCE"] = Name,
                    ["AUDIT_WITNESS"] = $"file:{first.WitnessFile}",
                }).AddInMemoryCollection(identity.AuthEventFeedSettings()));
                builder.ConfigureServices(services => services.Configure<JwtBearerOptions>(
                    JwtBearerDefaults.AuthenticationScheme, options => options.BackchannelHttpHandler = identity.CreateHandler()));
                builder.ConfigureServices(identity.UseForAuthEventFeed);
            });
            _ = factory.Server;
            return new SecondInstance(factory, directory);
        }

        public GrpcChannel ChannelWithToken(string token) => DirectoryServer.ChannelWithToken(_factory.Server, token);

        public async ValueTask DisposeAsync()
        {
            await _factory.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }
    }
}

/// <summary>The first of two instances sharing a PostgreSQL database, named so its records can be told apart.</summary>
public sealed class InstanceADirectoryServer() : DirectoryServer(TestDatabase.PostgreSql)
{
    public const string Name = "instance-a";

    /// <summary>The witness file both instances publish to.</summary>
    public string WitnessFile { get; } = Path.Combine(Path.GetTempPath(), "childindex-witness", Guid.NewGuid().ToString("N"), "checkpoints.jsonl");

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["SERVER_INSTANCE"] = Name,
        ["AUDIT_WITNESS"] = $"file:{WitnessFile}",
    };
}
