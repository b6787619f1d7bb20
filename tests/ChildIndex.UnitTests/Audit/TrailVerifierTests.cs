using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ChildIndex.Audit;
using ChildIndex.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.UnitTests.Audit;

/// <summary>
/// The offline verifier on a small synthetic trail of ten records, signed as the service signs it
/// (a checkpoint after every append), or with only a few checkpoints: intact, it finds nothing; each
/// kind of tampering is found and the problem names the records concerned.
/// </summary>
public sealed partial class TrailVerifierTests : IDisposable
{
    private const int Size = 10;
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
    }

    [Fact]
    public void IntactTrail_WithACheckpointAfterEveryRecord_HasNoProblems()
    {
        var (records, checkpoints) = Trail(EveryRecord);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        Assert.True(result.Intact, string.Join("\n", result.Problems));
        Assert.Empty(result.Problems);
        Assert.Equal(Size, result.RecordsChecked);
        Assert.Equal(Size, result.CheckpointsChecked);
    }

    [Fact]
    public void IntactTrail_WithAFewCheckpoints_HasNoProblems()
    {
        var (records, checkpoints) = Trail(Few);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        Assert.True(result.Intact, string.Join("\n", result.Problems));
        Assert.Equal(3, result.CheckpointsChecked);
    }

    [Fact]
    public void IntactTrail_VerifiedWithThePublicKeyAlone_HasNoProblems()
    {
        var (records, checkpoints) = Trail(Few);
        using var publicOnly = ECDsa.Create();
        publicOnly.ImportSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo(), out _);

        Assert.True(TrailVerifier.Verify(records, checkpoints, publicOnly).Intact);
    }

    [Fact]
    public void EditedRecord_WithItsStoredLeafHashLeftAsItWas_IsNamed()
    {
        var (records, checkpoints) = Trail(Few);
        records[4] = Edited(records[4], recomputeLeafHash: false);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "record 4", "edited");
    }

    [Fact]
    public void EditedRecord_WithTheLeafHashRecomputedByTheForger_IsNamedByTheCheckpointsAroundIt()
    {
        var (records, checkpoints) = Trail(EveryRecord);
        records[4] = Edited(records[4], recomputeLeafHash: true);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "record 4", "tree size 5");
        // Records before it are still as signed.
        Assert.Contains(result.Problems, p => p.Contains("records 0 to 3 still match the checkpoint at tree size 4", StringComparison.Ordinal));
    }

    [Fact]
    public void EditedRecord_WithTheLeafHashRecomputed_AndFewCheckpoints_IsPlacedBetweenTwoCheckpoints()
    {
        var (records, checkpoints) = Trail(Few);
        records[4] = Edited(records[4], recomputeLeafHash: true);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        // Checkpoints at 3 and 6: the change is among records 3, 4 and 5.
        AssertNames(result, "records 3 to 5", "tree size 6");
    }

    [Fact]
    public void DeletedRecord_IsNamed_AndNotMistakenForATruncation()
    {
        var (records, checkpoints) = Trail(EveryRecord);
        records.RemoveAt(4);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "record 4", "deleted");
        Assert.DoesNotContain(result.Problems, p => p.Contains("truncated", StringComparison.Ordinal));
    }

    [Fact]
    public void DeletedRecord_WithFewCheckpoints_IsNamedByTheGapInSequenceNumbers()
    {
        var (records, checkpoints) = Trail(Few);
        records.RemoveAt(7);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "record 7", "missing (deleted)");
    }

    [Fact]
    public void SwappedRecords_AreBothNamed()
    {
        var (records, checkpoints) = Trail(EveryRecord);
        (records[4], records[5]) = (records[5], records[4]);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "record 4 comes after record 5", "reordered");
        AssertNames(result, "record 4", "tree size 5");
    }

    [Fact]
    public void ForgedRecordInserted_WithTheNumberOfTheRecordItPrecedes_IsNamed()
    {
        var (records, checkpoints) = Trail(EveryRecord);
        var forged = Record(4);
        forged.Actor.Subject = "someone-else";
        records.Insert(4, Export(forged));

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "record 4 appears 2 times", "inserted");
        AssertNames(result, "record 4", "tree size 5");
    }

    [Fact]
    public void ForgedRecordInserted_AtTheEnd_IsNamedAsCoveredByNoCheckpoint()
    {
        var (records, checkpoints) = Trail(EveryRecord);
        records.Add(Export(Record(Size)));

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, $"record {Size}", "not covered by any signed checkpoint");
    }

    [Fact]
    public void ForgedRecordInserted_WithANumberFarBeyondTheTrail_IsNamedWithoutListingImaginaryGaps()
    {
        var (records, checkpoints) = Trail(EveryRecord);
        records.Insert(6, Export(Record(1_000_000_000_000)));

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "record 1000000000000", "not covered");
        AssertNames(result, "record 6", "tree size 7");
        Assert.DoesNotContain(result.Problems, p => p.Contains("deleted", StringComparison.Ordinal));
    }

    [Fact]
    public void TruncatedTail_NamesTheMissingRecords()
    {
        var (records, checkpoints) = Trail(EveryRecord);
        records.RemoveRange(7, 3);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "records 7 to 9", "truncated");
    }

    [Fact]
    public void TruncatedTail_WithFewCheckpoints_NamesTheMissingRecords()
    {
        var (records, checkpoints) = Trail(Few);
        records.RemoveAt(9);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "record 9", "truncated");
    }

    [Fact]
    public void CheckpointSignedByAnotherKey_IsNamedAndNotTrusted()
    {
        var (records, checkpoints) = Trail(Few);
        checkpoints[1] = Sign(records, 6, _otherKey);

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "checkpoint at tree size 6", "signature does not verify");
        Assert.Equal(2, result.CheckpointsChecked);
    }

    [Fact]
    public void CheckpointWithAnAlteredRoot_IsNamedAndNotTrusted()
    {
        var (records, checkpoints) = Trail(Few);
        var altered = checkpoints[1].Clone();
        var root = altered.RootHash.ToByteArray();
        root[0] ^= 0x01;
        altered.RootHash = ByteString.CopyFrom(root);
        checkpoints[1] = altered;

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "checkpoint at tree size 6", "forged or altered");
    }

    [Fact]
    public void CheckpointWithAnAlteredTreeSize_IsNotTrusted()
    {
        var (records, checkpoints) = Trail(Few);
        var altered = checkpoints[2].Clone();
        altered.TreeSize = 12;
        checkpoints[2] = altered;

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "checkpoint at tree size 12", "signature does not verify");
    }

    [Fact]
    public void TrailWithoutCheckpoints_IsNotIntact()
    {
        var (records, _) = Trail(Few);

        var result = TrailVerifier.Verify(records, [], _key);

        AssertNames(result, "records 0 to 9", "no checkpoint");
    }

    [Fact]
    public void UnreadableRecord_IsNamedByItsPosition()
    {
        var (records, checkpoints) = Trail(EveryRecord);
        var garbage = ByteString.CopyFrom(0xFF, 0xFF, 0xFF);
        records[3] = new ExportedRecord { Record = garbage, LeafHash = ByteString.CopyFrom(MerkleTree.LeafHash(garbage.Span)) };

        var result = TrailVerifier.Verify(records, checkpoints, _key);

        AssertNames(result, "record at position 3", "not a readable audit record");
    }

    [Fact]
    public void Checkpoint_SignedText_IsTheDocumentedFormat()
    {
        var root = MerkleTree.LeafHash([1, 2, 3]);
        var checkpoint = new Checkpoint(42, root, Start);

        Assert.Equal(
            $"childindex-audit-checkpoint/v1\n42\n{Convert.ToBase64String(root)}\n{Start.ToUnixTimeSeconds()}\n",
            System.Text.Encoding.UTF8.GetString(checkpoint.SignedText()));
    }

    [Fact]
    public void CheckpointSignatures_RoundTrip_VerifiesOnlyTheSignedContentWithTheSigningKey()
    {
        var checkpoint = new Checkpoint(7, MerkleTree.LeafHash([7]), Start);
        var signature = CheckpointSignatures.Sign(checkpoint, _key);
        using var publicOnly = ECDsa.Create();
        publicOnly.ImportSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo(), out _);

        Assert.True(CheckpointSignatures.Verify(checkpoint, signature, _key));
        Assert.True(CheckpointSignatures.Verify(checkpoint, signature, publicOnly));
        Assert.False(CheckpointSignatures.Verify(checkpoint with { TreeSize = 8 }, signature, _key));
        Assert.False(CheckpointSignatures.Verify(checkpoint with { RootHash = MerkleTree.LeafHash([8]) }, signature, _key));
        Assert.False(CheckpointSignatures.Verify(checkpoint with { Time = Start.AddSeconds(1) }, signature, _key));
        Assert.False(CheckpointSignatures.Verify(checkpoint, signature, _otherKey));
        Assert.False(CheckpointSignatures.Verify(checkpoint, [0x30, 0x00], _key));
        Assert.False(CheckpointSignatures.Verify(checkpoint, [], _key));
    }

    [Fact]
    public void CheckpointSignatures_Sign_MakesDerEncodedP256Signatures()
    {
        var signature = CheckpointSignatures.Sign(new Checkpoint(1, MerkleTree.LeafHash([1]), Start), _key);

        // A DER SEQUENCE of two INTEGERs: at most 72 bytes for P-256 (the column allows 80).
        Assert.Equal(0x30, signature[0]);
        Assert.InRange(signature.Length, 8, 72);
    }

    [Fact]
    public void CheckpointSignatures_KeyId_IsTheFirst8BytesOfTheSha256OfThePublicKeyInfo_InLowerHex()
    {
        using var publicOnly = ECDsa.Create();
        publicOnly.ImportSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo(), out _);

        var keyId = CheckpointSignatures.KeyId(_key);

        Assert.Matches(LowerHex16(), keyId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo())[..8]), keyId);
        Assert.Equal(keyId, CheckpointSignatures.KeyId(publicOnly));
        Assert.NotEqual(keyId, CheckpointSignatures.KeyId(_otherKey));
    }

    private static IEnumerable<long> EveryRecord => Enumerable.Range(1, Size).Select(i => (long)i);

    private static IEnumerable<long> Few => [3, 6, Size];

    /// <summary>Asserts that the trail is not intact and that one problem contains every fragment,
    /// a record number as a whole word ("record 4" does not match "record 40").</summary>
    private static void AssertNames(TrailVerification result, params string[] fragments)
    {
        Assert.False(result.Intact);
        Assert.True(
            result.Problems.Any(p => fragments.All(f => Regex.IsMatch(p, $@"(?<![\w-]){Regex.Escape(f)}(?![\w-])", RegexOptions.None, TimeSpan.FromSeconds(1)))),
            $"no problem names {string.Join(" + ", fragments.Select(f => $"'{f}'"))}; problems:\n{string.Join("\n", result.Problems)}");
    }

    private (List<ExportedRecord> Records, List<SignedCheckpoint> Checkpoints) Trail(IEnumerable<long> checkpointSizes)
    {
        var records = Enumerable.Range(0, Size).Select(i => Export(Record(i))).ToList();
        return (records, [.. checkpointSizes.Select(size => Sign(records, size, _key))]);
    }

    private static AuditRecord Record(long sequence) => new()
    {
        Sequence = sequence,
        Time = Timestamp.FromDateTimeOffset(Start.AddMinutes(sequence % 1000)),
        Action = sequence % 2 == 0 ? "childindex.v1.ChildDirectory/GetChild" : "childindex.v1.ChildDirectory/SearchChildren",
        Outcome = "OK",
        Actor = new AuditActor { Subject = $"user-{sequence % 3}", OrganisationCode = "LS1234", Roles = { "practitioner" }, PrincipalType = "user" },
        Purpose = new AccessPurpose { Code = AccessPurposeCode.SafeguardingConcern, Justification = "referral" },
        ChildIds = { "K7Q2-M9XD-4" },
        TraceId = $"{sequence:x32}",
        ServerInstance = "unit",
    };

    private static ExportedRecord Export(AuditRecord record)
    {
        var bytes = record.ToByteString();
        return new ExportedRecord { Record = bytes, LeafHash = ByteString.CopyFrom(MerkleTree.LeafHash(bytes.Span)) };
    }

    /// <summary>The record with its actor changed, as an insider covering for someone would.</summary>
    private static ExportedRecord Edited(ExportedRecord exported, bool recomputeLeafHash)
    {
        var record = AuditRecord.Parser.ParseFrom(exported.Record);
        record.Actor.Subject = "someone-else";
        var bytes = record.ToByteString();
        return new ExportedRecord
        {
            Record = bytes,
            LeafHash = recomputeLeafHash ? ByteString.CopyFrom(MerkleTree.LeafHash(bytes.Span)) : exported.LeafHash,
        };
    }

    private static SignedCheckpoint Sign(IReadOnlyList<ExportedRecord> records, long size, ECDsa key)
    {
        var root = MerkleTree.Root([.. records.Take((int)size).Select(r => r.LeafHash.ToByteArray())]);
        var checkpoint = new Checkpoint(size, root, Start.AddMinutes(size));
        return new SignedCheckpoint
        {
            TreeSize = size,
            RootHash = ByteString.CopyFrom(root),
            Time = Timestamp.FromDateTimeOffset(checkpoint.Time),
            KeyId = CheckpointSignatures.KeyId(key),
            Signature = ByteString.CopyFrom(CheckpointSignatures.Sign(checkpoint, key)),
        };
    }

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex LowerHex16();
}
