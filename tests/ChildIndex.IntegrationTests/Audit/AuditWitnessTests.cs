using ChildIndex.Audit;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>A directory whose checkpoints are published to a witness file outside its database
/// (AUDIT_WITNESS=file:...), in a directory of its own, as other storage would be.</summary>
public abstract class WitnessedDirectoryServer(TestDatabase database) : DirectoryServer(database)
{
    public string WitnessDirectory { get; } = Path.Combine(Path.GetTempPath(), $"childindex-witness-{Guid.NewGuid():N}");

    public string WitnessFile => Path.Combine(WitnessDirectory, "checkpoints.jsonl");

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["AUDIT_WITNESS"] = $"file:{WitnessFile}" };

    /// <summary>The checkpoints the witness holds, oldest first.</summary>
    public IReadOnlyList<WitnessedCheckpoint> Witnessed()
    {
        if (!File.Exists(WitnessFile))
        {
            return [];
        }

        using var reader = new StringReader(File.ReadAllText(WitnessFile));
        return [.. WitnessLog.ReadAll(reader)];
    }
}

public sealed class SqliteWitnessedDirectoryServer() : WitnessedDirectoryServer(TestDatabase.Sqlite);

public sealed class PostgresWitnessedDirectoryServer() : WitnessedDirectoryServer(TestDatabase.PostgreSql);

/// <summary>A witnessed directory of its own: these tests rewrite its trail.</summary>
public sealed class SqliteRewrittenDirectoryServer() : WitnessedDirectoryServer(TestDatabase.Sqlite);

/// <summary>A witnessed directory of its own: these tests rewrite its trail.</summary>
public sealed class PostgresRewrittenDirectoryServer() : WitnessedDirectoryServer(TestDatabase.PostgreSql);

public abstract class AuditWitnessTests(WitnessedDirectoryServer server)
{
    [Fact]
    public async Task SignedCheckpoints_ArePublishedToTheWitness_AndVerificationRestsOnIt()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        await AuditTestKit.LookUpAsync(server);

        var newest = await officer.GetCheckpointAsync(new GetCheckpointRequest());

        var witnessed = server.Witnessed();
        Assert.NotEmpty(witnessed);
        Assert.Contains(witnessed, w => w.Checkpoint.TreeSize == newest.TreeSize && w.Checkpoint.RootHash == newest.RootHash);
        Assert.Equal(witnessed.Select(w => w.Checkpoint.TreeSize).Order(), witnessed.Select(w => w.Checkpoint.TreeSize));
        var verified = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
        Assert.True(verified.WitnessedTreeSize >= newest.TreeSize, $"witnessed {verified.WitnessedTreeSize}, newest checkpoint {newest.TreeSize}");
        Assert.Contains("witness file", verified.Witness, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCheckedOfflineAgainstTheWitness_IsIntact()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        await AuditTestKit.LookUpAsync(server);

        var export = await AuditTestKit.ExportAsync(officer);
        using var key = export.Key();
        var witnessed = server.Witnessed()[^1].Checkpoint;
        var offline = TrailVerifier.Verify(export.Records, export.Checkpoints, key, witnessed);

        Assert.True(offline.Intact, string.Join("\n", offline.Problems));
        Assert.True(export.Records.Count >= witnessed.TreeSize);
    }
}

/// <summary>
/// The attack that beat the trail before it had a witness: with the directory stopped and the
/// triggers off, delete the newest records and the checkpoints above them, append forged records
/// in their place and move the head to match. Restarted, the service used to sign the forged head.
/// </summary>
public abstract class AuditTailRewriteTests(WitnessedDirectoryServer server)
{
    [Fact]
    public async Task TailRewrittenWhileStopped_IsFoundAtRestart_AndTheServiceFailsClosedSigningNothing()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        for (var i = 0; i < 4; i++)
        {
            await AuditTestKit.LookUpAsync(server);
        }

        await officer.GetCheckpointAsync(new GetCheckpointRequest());
        long forgedHead = 0;
        await server.RestartAsync(async () =>
        {
            var witnessedSize = server.Witnessed()[^1].Checkpoint.TreeSize;
            await using var db = server.CreateDbContext();
            await AuditTestKit.DisableAppendOnlyAsync(db, server.Database);
            forgedHead = await RewriteTailAsync(db, keep: witnessedSize - 3, forge: 5);
            Assert.True(forgedHead > witnessedSize, "the forged head reaches past what was witnessed, as a careful forger's would");
        });

        var health = await new Health.HealthClient(server.AnonymousChannel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, health.Status);

        var practitioner = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await practitioner.SearchChildrenAsync(new SearchChildrenRequest
        {
            Purpose = TestRequests.Purpose(),
            NhsNumber = TestRequests.NewNhsNumber(),
        }));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);

        // The security officers can still read the trail, and are told what is wrong.
        var verified = await (await AuditTestKit.SecurityOfficerAsync(server)).VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.False(verified.Intact);
        Assert.Contains(verified.Problems, p => p.Contains("witness", StringComparison.Ordinal));

        await using var after = server.CreateDbContext();
        var newestSigned = await after.AuditCheckpoints.MaxAsync(c => (long?)c.TreeSize) ?? 0;
        Assert.True(newestSigned < forgedHead, $"the service signed the forged head ({newestSigned} >= {forgedHead})");
    }

    /// <summary>Keeps the first <paramref name="keep"/> records, forges <paramref name="forge"/> after
    /// them, and leaves the database consistent with itself (head, nodes, links); returns the new size.</summary>
    private static async Task<long> RewriteTailAsync(Core.Storage.ChildIndexDbContext db, long keep, int forge)
    {
        var template = await db.AuditEntries.SingleAsync(e => e.Sequence == keep - 1);
        await db.AuditChildLinks.Where(l => l.Sequence >= keep).ExecuteDeleteAsync();
        await db.AuditEntries.Where(e => e.Sequence >= keep).ExecuteDeleteAsync();
        await db.AuditCheckpoints.Where(c => c.TreeSize > keep).ExecuteDeleteAsync();
        foreach (var node in await db.AuditTreeNodes.ToListAsync())
        {
            if ((node.Index + 1) << node.Level > keep)
            {
                await db.AuditTreeNodes.Where(n => n.Level == node.Level && n.Index == node.Index).ExecuteDeleteAsync();
            }
        }

        for (var i = 0; i < forge; i++)
        {
            var record = AuditRecord.Parser.ParseFrom(template.Record);
            record.Sequence = keep + i;
            record.Actor.Subject = "forged";
            var bytes = record.ToByteArray();
            db.AuditEntries.Add(new AuditEntry
            {
                Sequence = record.Sequence,
                TimeUnixMs = template.TimeUnixMs,
                Action = template.Action,
                Outcome = template.Outcome,
                ActorSubject = "forged",
                ActorOrganisation = template.ActorOrganisation,
                Record = bytes,
                LeafHash = MerkleTree.LeafHash(bytes),
            });
        }

        await db.SaveChangesAsync();
        var range = new CompactRange();
        foreach (var leaf in await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.LeafHash).ToListAsync())
        {
            range.Append(leaf);
        }

        var head = await db.AuditHeads.SingleAsync();
        head.TreeSize = range.Size;
        head.SubtreeHashes = [.. range.SubtreeHashes.SelectMany(h => h)];
        await db.SaveChangesAsync();
        return range.Size;
    }
}

/// <summary>A witness that cannot be reached stops signing, not serving.</summary>
public abstract class AuditWitnessUnreachableTests(DirectoryServer server)
{
    [Fact]
    public async Task WitnessUnreachable_LookUpsAreStillServedAndRecorded_ButNothingIsSigned()
    {
        var record = await AuditTestKit.LookUpAsync(server);

        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var noCheckpoint = await Assert.ThrowsAsync<RpcException>(async () => await officer.GetCheckpointAsync(new GetCheckpointRequest()));

        Assert.Equal(StatusCode.NotFound, noCheckpoint.StatusCode);
        Assert.Equal("OK", record.Outcome);
        var health = await new Health.HealthClient(server.AnonymousChannel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}

/// <summary>A witness whose storage is lost (or restored from an older copy) while the directory
/// runs: re-publishing from what it now holds would have it vouch for a tail it never saw whole.</summary>
public sealed class WitnessLostCheckpointsTests(SqliteLostWitnessDirectoryServer server) : IClassFixture<SqliteLostWitnessDirectoryServer>
{
    [Fact]
    public async Task WitnessLosesItsCheckpoints_NothingMoreIsSignedOrPublished_UntilTheyAreRestored()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        await AuditTestKit.LookUpAsync(server);
        var published = await officer.GetCheckpointAsync(new GetCheckpointRequest());
        Assert.Equal(published.TreeSize, server.Witnessed()[^1].Checkpoint.TreeSize);
        var saved = await File.ReadAllTextAsync(server.WitnessFile);

        await File.WriteAllTextAsync(server.WitnessFile, "");

        // The next signature is made before the loss is known; publishing it finds the loss.
        await AuditTestKit.LookUpAsync(server);
        await officer.GetCheckpointAsync(new GetCheckpointRequest());
        await AuditTestKit.LookUpAsync(server);
        var stalled = await officer.GetCheckpointAsync(new GetCheckpointRequest());
        var record = await AuditTestKit.LookUpAsync(server);
        var still = await officer.GetCheckpointAsync(new GetCheckpointRequest());

        Assert.Equal("OK", record.Outcome);
        Assert.Equal(stalled.TreeSize, still.TreeSize);
        Assert.Empty(server.Witnessed());

        await File.WriteAllTextAsync(server.WitnessFile, saved);
        var resumed = await AuditTestKit.EventuallyAsync(async () =>
        {
            await AuditTestKit.LookUpAsync(server);
            var newest = await officer.GetCheckpointAsync(new GetCheckpointRequest());
            var witnessed = server.Witnessed();
            return witnessed[^1].Checkpoint.TreeSize == newest.TreeSize && newest.TreeSize > still.TreeSize ? newest : null;
        }, TimeSpan.FromSeconds(30), "signing resumed once the witness held its checkpoints again");

        var verified = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
        Assert.True(verified.WitnessedTreeSize >= resumed.TreeSize);
    }
}

/// <summary>A witnessed directory of its own: these tests empty its witness file.</summary>
public sealed class SqliteLostWitnessDirectoryServer() : WitnessedDirectoryServer(TestDatabase.Sqlite);

/// <summary>A witness service address where nothing listens.</summary>
public sealed class SqliteUnreachableWitnessDirectoryServer() : DirectoryServer(TestDatabase.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["AUDIT_WITNESS"] = "http://127.0.0.1:9" };
}

public sealed class SqliteAuditWitnessTests(SqliteWitnessedDirectoryServer server) : AuditWitnessTests(server), IClassFixture<SqliteWitnessedDirectoryServer>;

public sealed class PostgresAuditWitnessTests(PostgresWitnessedDirectoryServer server) : AuditWitnessTests(server), IClassFixture<PostgresWitnessedDirectoryServer>;

public sealed class SqliteAuditWitnessUnreachableTests(SqliteUnreachableWitnessDirectoryServer server) : AuditWitnessUnreachableTests(server), IClassFixture<SqliteUnreachableWitnessDirectoryServer>;

public sealed class SqliteAuditTailRewriteTests(SqliteRewrittenDirectoryServer server) : AuditTailRewriteTests(server), IClassFixture<SqliteRewrittenDirectoryServer>;

public sealed class PostgresAuditTailRewriteTests(PostgresRewrittenDirectoryServer server) : AuditTailRewriteTests(server), IClassFixture<PostgresRewrittenDirectoryServer>;

/// <summary>A directory publishing to a witness service (`ChildIndex.Api witness`, a real process)
/// that the test starts on <see cref="WitnessPort"/>.</summary>
public sealed class SqliteWitnessServiceDirectoryServer() : DirectoryServer(TestDatabase.Sqlite)
{
    public int WitnessPort { get; } = ServerProcess.FreePort();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["AUDIT_WITNESS"] = $"http://127.0.0.1:{WitnessPort}",
    };
}

/// <summary>The witness command as an operator runs it, on its own port and folder.</summary>
public sealed class WitnessServiceTests(SqliteWitnessServiceDirectoryServer server) : IClassFixture<SqliteWitnessServiceDirectoryServer>, IDisposable
{
    private readonly string _witnessDir = Path.Combine(Path.GetTempPath(), "childindex-witness-service", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_witnessDir))
        {
            Directory.Delete(_witnessDir, recursive: true);
        }
    }

    [Fact]
    public async Task WitnessService_StoresAndCosignsTheDirectorysCheckpoints_AndRefusesOnesThatDoNotExtendThem()
    {
        // Before the witness answers: look-ups are served, nothing is signed.
        await AuditTestKit.LookUpAsync(server);
        using var witness = await ServerProcess.StartAsync("ChildIndex.Api", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["CHILDINDEX_WITNESS_PORT"] = server.WitnessPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CHILDINDEX_WITNESS_DIR"] = _witnessDir,
            ["CHILDINDEX_WITNESS_DIRECTORY_KEY"] = Path.Combine(server.DataDirectory, AuditSigningKey.DevelopmentPublicFile),
        }, command: "witness");

        // Once it answers (the directory's channel backs off at most 5 s between connection attempts).
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var newest = await AuditTestKit.EventuallyAsync(async () =>
        {
            try
            {
                return await officer.GetCheckpointAsync(new GetCheckpointRequest());
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(20), "a checkpoint signed once the witness answers");

        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{server.WitnessPort}");
        var client = new CheckpointWitness.CheckpointWitnessClient(channel);
        // The directory goes on signing (this very call's record, say): the witness holds that
        // checkpoint or a later one.
        var latest = await client.GetLatestCheckpointAsync(new GetLatestCheckpointRequest());
        Assert.True(latest.Checkpoint.TreeSize >= newest.TreeSize, $"witnessed {latest.Checkpoint.TreeSize}, signed {newest.TreeSize}");
        using var witnessKey = System.Security.Cryptography.ECDsa.Create();
        witnessKey.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(_witnessDir, "witness-key.pub.pem")));
        Assert.True(witnessKey.VerifyData(WitnessLog.CosignedText(latest), latest.Cosignature.ToByteArray(),
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence));

        // The same checkpoint with another root (a rewritten trail) is refused; so is a stale base.
        var forged = latest.Checkpoint.Clone();
        forged.RootHash = ByteString.CopyFrom(new byte[32]);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.AddCheckpointAsync(new AddCheckpointRequest { OldSize = latest.Checkpoint.TreeSize, Checkpoint = forged }));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var stale = await Assert.ThrowsAsync<RpcException>(async () => await client.AddCheckpointAsync(new AddCheckpointRequest { OldSize = latest.Checkpoint.TreeSize + 1_000_000, Checkpoint = latest.Checkpoint }));
        Assert.Equal(StatusCode.FailedPrecondition, stale.StatusCode);

        var verified = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
        Assert.True(verified.WitnessedTreeSize >= newest.TreeSize);
    }
}
