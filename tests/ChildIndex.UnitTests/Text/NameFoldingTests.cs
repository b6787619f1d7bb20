using ChildIndex.Core.Text;

namespace ChildIndex.UnitTests.Text;

public sealed class NameFoldingTests
{
    [Theory]
    [InlineData("Climbié", "Climbie")]
    [InlineData("O'Brien", "OBrien")]
    [InlineData("O'Brien", "O Brien")]
    [InlineData("O’Brien", "obrien")]
    [InlineData("Zoë", "ZOE")]
    [InlineData("Łukasz", "Lukasz")]
    [InlineData("Strauß", "Strauss")]
    [InlineData("Okafor-Davies", "Okafor Davies")]
    [InlineData("Nguyễn", "Nguyen")]
    public void Key_FoldsCaseAccentsAndPunctuation(string written, string typed) =>
        Assert.Equal(NameFolding.Key(written), NameFolding.Key(typed));

    [Fact]
    public void Key_KeepsDifferentNamesApart() => Assert.NotEqual(NameFolding.Key("Ana"), NameFolding.Key("Anna"));

    [Fact]
    public void WordKeys_GivesEachGivenNameAndEachPartOfAHyphenatedOne() =>
        Assert.Equal(["ANNAMARIE", "ANNA", "MARIE", "LOUISE"], NameFolding.WordKeys("Anna-Marie Louise"));
}
