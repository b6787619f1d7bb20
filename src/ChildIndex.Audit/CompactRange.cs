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

    /// <summary>The subtree roots, largest first, for storage.</summary>
    public IReadOnlyList<byte[]> SubtreeHashes => [.. _subtrees.Select(s => s.Hash)];

    public void Append(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        _subtrees.Add((1, leafHash));
        Size++;
        while (_subtrees.Count >= 2 && _subtrees[^1].Size == _subtrees[^2].Size)
        {
            var right = _subtrees[^1];
            var left = _subtrees[^2];
            _subtrees.RemoveRange(_subtrees.Count - 2, 2);
            _subtrees.Add((left.Size * 2, MerkleTree.NodeHash(left.Hash, right.Hash)));
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
