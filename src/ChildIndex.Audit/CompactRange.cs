namespace ChildIndex.Audit;

/// <summary>
/// The roots of the perfect subtrees that cover leaves 0..n-1 (one per set bit of n, largest
/// first): enough to append a leaf and to compute the root of the whole tree in O(log n), without
/// reading the leaves again. This is what the trail keeps beside its last leaf.
/// </summary>
public sealed class CompactRange
{
    private readonly List<(long Size, byte[] Hash)> _subtrees = [];

    public long Size { get; private set; }

    public static CompactRange FromSubtreeHashes(long size, IReadOnlyList<byte[]> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var range = new CompactRange { Size = size };
        var bits = Enumerable.Range(0, 63).Reverse().Select(b => 1L << b).Where(bit => (size & bit) != 0).ToList();
        if (bits.Count != hashes.Count)
        {
            throw new ArgumentException($"a tree of {size} leaves has {bits.Count} subtrees, not {hashes.Count}", nameof(hashes));
        }

        for (var i = 0; i < bits.Count; i++)
        {
            range._subtrees.Add((bits[i], hashes[i]));
        }

        return range;
    }

    /// <summary>From the subtree roots as stored: concatenated, largest first, 32 bytes each.</summary>
    public static CompactRange FromStored(long size, byte[] concatenated)
    {
        ArgumentNullException.ThrowIfNull(concatenated);
        return FromSubtreeHashes(size, [.. Enumerable.Range(0, concatenated.Length / MerkleTree.HashSize)
            .Select(i => concatenated.AsSpan(i * MerkleTree.HashSize, MerkleTree.HashSize).ToArray())]);
    }

    /// <summary>The subtree roots, largest first, for storage.</summary>
    public IReadOnlyList<byte[]> SubtreeHashes => [.. _subtrees.Select(s => s.Hash)];

    /// <summary>An independent copy: appending to one leaves the other as it was.</summary>
    public CompactRange Copy()
    {
        var copy = new CompactRange { Size = Size };
        copy._subtrees.AddRange(_subtrees);
        return copy;
    }

    public void Append(byte[] leafHash) => Append(leafHash, null, 0);

    /// <summary>Appends a leaf and adds to <paramref name="completed"/> every perfect subtree of
    /// level <paramref name="fromLevel"/> or above that this leaf completes, lowest first.</summary>
    public void Append(byte[] leafHash, ICollection<TreeNode>? completed, int fromLevel)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        _subtrees.Add((1, leafHash));
        Size++;
        var level = 0;
        if (completed is not null && fromLevel <= 0)
        {
            completed.Add(new TreeNode(0, Size - 1, leafHash));
        }

        while (_subtrees.Count >= 2 && _subtrees[^1].Size == _subtrees[^2].Size)
        {
            var right = _subtrees[^1];
            var left = _subtrees[^2];
            _subtrees.RemoveRange(_subtrees.Count - 2, 2);
            var merged = (Size: left.Size * 2, Hash: MerkleTree.NodeHash(left.Hash, right.Hash));
            _subtrees.Add(merged);
            level++;
            if (completed is not null && level >= fromLevel)
            {
                // The merged subtree ends at the leaf just appended.
                completed.Add(new TreeNode(level, (Size >> level) - 1, merged.Hash));
            }
        }
    }

    /// <summary>The root of the tree so far: the subtrees folded from the right.</summary>
    public byte[] Root()
    {
        if (_subtrees.Count == 0)
        {
            return MerkleTree.EmptyRoot();
        }

        var root = _subtrees[^1].Hash;
        for (var i = _subtrees.Count - 2; i >= 0; i--)
        {
            root = MerkleTree.NodeHash(_subtrees[i].Hash, root);
        }

        return root;
    }
}
