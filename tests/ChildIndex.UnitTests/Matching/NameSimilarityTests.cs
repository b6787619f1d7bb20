using ChildIndex.Core.Matching;

namespace ChildIndex.UnitTests.Matching;

public sealed class NameSimilarityTests
{
    [Theory]
    [InlineData("OKAFOR", "OKAFOR", 0)]
    [InlineData("OKAFOR", "OKAFRO", 1)]
    [InlineData("OKAFOR", "OKKAFOR", 1)]
    [InlineData("OKAFOR", "OKFOR", 1)]
    [InlineData("OKAFOR", "OKAPOR", 1)]
    [InlineData("ROBERTSON", "ROBINSON", 3)]
    [InlineData("", "ABC", 3)]
    public void Slips_CountsTypingSlips(string first, string second, int slips) => Assert.Equal(slips, EditDistance.Slips(first, second));

    [Theory]
    [InlineData("Okafor", "OKAFRO")]
    [InlineData("Mensah", "MENSHA")]
    [InlineData("Thompson", "THOMSON")]
    [InlineData("Kowalczyk", "KOWALCZIK")]
    public void Compare_ForgivesTypos(string searched, string key) =>
        Assert.True(NameSimilarity.Compare(QueryName.Of(searched, isPart: false), key).Score >= 0.88);

    [Fact]
    public void Compare_SaysWhichSoundBothShare() =>
        Assert.Equal((NameSimilarity.SoundsSame, "SM0"), NameSimilarity.Compare(QueryName.Of("Smyth", isPart: false), "SMITH"));

    [Theory]
    [InlineData("Robertson", "ROBINSON")]
    [InlineData("Testabcdefghij", "TESTJIHGFEDCBA")]
    [InlineData("Testbcdeaaaaaa", "TESTBCDEJJJJJJ")]
    public void Compare_DoesNotJoinNamesThatOnlyStartAlike(string searched, string key) =>
        Assert.Equal(0, NameSimilarity.Compare(QueryName.Of(searched, isPart: false), key).Score);

    [Fact]
    public void Compare_CountsASoundLessForShortNames() =>
        Assert.Equal(NameSimilarity.SoundsSame - NameSimilarity.ShortNameDiscount, NameSimilarity.Compare(QueryName.Of("Li", isPart: false), "LEE").Score, 6);
}
