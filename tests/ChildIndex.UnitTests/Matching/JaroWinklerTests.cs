using ChildIndex.Core.Matching;

namespace ChildIndex.UnitTests.Matching;

public sealed class JaroWinklerTests
{
    // Winkler's published examples.
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.961)]
    [InlineData("DWAYNE", "DUANE", 0.840)]
    [InlineData("DIXON", "DICKSONX", 0.813)]
    [InlineData("JELLYFISH", "SMELLYFISH", 0.896)]
    public void Similarity_MatchesPublishedValues(string first, string second, double expected) =>
        Assert.Equal(expected, JaroWinkler.Similarity(first, second), 3);

    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.944)]
    [InlineData("DWAYNE", "DUANE", 0.822)]
    public void Jaro_MatchesPublishedValues(string first, string second, double expected) =>
        Assert.Equal(expected, JaroWinkler.Jaro(first, second), 3);

    [Fact]
    public void Similarity_OfEqualStrings_IsOne() => Assert.Equal(1, JaroWinkler.Similarity("OKAFOR", "OKAFOR"));

    [Fact]
    public void Similarity_WithNothingInCommon_IsZero() => Assert.Equal(0, JaroWinkler.Similarity("ABC", "XYZ"));

    [Fact]
    public void Similarity_IsSymmetric() =>
        Assert.Equal(JaroWinkler.Similarity("MENSAH", "MENSHA"), JaroWinkler.Similarity("MENSHA", "MENSAH"), 12);

    [Theory]
    [InlineData("OKAFOR", "OKAFRO")]
    [InlineData("OKAFOR", "OKAFFOR")]
    [InlineData("OKAFOR", "OKFOR")]
    [InlineData("OKAFOR", "OKAPOR")]
    public void Similarity_ForgivesOneTypo(string written, string typed) => Assert.True(JaroWinkler.Similarity(written, typed) > 0.9);

    [Fact]
    public void Similarity_OfEmptyStrings() => Assert.Equal(0, JaroWinkler.Similarity("", "A"));
}
