using ChildIndex.Audit;

namespace ChildIndex.UnitTests.Audit;

/// <summary>Against the test vectors of RFC 6962 / RFC 9162 implementations (certificate-transparency's
/// eight-leaf tree), and against the definitions for every tree up to 64 leaves.</summary>
public sealed class MerkleTreeTests
{
    private static readonly byte[][] Leaves =
        [.. new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }.Select(Convert.FromHexString)];

    private static readonly string[] Roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void EmptyTree_HasTheHashOfNothing() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hex(MerkleTree.Root([])));

    [Fact]
    public void Root_OfEachPrefixOfTheTestTree_MatchesTheVector()
    {
        var leafHashes = Leaves.Select(l => MerkleTree.LeafHash(l)).ToList();
        for (var n = 1; n <= 8; n++)
        {
            Assert.Equal(Roots[n - 1], Hex(MerkleTree.Root(leafHashes.Take(n).ToList())));
        }
    }

    [Fact]
    public void CompactRange_AppendingTheTestLeaves_GivesEveryRoot()
    {
        var range = new CompactRange();
        for (var n = 1; n <= 8; n++)
        {
            range.Append(MerkleTree.LeafHash(Leaves[n - 1]));
            Assert.Equal(Roots[n - 1], Hex(range.Root()));
            var restored = CompactRange.FromSubtreeHashes(range.Size, range.SubtreeHashes);
            Assert.Equal(Roots[n - 1], Hex(restored.Root()));
        }
    }

    [Theory]
    [InlineData(0, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(5, 8, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0 d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(1, 5, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    public void InclusionProof_MatchesTheVectorAndVerifies(int index, int size, string expected)
    {
        var leafHashes = Leaves.Take(size).Select(l => MerkleTree.LeafHash(l)).ToList();

        var proof = MerkleTree.InclusionProof(leafHashes, index);

        Assert.Equal(expected, string.Join(' ', proof.Select(Hex)));
        Assert.True(MerkleTree.VerifyInclusion(index, size, leafHashes[index], proof, Convert.FromHexString(Roots[size - 1])));
    }

    [Theory]
    [InlineData(1, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0 d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    public void ConsistencyProof_MatchesTheVectorAndVerifies(int first, int second, string expected)
    {
        var leafHashes = Leaves.Take(second).Select(l => MerkleTree.LeafHash(l)).ToList();

        var proof = MerkleTree.ConsistencyProof(leafHashes, first);

        Assert.Equal(expected, string.Join(' ', proof.Select(Hex)));
        Assert.True(MerkleTree.VerifyConsistency(first, second, Convert.FromHexString(Roots[first - 1]), Convert.FromHexString(Roots[second - 1]), proof));
    }

    [Fact]
    public void Proofs_ForEveryLeafAndPrefixOfTreesUpTo64_VerifyAndRefuseTampering()
    {
        var leafHashes = Enumerable.Range(0, 64).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i))).ToList();
        for (var size = 1; size <= 64; size++)
        {
            var tree = leafHashes.Take(size).ToList();
            var root = MerkleTree.Root(tree);
            for (var index = 0; index < size; index++)
            {
                var proof = MerkleTree.InclusionProof(tree, index);
                Assert.True(MerkleTree.VerifyInclusion(index, size, tree[index], proof, root), $"inclusion {index}/{size}");
                Assert.False(MerkleTree.VerifyInclusion(index, size, leafHashes[(index + 1) % 64], proof, root), $"wrong leaf {index}/{size}");
                if (size > 1)
                {
                    Assert.False(MerkleTree.VerifyInclusion((index + 1) % size, size, tree[index], proof, root), $"wrong index {index}/{size}");
                }
            }

            for (var first = 1; first <= size; first++)
            {
                var firstRoot = MerkleTree.Root(tree.Take(first).ToList());
                var proof = MerkleTree.ConsistencyProof(tree, first);
                Assert.True(MerkleTree.VerifyConsistency(first, size, firstRoot, root, proof), $"consistency {first}/{size}");
                if (first < size)
                {
                    Assert.False(MerkleTree.VerifyConsistency(first, size, MerkleTree.LeafHash([42]), root, proof), $"forged first root {first}/{size}");
                }
            }
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
