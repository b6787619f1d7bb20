using ChildIndex.Audit;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>What the audit tests at scale share: a synthetic trail appended as the service appends
/// it (batches of varying size, a checkpoint and the completed tree nodes per batch).</summary>
internal static class SyntheticTrail
{
    public static async Task AppendAsync(DirectoryServer server, int count, int seed, int largestBatch = 40)
    {
        var appender = server.Services.GetRequiredService<AuditAppender>();
        var random = new Random(seed);
        for (var done = 0; done < count;)
        {
            var batch = Math.Min(count - done, random.Next(1, largestBatch + 1));
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var db = server.CreateDbContext();
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    var records = Enumerable.Range(0, batch).Select(_ =>
                    {
                        var record = appender.NewRecord("synthetic/Lookup");
                        record.Outcome = "OK";
                        return record;
                    }).ToList();
                    await appender.AppendAsync(db, records, personalDetail: true, CancellationToken.None);
                    await transaction.CommitAsync();
                    break;
                }
                catch (Exception) when (attempt < 5)
                {
                    // SQLite: the service's own appends may hold the write lock a moment.
                    await Task.Delay(100 * attempt);
                }
            }

            done += batch;
        }
    }

    public static async Task<List<byte[]>> LeafHashesAsync(DirectoryServer server)
    {
        await using var db = server.CreateDbContext();
        return await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.LeafHash).ToListAsync();
    }

    public static async Task<(TrailVerification Result, AuditReadStatistics Reads)> VerifyAsync(DirectoryServer server, int pageSize)
    {
        await using var db = server.CreateDbContext();
        return await new AuditVerification(db, server.Services.GetRequiredService<AuditSigningKey>(), server.Services.GetRequiredService<AuditWitnessing>()).VerifyStoredAsync(pageSize, null, CancellationToken.None);
    }
}

/// <summary>
/// Proofs read stored subtree hashes instead of every leaf, and must give exactly the proofs every
/// leaf gives; verification streams the trail in pages; requests out of range are refused by name.
/// </summary>
public abstract class AuditAtScaleTests(DirectoryServer server)
{
    [Fact]
    public async Task ProofsFromStoredNodes_EqualProofsFromEveryLeaf_ForManyTreeSizes()
    {
        await SyntheticTrail.AppendAsync(server, 700, seed: 1, largestBatch: 12);
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var leaves = await SyntheticTrail.LeafHashesAsync(server);
        List<long> sizes;
        await using (var db = server.CreateDbContext())
        {
            sizes = await db.AuditCheckpoints.Where(c => c.TreeSize <= leaves.Count).OrderBy(c => c.TreeSize).Select(c => c.TreeSize).ToListAsync();
        }

        var random = new Random(2);
        var sampled = sizes.Where((s, i) => s <= 40 || i % Math.Max(1, sizes.Count / 50) == 0).ToList();
        Assert.True(sampled.Count >= 30, $"only {sampled.Count} tree sizes sampled");
        foreach (var size in sampled)
        {
            var tree = leaves.Take((int)size).ToList();
            foreach (var index in new[] { 0, size - 1, size / 2, random.NextInt64(size) }.Distinct())
            {
                var proof = await officer.GetInclusionProofAsync(new GetInclusionProofRequest { Sequence = index, TreeSize = size });
                Assert.Equal(MerkleTree.InclusionProof(tree, index).Select(Convert.ToHexString), proof.Path.Select(p => Convert.ToHexString(p.Span)));
                Assert.Equal(tree[(int)index], proof.LeafHash.ToByteArray());
            }

            foreach (var first in sizes.Where(s => s <= size).OrderBy(_ => random.Next()).Take(3))
            {
                var proof = await officer.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = first, SecondSize = size });
                Assert.Equal(MerkleTree.ConsistencyProof(tree, first).Select(Convert.ToHexString), proof.Path.Select(p => Convert.ToHexString(p.Span)));
            }
        }
    }

    [Fact]
    public async Task Verification_ReadsTheTrailInPagesOfAtMostThePageSize_AndFindsItIntact()
    {
        await SyntheticTrail.AppendAsync(server, 500, seed: 3);

        var (result, reads) = await SyntheticTrail.VerifyAsync(server, pageSize: 50);

        Assert.True(result.Intact, string.Join("\n", result.Problems));
        Assert.True(result.RecordsChecked >= 500);
        Assert.Equal((result.RecordsChecked + 49) / 50, reads.RecordPages);
        Assert.Equal(50, reads.LargestRecordPage);
        // Checkpoints come a page at a time, read ahead of the records; stored nodes a page per level.
        Assert.InRange(reads.CheckpointPages, (result.CheckpointsChecked / 50) + 1, (result.CheckpointsChecked / 50) + 2);
        Assert.InRange(reads.NodePages, 1, 40);
    }

    [Theory]
    [InlineData("UPDATE \"AuditTreeNodes\" SET \"Hash\" = \"Hash\"")]
    [InlineData("DELETE FROM \"AuditTreeNodes\"")]
    public async Task Database_RefusesToUpdateOrDeleteStoredTreeNodes(string statement)
    {
        await SyntheticTrail.AppendAsync(server, 40, seed: 5);
        await using var db = server.CreateDbContext();
        var before = await db.AuditTreeNodes.CountAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(statement));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Contains("AuditTreeNodes", error.Message, StringComparison.Ordinal);
        Assert.True(before > 0);
        Assert.True(await db.AuditTreeNodes.CountAsync() >= before);
    }

    [Fact]
    public async Task GetCheckpoint_WithANegativeTreeSize_IsInvalidArgumentNamingIt()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => officer.GetCheckpointAsync(new GetCheckpointRequest { TreeSize = -1 }).ResponseAsync);

        Assert.Equal(["tree_size"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task Proofs_WithANegativeTreeSize_AreInvalidArgumentNamingIt()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);

        var inclusion = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => officer.GetInclusionProofAsync(new GetInclusionProofRequest { Sequence = 0, TreeSize = -5 }).ResponseAsync);
        var consistency = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => officer.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = 1, SecondSize = -5 }).ResponseAsync);

        Assert.Equal(["tree_size"], RpcAssert.ViolatedFields(inclusion));
        Assert.Equal(["second_size"], RpcAssert.ViolatedFields(consistency));
    }

    [Theory]
    [InlineData(253_402_300_800L, 0, "from")]
    [InlineData(-62_135_596_801L, 0, "from")]
    [InlineData(0L, 1_000_000_000, "from")]
    public async Task QueryAuditAndMisuseReport_WithATimestampOutOfRange_AreInvalidArgumentNamingTheField(long seconds, int nanos, string field)
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var bad = new Timestamp { Seconds = seconds, Nanos = nanos };

        var query = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => officer.QueryAuditAsync(new QueryAuditRequest { From = bad }).ResponseAsync);
        var queryTo = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => officer.QueryAuditAsync(new QueryAuditRequest { To = bad }).ResponseAsync);
        var misuse = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => officer.MisuseReportAsync(new MisuseReportRequest { From = bad }).ResponseAsync);
        var misuseTo = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => officer.MisuseReportAsync(new MisuseReportRequest { To = bad }).ResponseAsync);

        Assert.Equal([field], RpcAssert.ViolatedFields(query));
        Assert.Equal(["to"], RpcAssert.ViolatedFields(queryTo));
        Assert.Equal([field], RpcAssert.ViolatedFields(misuse));
        Assert.Equal(["to"], RpcAssert.ViolatedFields(misuseTo));
    }
}

/// <summary>
/// An insider edits the derived tree nodes that proofs hand out, with the protection switched off:
/// verification names the node; nodes deleted (or a trail older than them) are named as missing and
/// restored by the backfill; a forged node is named; an edited record is still named when the trail
/// is read a small page at a time. Destructive, so on a directory of its own.
/// </summary>
public abstract class AuditTreeNodeTamperTests(DirectoryServer server)
{
    [Fact]
    public async Task TreeNodes_DeletedAlteredOrForged_AreNamedByVerification_AndTheBackfillRestoresThem()
    {
        await SyntheticTrail.AppendAsync(server, 300, seed: 4);
        var (intact, _) = await SyntheticTrail.VerifyAsync(server, pageSize: 64);
        Assert.True(intact.Intact, string.Join("\n", intact.Problems));
        await using (var db = server.CreateDbContext())
        {
            await AuditTestKit.DisableAppendOnlyAsync(db, server.Database);
            Assert.True(await db.AuditTreeNodes.CountAsync() >= 300 / 16);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditTreeNodes\"");
        }

        var (withoutNodes, _) = await SyntheticTrail.VerifyAsync(server, pageSize: 64);
        AuditTamperEvidenceTests.AssertNames(withoutNodes.Intact, withoutNodes.Problems, "level 4, index 0", "missing", "backfill-audit-nodes");

        await using (var db = server.CreateDbContext())
        {
            Assert.True(await AuditTreeNodes.BackfillAsync(db, null, CancellationToken.None) >= 300 / 16);
        }

        var (backfilled, _) = await SyntheticTrail.VerifyAsync(server, pageSize: 64);
        Assert.True(backfilled.Intact, string.Join("\n", backfilled.Problems));

        // Node (4, 3) covers records 48 to 63: record 32's inclusion proof passes through it.
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var checkpoint = await officer.GetCheckpointAsync(new GetCheckpointRequest());
        await using (var db = server.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditTreeNodes\" SET \"Hash\" = {MerkleTree.LeafHash([6, 6, 6])} WHERE \"Level\" = 4 AND \"Index\" = 3");
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"AuditTreeNodes\" (\"Level\", \"Index\", \"Hash\") VALUES (5, 1000000000, {MerkleTree.LeafHash([7])})");
        }

        var altered = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        AuditTamperEvidenceTests.AssertNames(altered.Intact, altered.Problems, "tree node at level 4, index 3", "records 48 to 63", "altered");
        AuditTamperEvidenceTests.AssertNames(altered.Intact, altered.Problems, "tree node at level 5, index 1000000000", "forged");
        var proof = await officer.GetInclusionProofAsync(new GetInclusionProofRequest { Sequence = 32, TreeSize = checkpoint.TreeSize });
        Assert.False(MerkleTree.VerifyInclusion(32, checkpoint.TreeSize, proof.LeafHash.Span, [.. proof.Path.Select(p => p.ToByteArray())], checkpoint.RootHash.Span));

        // And a record edited in place, found by the stream however small its pages.
        await using (var db = server.CreateDbContext())
        {
            var bytes = await db.AuditEntries.Where(e => e.Sequence == 200).Select(e => e.Record).SingleAsync();
            var record = AuditRecord.Parser.ParseFrom(bytes);
            record.Outcome = "PERMISSION_DENIED";
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Record\" = {record.ToByteArray()} WHERE \"Sequence\" = 200");
        }

        var (edited, reads) = await SyntheticTrail.VerifyAsync(server, pageSize: 16);
        AuditTamperEvidenceTests.AssertNames(edited.Intact, edited.Problems, "record 200", "edited");
        Assert.Equal(16, reads.LargestRecordPage);
    }
}

// A checkpoint after every append, so that proofs can be asked for at many tree sizes.
public sealed class SqliteAuditAtScaleTests(SqliteCheckpointEveryRecordDirectoryServer server) : AuditAtScaleTests(server), IClassFixture<SqliteCheckpointEveryRecordDirectoryServer>;

public sealed class PostgresAuditAtScaleTests(PostgresCheckpointEveryRecordDirectoryServer server) : AuditAtScaleTests(server), IClassFixture<PostgresCheckpointEveryRecordDirectoryServer>;

public sealed class SqliteAuditTreeNodeTamperTests(SqliteTamperedDirectoryServer server) : AuditTreeNodeTamperTests(server), IClassFixture<SqliteTamperedDirectoryServer>;

public sealed class PostgresAuditTreeNodeTamperTests(PostgresTamperedDirectoryServer server) : AuditTreeNodeTamperTests(server), IClassFixture<PostgresTamperedDirectoryServer>;
