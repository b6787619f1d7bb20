using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>
/// The audit writer signs a checkpoint every so many records or so often, not with every batch, and
/// still never leaves a security officer looking at unsigned records: the audit-trail reads seal the
/// head first. The directory here signs after 5 records, or after an hour.
/// </summary>
public abstract class AuditWriterTests(DirectoryServer server)
{
    [Fact]
    public async Task LookUpsOneAfterAnother_ShareCheckpoints_InsteadOfOneEach()
    {
        var child = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        var directory = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        var before = await CheckpointCountAsync();

        const int LookUps = 12;
        for (var i = 0; i < LookUps; i++)
        {
            await directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId });
        }

        // Every 5 records: 2 or 3 checkpoints for 12 look-ups (identity events may add records), never 12.
        var signed = await CheckpointCountAsync() - before;
        Assert.InRange(signed, 1, 4);
    }

    [Fact]
    public async Task VerifyAuditTrail_RightAfterLookUps_FindsEveryRecordCoveredAndIntact()
    {
        var lookUp = await AuditTestKit.LookUpAsync(server);
        var officer = await AuditTestKit.SecurityOfficerAsync(server);

        var verified = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());

        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
        Assert.True(verified.RecordsChecked > lookUp.Sequence);
        var checkpoint = await officer.GetCheckpointAsync(new GetCheckpointRequest());
        Assert.True(checkpoint.TreeSize > lookUp.Sequence);
        var proof = await officer.GetInclusionProofAsync(new GetInclusionProofRequest { Sequence = lookUp.Sequence, TreeSize = checkpoint.TreeSize });
        Assert.Equal(lookUp.Sequence, proof.Sequence);
    }

    [Fact]
    public async Task Export_RightAfterALookUp_HoldsItsRecordAndACheckpointCoveringIt()
    {
        var lookUp = await AuditTestKit.LookUpAsync(server);

        var trail = await AuditTestKit.ExportAsync(await AuditTestKit.SecurityOfficerAsync(server));

        Assert.Contains(trail.Records, r => AuditRecord.Parser.ParseFrom(r.Record).Sequence == lookUp.Sequence);
        Assert.Contains(trail.Checkpoints, c => c.TreeSize > lookUp.Sequence);
    }

    [Fact]
    public async Task VerifyAuditTrail_ByARoleNotAllowedIt_IsRefusedWithoutSigningAnything()
    {
        var child = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        var directory = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        var practitionerTrail = new AuditTrail.AuditTrailClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        await (await AuditTestKit.SecurityOfficerAsync(server)).GetCheckpointAsync(new GetCheckpointRequest());
        await directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId });
        var before = await CheckpointCountAsync();

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => practitionerTrail.VerifyAuditTrailAsync(new VerifyAuditTrailRequest()).ResponseAsync);

        // The look-up's record stays unsigned (fewer than 5 records, an hour to go): nothing sealed it.
        Assert.Equal(before, await CheckpointCountAsync());
    }

    private async Task<int> CheckpointCountAsync()
    {
        await using var db = server.CreateDbContext();
        return await db.AuditCheckpoints.CountAsync();
    }
}

/// <summary>A directory of its own, signing after 5 records or an hour.</summary>
public abstract class CheckpointEveryFiveDirectoryServer(TestDatabase database) : DirectoryServer(database)
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["AUDIT_CHECKPOINT_RECORDS"] = "5",
        ["AUDIT_CHECKPOINT_INTERVAL_MS"] = "3600000",
    };
}

public sealed class SqliteCheckpointEveryFiveDirectoryServer() : CheckpointEveryFiveDirectoryServer(TestDatabase.Sqlite);

public sealed class PostgresCheckpointEveryFiveDirectoryServer() : CheckpointEveryFiveDirectoryServer(TestDatabase.PostgreSql);

public sealed class SqliteAuditWriterTests(SqliteCheckpointEveryFiveDirectoryServer server) : AuditWriterTests(server), IClassFixture<SqliteCheckpointEveryFiveDirectoryServer>;

public sealed class PostgresAuditWriterTests(PostgresCheckpointEveryFiveDirectoryServer server) : AuditWriterTests(server), IClassFixture<PostgresCheckpointEveryFiveDirectoryServer>;
