using ChildIndex.Audit;

namespace ChildIndex.UnitTests.Audit;

/// <summary>The stored interior nodes: which a batch of appends completes (against the RFC 6962 /
/// RFC 9162 test tree and against the definition, however the leaves are split into batches), and
/// proofs built from them, which must be the proofs built from every leaf.</summary>
public sealed class MerkleNodesTests
{
    private static readonly byte[][] VectorLeaves =
        [.. new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }.Select(Convert.FromHexString)];

    [Fact]
    public void CompletedNodes_OfTheTestTree_AreTheSubtreeHashesOfTheVectors()
    {
        var leaves = VectorLeaves.Select(l => MerkleTree.LeafHash(l)).ToList();

        var nodes = MerkleNodes.Completed(new CompactRange(), leaves, fromLevel: 1).ToDictionary(n => n.Id, n => Convert.ToHexStringLower(n.Hash));

        // Roots of the first 2, 4 and 8 leaves (the vectors' roots), and the subtrees over leaves
        // 4-5 and 6-7 that the consistency proof from 6 to 8 carries.
        Assert.Equal("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", nodes[new NodeId(1, 0)]);
        Assert.Equal("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7", nodes[new NodeId(2, 0)]);
        Assert.Equal("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", nodes[new NodeId(3, 0)]);
        Assert.Equal("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", nodes[new NodeId(1, 2)]);
        Assert.Equal("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", nodes[new NodeId(1, 3)]);
        Assert.Equal(4 + 2 + 1, nodes.Count);
    }

    [Fact]
    public void CompletedNodes_WhateverTheBatches_AreEveryPerfectSubtreeOfTheStoredLevels_Once()
    {
        var leaves = Leaves(700);
        var random = new Random(9);
        var range = new CompactRange();
        var stored = new List<TreeNode>();
        for (var at = 0; at < leaves.Count;)
        {
            var batch = leaves.Skip(at).Take(random.Next(1, 70)).ToList();
            stored.AddRange(MerkleNodes.Completed(range, batch));
            foreach (var leaf in batch)
            {
                range.Append(leaf);
            }

            at += batch.Count;
        }

        var expected = new List<TreeNode>();
        for (var level = MerkleNodes.StoredFromLevel; 1 << level <= leaves.Count; level++)
        {
            for (var index = 0; (index + 1) << level <= leaves.Count; index++)
            {
                expected.Add(new TreeNode(level, index, MerkleTree.Root(leaves.Skip(index << level).Take(1 << level).ToList())));
            }
        }

        Assert.Equal(
            expected.OrderBy(n => n.Level).ThenBy(n => n.Index).Select(n => $"{n.Level}/{n.Index}/{Convert.ToHexString(n.Hash)}"),
            stored.OrderBy(n => n.Level).ThenBy(n => n.Index).Select(n => $"{n.Level}/{n.Index}/{Convert.ToHexString(n.Hash)}"));
    }

    [Fact]
    public void CompletedNodes_LeaveTheRangeTheyStartFromAsItWas()
    {
        var range = new CompactRange();
        range.Append(MerkleTree.LeafHash([1]));
        var root = range.Root();

        MerkleNodes.Completed(range, Leaves(40));

        Assert.Equal(1, range.Size);
        Assert.Equal(root, range.Root());
    }

    [Fact]
    public void ProofsFromStoredNodes_EqualProofsFromEveryLeaf_ForEveryTreeUpTo140()
    {
        var leaves = Leaves(140);
        var stored = MerkleNodes.Completed(new CompactRange(), leaves).ToDictionary(n => n.Id, n => n.Hash);
        var reads = 0;

        // As a proof is served: stored nodes where there are any, leaves below the stored level.
        byte[] Perfect(NodeId id)
        {
            reads++;
            return id.Level >= MerkleNodes.StoredFromLevel
                ? stored[id]
                : MerkleTree.Root(leaves.Skip((int)id.FirstLeaf).Take(1 << id.Level).ToList());
        }

        for (var size = 1; size <= leaves.Count; size++)
        {
            var tree = leaves.Take(size).ToList();
            for (var index = 0; index < size; index++)
            {
                reads = 0;
                var fromNodes = MerkleNodes.Resolve(MerkleNodes.InclusionPlan(index, size), Perfect);
                Assert.Equal(MerkleTree.InclusionProof(tree, index), fromNodes);
                Assert.True(reads <= 2 * 8, $"inclusion {index}/{size} read {reads} subtrees");
            }

            for (var first = 1; first <= size; first++)
            {
                reads = 0;
                var fromNodes = MerkleNodes.Resolve(MerkleNodes.ConsistencyPlan(first, size), Perfect);
                Assert.Equal(MerkleTree.ConsistencyProof(tree, first), fromNodes);
                Assert.True(reads <= 3 * 8, $"consistency {first}/{size} read {reads} subtrees");
            }
        }
    }

    [Fact]
    public void ProofPlans_AtNationalSize_NameAFewDozenSubtrees()
    {
        const long Size = 11_000_000_000;
        var inclusion = MerkleNodes.InclusionPlan(7_654_321_987, Size).SelectMany(MerkleNodes.PerfectSubtrees).Count();
        var consistency = MerkleNodes.ConsistencyPlan(9_999_999_999, Size).SelectMany(MerkleNodes.PerfectSubtrees).Count();

        Assert.InRange(inclusion, 1, 2 * 34);
        Assert.InRange(consistency, 1, 3 * 34);
    }

    [Fact]
    public void StreamingVerifier_ReportsTheNodesOfTheStoredLeafHashes_EvenAfterAnEditedRecord()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var records = Enumerable.Range(0, 64).Select(i => new ChildIndex.Contracts.V1.AuditRecord { Sequence = i, Action = "a" }).Select(r => Google.Protobuf.MessageExtensions.ToByteArray(r)).ToList();
        var stored = records.Select(r => MerkleTree.LeafHash(r)).ToList();
        records[3] = [.. records[3], 0x08, 0x01];
        var verifier = new StreamingTrailVerifier(key);

        var reported = new List<TreeNode>();
        for (var i = 0; i < records.Count; i++)
        {
            reported.AddRange(verifier.AddRecord(records[i], stored[i]));
        }

        // The stored nodes were computed from the stored leaf hashes: the edited record is named,
        // not every node above it.
        Assert.Equal(
            MerkleNodes.Completed(new CompactRange(), stored).Select(n => Convert.ToHexString(n.Hash)),
            reported.Select(n => Convert.ToHexString(n.Hash)));
        Assert.Contains(verifier.Finish().Problems, p => p.StartsWith("record 1 ", StringComparison.Ordinal) || p.Contains("edited", StringComparison.Ordinal));
    }

    private static List<byte[]> Leaves(int count) => [.. Enumerable.Range(0, count).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i)))];
}
