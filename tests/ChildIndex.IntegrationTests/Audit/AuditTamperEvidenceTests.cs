using System.Text.RegularExpressions;
using ChildIndex.Audit;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>
/// The trail proves itself: the service's own check finds it intact; an export verified offline
/// with nothing but the exported public key is intact, and any change to the export is caught and
/// located; inclusion and consistency proofs verify against the signed checkpoints.
/// </summary>
public abstract class AuditTamperEvidenceTests(DirectoryServer server)
{
    public static TheoryData<string> Tamperings() => ["edit", "edit-and-rehash", "delete", "reorder", "insert-forged", "truncate"];

    [Fact]
    public async Task VerifyAuditTrail_AsASecurityOfficer_FindsTheTrailIntact()
    {
        await LookUpAsync();

        var verified = await (await AuditTestKit.SecurityOfficerAsync(server)).VerifyAuditTrailAsync(new VerifyAuditTrailRequest());

        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
        Assert.Empty(verified.Problems);
        Assert.True(verified.RecordsChecked > 0);
        Assert.True(verified.CheckpointsChecked > 0);
    }

    [Fact]
    public async Task Export_VerifiedOfflineWithTheExportedPublicKey_IsIntact_AndSignedByTheServersKey()
    {
        await LookUpAsync();

        var export = await AuditTestKit.ExportAsync(await AuditTestKit.SecurityOfficerAsync(server));
        using var key = export.Key();
        var result = TrailVerifier.Verify(export.Records, export.Checkpoints, key);

        Assert.True(result.Intact, string.Join("\n", result.Problems));
        Assert.Equal(export.Records.Count, result.RecordsChecked);
        // The export ends at a checkpoint, and every checkpoint is the server's.
        Assert.Equal(export.Records.Count, export.Checkpoints.Max(c => c.TreeSize));
        var serverKey = server.Services.GetRequiredService<AuditSigningKey>();
        Assert.Equal(serverKey.Key.ExportSubjectPublicKeyInfo(), export.PublicKey);
        Assert.All(export.Checkpoints, c => Assert.Equal(serverKey.KeyId, c.KeyId));
        for (var i = 0; i < export.Records.Count; i++)
        {
            Assert.Equal(i, export.Parsed(i).Sequence);
        }
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Export_TamperedWith_IsCaughtOffline_AndTheRecordsConcernedAreNamed(string tampering)
    {
        await LookUpAsync();
        var target = await LookUpAsync();
        await LookUpAsync();
        await LookUpAsync();
        var export = await AuditTestKit.ExportAsync(await AuditTestKit.SecurityOfficerAsync(server));
        var k = (int)target.Sequence;
        var n = export.Records.Count;
        // The look-up was appended on its own, so checkpoints stand either side of it.
        Assert.Contains(export.Checkpoints, c => c.TreeSize == k);
        Assert.Contains(export.Checkpoints, c => c.TreeSize == k + 1);
        var records = export.Records.ToList();

        string[] expected;
        switch (tampering)
        {
            case "edit":
                records[k] = Edited(records[k], rehash: false);
                expected = [$"record {k}", "edited"];
                break;
            case "edit-and-rehash":
                records[k] = Edited(records[k], rehash: true);
                expected = [$"record {k}", $"tree size {k + 1}"];
                break;
            case "delete":
                records.RemoveAt(k);
                expected = [$"record {k}", "deleted"];
                break;
            case "reorder":
                (records[k], records[k + 1]) = (records[k + 1], records[k]);
                expected = [$"record {k} comes after record {k + 1}", "reordered"];
                break;
            case "insert-forged":
                records.Insert(k, Edited(records[k], rehash: true));
                expected = [$"record {k} appears 2 times", "inserted"];
                break;
            case "truncate":
                records.RemoveRange(n - 3, 3);
                expected = [$"records {n - 3} to {n - 1}", "truncated"];
                break;
            default:
                throw new InvalidOperationException(tampering);
        }

        using var key = export.Key();
        var result = TrailVerifier.Verify(records, export.Checkpoints, key);

        AssertNames(result.Intact, result.Problems, expected);
    }

    [Fact]
    public async Task InclusionProof_OfARecord_VerifiesAgainstTheRootOfTheSignedCheckpoint()
    {
        var target = await LookUpAsync();
        await LookUpAsync();
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var checkpoint = await officer.GetCheckpointAsync(new GetCheckpointRequest());
        var export = await AuditTestKit.ExportAsync(officer);
        using var key = export.Key();

        var proof = await officer.GetInclusionProofAsync(new GetInclusionProofRequest { Sequence = target.Sequence, TreeSize = checkpoint.TreeSize });

        Assert.True(CheckpointSignatures.Verify(Content(checkpoint), checkpoint.Signature.ToByteArray(), key));
        Assert.Equal(target.Sequence, proof.Sequence);
        Assert.Equal(checkpoint.TreeSize, proof.TreeSize);
        // The proof is about the record itself: its leaf is the hash of the record's bytes.
        Assert.Equal(MerkleTree.LeafHash(await RecordBytesAsync(target.Sequence)), proof.LeafHash.ToByteArray());
        var path = proof.Path.Select(p => p.ToByteArray()).ToList();
        Assert.True(MerkleTree.VerifyInclusion(proof.Sequence, proof.TreeSize, proof.LeafHash.Span, path, checkpoint.RootHash.Span));
        Assert.False(MerkleTree.VerifyInclusion(proof.Sequence, proof.TreeSize, MerkleTree.LeafHash([1, 2, 3]), path, checkpoint.RootHash.Span));
        Assert.False(MerkleTree.VerifyInclusion(proof.Sequence + 1, proof.TreeSize, proof.LeafHash.Span, path, checkpoint.RootHash.Span));
    }

    [Fact]
    public async Task ConsistencyProof_BetweenTwoCheckpoints_VerifiesThatTheOlderTreeIsAPrefixOfTheNewer()
    {
        var target = await LookUpAsync();
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var older = await officer.GetCheckpointAsync(new GetCheckpointRequest { TreeSize = target.Sequence + 1 });
        await LookUpAsync();
        await LookUpAsync();
        var newer = await officer.GetCheckpointAsync(new GetCheckpointRequest());
        var export = await AuditTestKit.ExportAsync(officer);
        using var key = export.Key();

        var proof = await officer.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = older.TreeSize, SecondSize = newer.TreeSize });

        Assert.Equal(target.Sequence + 1, older.TreeSize);
        Assert.True(newer.TreeSize > older.TreeSize);
        Assert.True(CheckpointSignatures.Verify(Content(older), older.Signature.ToByteArray(), key));
        Assert.True(CheckpointSignatures.Verify(Content(newer), newer.Signature.ToByteArray(), key));
        Assert.Equal(older.TreeSize, proof.FirstSize);
        Assert.Equal(newer.TreeSize, proof.SecondSize);
        var path = proof.Path.Select(p => p.ToByteArray()).ToList();
        Assert.True(MerkleTree.VerifyConsistency(older.TreeSize, newer.TreeSize, older.RootHash.Span, newer.RootHash.Span, path));
        var forged = older.RootHash.ToByteArray();
        forged[0] ^= 1;
        Assert.False(MerkleTree.VerifyConsistency(older.TreeSize, newer.TreeSize, forged, newer.RootHash.Span, path));
    }

    internal static Checkpoint Content(SignedCheckpoint checkpoint) =>
        new(checkpoint.TreeSize, checkpoint.RootHash.ToByteArray(), checkpoint.Time.ToDateTimeOffset());

    /// <summary>Asserts that the trail is not intact and that one problem contains every fragment
    /// (record numbers as whole words: "record 4" does not match "record 40").</summary>
    internal static void AssertNames(bool intact, IEnumerable<string> problems, params string[] fragments)
    {
        var list = problems.ToList();
        Assert.False(intact, "the trail was found intact");
        Assert.True(
            list.Any(p => fragments.All(f => Regex.IsMatch(p, $@"(?<![\w-]){Regex.Escape(f)}(?![\w-])", RegexOptions.None, TimeSpan.FromSeconds(1)))),
            $"no problem names {string.Join(" + ", fragments.Select(f => $"'{f}'"))}; problems:\n{string.Join("\n", list)}");
    }

    /// <summary>The record with another actor, as an insider covering for a colleague would make it.</summary>
    internal static ExportedRecord Edited(ExportedRecord exported, bool rehash)
    {
        var record = AuditRecord.Parser.ParseFrom(exported.Record);
        record.Actor.Subject = "someone-else";
        var bytes = record.ToByteString();
        return new ExportedRecord { Record = bytes, LeafHash = rehash ? ByteString.CopyFrom(MerkleTree.LeafHash(bytes.Span)) : exported.LeafHash };
    }

    private Task<AuditRecord> LookUpAsync() => AuditTestKit.LookUpAsync(server);

    private async Task<byte[]> RecordBytesAsync(long sequence)
    {
        await using var db = server.CreateDbContext();
        return await db.AuditEntries.Where(e => e.Sequence == sequence).Select(e => e.Record).SingleAsync();
    }
}

/// <summary>
/// A directory that signs a checkpoint after every record (AUDIT_CHECKPOINT_RECORDS=1), so that
/// checkpoints stand either side of each look-up and verification names a tampered record exactly;
/// with the default, sparser checkpoints it places such a record between two of them (TrailVerifierTests).
/// </summary>
public abstract class CheckpointEveryRecordDirectoryServer(TestDatabase database) : DirectoryServer(database)
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["AUDIT_CHECKPOINT_RECORDS"] = "1" };
}

public sealed class SqliteCheckpointEveryRecordDirectoryServer() : CheckpointEveryRecordDirectoryServer(TestDatabase.Sqlite);

public sealed class PostgresCheckpointEveryRecordDirectoryServer() : CheckpointEveryRecordDirectoryServer(TestDatabase.PostgreSql);

public sealed class SqliteAuditTamperEvidenceTests(SqliteCheckpointEveryRecordDirectoryServer server) : AuditTamperEvidenceTests(server), IClassFixture<SqliteCheckpointEveryRecordDirectoryServer>;

public sealed class PostgresAuditTamperEvidenceTests(PostgresCheckpointEveryRecordDirectoryServer server) : AuditTamperEvidenceTests(server), IClassFixture<PostgresCheckpointEveryRecordDirectoryServer>;
