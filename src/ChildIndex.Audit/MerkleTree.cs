using System.Security.Cryptography;

namespace ChildIndex.Audit;

/// <summary>
/// Merkle tree hashing as RFC 9162 (Certificate Transparency 2.0), section 2.1, defines it: SHA-256,
/// leaves hashed with a 0x00 prefix and interior nodes with 0x01, a tree of n leaves split at the
/// largest power of two below n. Proofs are lists of 32-byte hashes.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    public static byte[] EmptyRoot() => SHA256.HashData([]);

    // One hash context per thread, reset after each use: a one-shot hash sets one up and tears it
    // down every time, which for a record of a few hundred bytes costs about a third of the hash,
    // and verification hashes every record and every node.
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    private static readonly byte[] LeafPrefix = [0];
    private static readonly byte[] NodePrefix = [1];

    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(LeafPrefix);
        sha256.AppendData(leaf);
        return sha256.GetHashAndReset();
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(NodePrefix);
        sha256.AppendData(left);
        sha256.AppendData(right);
        return sha256.GetHashAndReset();
    }

    /// <summary>The root (MTH) of the tree whose leaf hashes are given.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        return leafHashes.Count == 0 ? EmptyRoot() : Subtree(leafHashes, 0, leafHashes.Count);
    }

    /// <summary>The inclusion proof (PATH) of leaf <paramref name="index"/> in the tree of these leaves.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, long index)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leafHashes.Count);
        var proof = new List<byte[]>();
        Path((int)index, leafHashes, 0, leafHashes.Count, proof);
        return proof;
    }

    /// <summary>The consistency proof (PROOF) that the tree of the first <paramref name="first"/>
    /// leaves is a prefix of the tree of all of them.</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, long first)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, leafHashes.Count);
        var proof = new List<byte[]>();
        if (first > 0 && first < leafHashes.Count)
        {
            SubProof((int)first, leafHashes, 0, leafHashes.Count, complete: true, proof);
        }

        return proof;
    }

    /// <summary>RFC 9162 2.1.3.2: whether <paramref name="leafHash"/> is leaf <paramref name="index"/>
    /// of the tree of <paramref name="treeSize"/> leaves with root <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= treeSize)
        {
            return false;
        }

        var fn = index;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 2.1.4.2: whether the tree of <paramref name="first"/> leaves with root
    /// <paramref name="firstRoot"/> is a prefix of the tree of <paramref name="second"/> leaves.</summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (first < 0 || first > second)
        {
            return false;
        }

        if (first == second)
        {
            return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        }

        if (first == 0)
        {
            // Every tree extends the empty one.
            return proof.Count == 0;
        }

        if (proof.Count == 0)
        {
            return false;
        }

        var path = new List<byte[]>(proof);
        if ((first & (first - 1)) == 0)
        {
            path.Insert(0, firstRoot.ToArray());
        }

        var fn = first - 1;
        var sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    internal static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        var n = end - start;
        if (n == 1)
        {
            return leaves[start];
        }

        var k = LargestPowerOfTwoBelow(n);
        return NodeHash(Subtree(leaves, start, start + k), Subtree(leaves, start + k, end));
    }

    private static void Path(int m, IReadOnlyList<byte[]> leaves, int start, int end, List<byte[]> proof)
    {
        var n = end - start;
        if (n <= 1)
        {
            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            Path(m, leaves, start, start + k, proof);
            proof.Add(Subtree(leaves, start + k, end));
        }
        else
        {
            Path(m - k, leaves, start + k, end, proof);
            proof.Add(Subtree(leaves, start, start + k));
        }
    }

    private static void SubProof(int m, IReadOnlyList<byte[]> leaves, int start, int end, bool complete, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(Subtree(leaves, start, end));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(m, leaves, start, start + k, complete, proof);
            proof.Add(Subtree(leaves, start + k, end));
        }
        else
        {
            SubProof(m - k, leaves, start + k, end, complete: false, proof);
            proof.Add(Subtree(leaves, start, start + k));
        }
    }
}
