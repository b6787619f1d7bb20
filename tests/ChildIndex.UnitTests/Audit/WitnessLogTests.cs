using System.Security.Cryptography;
using System.Text;
using ChildIndex.Audit;
using ChildIndex.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;

namespace ChildIndex.UnitTests.Audit;

public sealed class WitnessLogTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"witness-{Guid.NewGuid():N}");
    private readonly ECDsa _directoryKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _witnessKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly List<byte[]> _leaves = [.. Enumerable.Range(0, 40).Select(i => MerkleTree.LeafHash(Encoding.UTF8.GetBytes($"record {i}")))];

    private string FilePath => Path.Combine(_dir, "checkpoints.jsonl");

    public void Dispose()
    {
        _directoryKey.Dispose();
        _witnessKey.Dispose();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Add_FirstCheckpoint_IsStoredAndCosigned()
    {
        var log = Log();

        var witnessed = log.Add(new AddCheckpointRequest { OldSize = 0, Checkpoint = Sign(_leaves, 10) });

        Assert.Equal(10, log.Latest()!.Checkpoint.TreeSize);
        Assert.Equal(CheckpointSignatures.KeyId(_witnessKey), witnessed.WitnessKeyId);
        Assert.True(_witnessKey.VerifyData(WitnessLog.CosignedText(witnessed), witnessed.Cosignature.ToByteArray(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Add_CheckpointThatExtendsTheLatestByAProof_IsStored()
    {
        var log = Log();
        log.Add(new AddCheckpointRequest { Checkpoint = Sign(_leaves, 10) });

        log.Add(Extending(10, _leaves, 27));

        Assert.Equal(27, log.Latest()!.Checkpoint.TreeSize);
        using var reader = File.OpenText(FilePath);
        Assert.Equal([10L, 27L], WitnessLog.ReadAll(reader).Select(w => w.Checkpoint.TreeSize));
    }

    [Fact]
    public void Add_CheckpointOfARewrittenTrail_IsRefusedAsInvalid()
    {
        var log = Log();
        log.Add(new AddCheckpointRequest { Checkpoint = Sign(_leaves, 10) });
        var rewritten = _leaves.ToList();
        rewritten[7] = MerkleTree.LeafHash("forged"u8);

        var refused = Assert.Throws<WitnessRefusedException>(() => log.Add(Extending(10, rewritten, 27)));

        Assert.Equal(WitnessRefusalKind.Invalid, refused.Kind);
        Assert.Contains("does not extend", refused.Message, StringComparison.Ordinal);
        Assert.Equal(10, log.Latest()!.Checkpoint.TreeSize);
    }

    [Fact]
    public void Add_DifferentRootAtTheSameSize_IsRefusedAsAFork()
    {
        var log = Log();
        log.Add(new AddCheckpointRequest { Checkpoint = Sign(_leaves, 10) });
        var forked = _leaves.ToList();
        forked[9] = MerkleTree.LeafHash("forged"u8);

        var refused = Assert.Throws<WitnessRefusedException>(() => log.Add(new AddCheckpointRequest { OldSize = 10, Checkpoint = Sign(forked, 10) }));

        Assert.Equal(WitnessRefusalKind.Invalid, refused.Kind);
    }

    [Fact]
    public void Add_TheSameCheckpointAgain_AnswersTheStoredOne()
    {
        var log = Log();
        var checkpoint = Sign(_leaves, 10);
        var first = log.Add(new AddCheckpointRequest { Checkpoint = checkpoint });

        var again = log.Add(new AddCheckpointRequest { OldSize = 10, Checkpoint = checkpoint });

        Assert.Equal(first, again);
        Assert.Single(File.ReadAllLines(FilePath));
    }

    [Fact]
    public void Add_ProofFromAnOlderTree_IsAConflictNamingTheLatest()
    {
        var log = Log();
        log.Add(new AddCheckpointRequest { Checkpoint = Sign(_leaves, 10) });
        log.Add(Extending(10, _leaves, 20));

        var refused = Assert.Throws<WitnessRefusedException>(() => log.Add(Extending(10, _leaves, 30)));

        Assert.Equal(WitnessRefusalKind.Conflict, refused.Kind);
        Assert.Contains("20", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_CheckpointNotSignedByTheDirectory_IsRefused()
    {
        var log = Log();
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var refused = Assert.Throws<WitnessRefusedException>(() => log.Add(new AddCheckpointRequest { Checkpoint = Sign(_leaves, 10, other) }));

        Assert.Equal(WitnessRefusalKind.Invalid, refused.Kind);
        Assert.Null(log.Latest());
    }

    [Fact]
    public void Add_OlderCheckpoint_IsRefused()
    {
        var log = Log();
        log.Add(new AddCheckpointRequest { Checkpoint = Sign(_leaves, 20) });

        var refused = Assert.Throws<WitnessRefusedException>(() => log.Add(new AddCheckpointRequest { OldSize = 20, Checkpoint = Sign(_leaves, 10) }));

        Assert.Equal(WitnessRefusalKind.Invalid, refused.Kind);
    }

    [Fact]
    public void Add_AfterALineTornByACrash_CutsTheTornLineAndGoesOn()
    {
        var log = Log();
        log.Add(new AddCheckpointRequest { Checkpoint = Sign(_leaves, 10) });
        File.AppendAllText(FilePath, "{\"checkpoint\":{\"treeSize\":\"2");

        Assert.Equal(10, log.Latest()!.Checkpoint.TreeSize);
        log.Add(Extending(10, _leaves, 15));

        Assert.Equal(2, File.ReadAllLines(FilePath).Length);
        Assert.Equal(15, log.Latest()!.Checkpoint.TreeSize);
    }

    [Fact]
    public void Latest_WhenTheLastLineWasAltered_Throws()
    {
        var log = Log();
        log.Add(new AddCheckpointRequest { Checkpoint = Sign(_leaves, 10) });
        File.AppendAllText(FilePath, "not a checkpoint\n");

        Assert.Throws<InvalidOperationException>(log.Latest);
    }

    private WitnessLog Log()
    {
        var directoryPublic = ECDsa.Create();
        directoryPublic.ImportSubjectPublicKeyInfo(_directoryKey.ExportSubjectPublicKeyInfo(), out _);
        return new WitnessLog(FilePath, directoryPublic, _witnessKey, new FakeTimeProvider(Start));
    }

    private AddCheckpointRequest Extending(int oldSize, IReadOnlyList<byte[]> leaves, int size)
    {
        var request = new AddCheckpointRequest { OldSize = oldSize, Checkpoint = Sign(leaves, size) };
        request.ConsistencyProof.AddRange(MerkleTree.ConsistencyProof([.. leaves.Take(size)], oldSize).Select(ByteString.CopyFrom));
        return request;
    }

    private SignedCheckpoint Sign(IReadOnlyList<byte[]> leaves, int size, ECDsa? key = null)
    {
        key ??= _directoryKey;
        var root = MerkleTree.Root([.. leaves.Take(size)]);
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
}
