namespace ChildIndex.Audit;

/// <summary>The root hash of a perfect subtree: leaves <c>Index * 2^Level</c> to
/// <c>(Index + 1) * 2^Level - 1</c>. Level 0 is a leaf.</summary>
public sealed record TreeNode(int Level, long Index, byte[] Hash)
{
    public NodeId Id => new(Level, Index);
}

/// <summary>Where a perfect subtree sits: level (log2 of its leaf count) and index along that level.</summary>
public readonly record struct NodeId(int Level, long Index)
{
    public long FirstLeaf => Index << Level;
    public long EndLeaf => (Index + 1) << Level;
}

/// <summary>A run of leaves [Start, End) whose Merkle hash (MTH, RFC 9162 2.1.1) is one element of a proof.</summary>
public readonly record struct LeafRange(long Start, long End);

/// <summary>
/// Stored interior nodes, and proofs built from them. A trail stores the hash of every perfect
/// subtree of <see cref="StoredFromLevel"/> or more levels once its last leaf is appended; nothing
/// below it (leaf hashes are stored with their records, and a block of 16 is one range read), so the
/// nodes cost one row per 8 records rather than one per record. Every proof element is the hash of
/// a range that splits into at most 63 perfect subtrees: a proof reads O(log n) rows.
/// </summary>
public static class MerkleNodes
{
    /// <summary>Subtrees of 2^4 = 16 leaves and more are stored.</summary>
    public const int StoredFromLevel = 4;

    /// <summary>
    /// The perfect subtrees of level <paramref name="fromLevel"/> or more that appending
    /// <paramref name="leafHashes"/> to a tree whose compact range is <paramref name="before"/>
    /// completes, in the order they complete. <paramref name="before"/> is left as it was.
    /// </summary>
    public static IReadOnlyList<TreeNode> Completed(CompactRange before, IReadOnlyList<byte[]> leafHashes, int fromLevel = StoredFromLevel)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(leafHashes);
        var range = before.Copy();
        var completed = new List<TreeNode>();
        foreach (var leaf in leafHashes)
        {
            range.Append(leaf, completed, fromLevel);
        }

        return completed;
    }

    /// <summary>RFC 9162 2.1.3.1 (PATH), as the leaf ranges whose hashes make the inclusion proof
    /// of leaf <paramref name="index"/> in a tree of <paramref name="size"/> leaves.</summary>
    public static IReadOnlyList<LeafRange> InclusionPlan(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var plan = new List<LeafRange>();
        Path(index, 0, size, plan);
        return plan;
    }

    /// <summary>RFC 9162 2.1.4.1 (PROOF), as the leaf ranges whose hashes make the consistency
    /// proof between the trees of <paramref name="first"/> and <paramref name="size"/> leaves.</summary>
    public static IReadOnlyList<LeafRange> ConsistencyPlan(long first, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, size);
        var plan = new List<LeafRange>();
        if (first > 0 && first < size)
        {
            SubProof(first, 0, size, complete: true, plan);
        }

        return plan;
    }

    /// <summary>The perfect subtrees that make up a range of a proof, largest first. Every range a
    /// proof names starts at a multiple of the power of two at or above its length, so it splits
    /// along the set bits of its length.</summary>
    public static IReadOnlyList<NodeId> PerfectSubtrees(LeafRange range)
    {
        var nodes = new List<NodeId>();
        var position = range.Start;
        var length = range.End - range.Start;
        for (var level = 62; level >= 0; level--)
        {
            if ((length & (1L << level)) != 0)
            {
                if (position % (1L << level) != 0)
                {
                    throw new ArgumentException($"leaves {range.Start} to {range.End - 1} are not a range of an RFC 9162 proof", nameof(range));
                }

                nodes.Add(new NodeId(level, position >> level));
                position += 1L << level;
            }
        }

        return nodes;
    }

    /// <summary>The proof: each range's hash, its perfect subtrees (from <paramref name="perfect"/>)
    /// folded from the right as RFC 9162 splits a tree.</summary>
    public static IReadOnlyList<byte[]> Resolve(IReadOnlyList<LeafRange> plan, Func<NodeId, byte[]> perfect)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(perfect);
        var proof = new List<byte[]>(plan.Count);
        foreach (var range in plan)
        {
            var parts = PerfectSubtrees(range);
            var hash = perfect(parts[^1]);
            for (var i = parts.Count - 2; i >= 0; i--)
            {
                hash = MerkleTree.NodeHash(perfect(parts[i]), hash);
            }

            proof.Add(hash);
        }

        return proof;
    }

    private static long LargestPowerOfTwoBelow(long n)
    {
        var k = 1L;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }

    private static void Path(long m, long start, long end, List<LeafRange> plan)
    {
        var n = end - start;
        if (n <= 1)
        {
            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            Path(m, start, start + k, plan);
            plan.Add(new LeafRange(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, plan);
            plan.Add(new LeafRange(start, start + k));
        }
    }

    private static void SubProof(long m, long start, long end, bool complete, List<LeafRange> plan)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete)
            {
                plan.Add(new LeafRange(start, end));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, complete, plan);
            plan.Add(new LeafRange(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, complete: false, plan);
            plan.Add(new LeafRange(start, start + k));
        }
    }
}
