using ChildIndex.Core.Matching;
using ChildIndex.Core.Text;

namespace ChildIndex.UnitTests.Matching;

public sealed class GivenNameFormsTests
{
    [Theory]
    [InlineData("Bill", "William")]
    [InlineData("Bob", "Robert")]
    [InlineData("Liz", "Elizabeth")]
    [InlineData("Ana", "Anna")]
    [InlineData("Sasha", "Alexander")]
    [InlineData("Sasha", "Alexandra")]
    [InlineData("Kate", "Katherine")]
    [InlineData("Kate", "Catherine")]
    [InlineData("Kasia", "Katarzyna")]
    [InlineData("Tobi", "Oluwatobi")]
    public void Relation_JoinsShortForms(string shortForm, string formal) =>
        Assert.Equal(GivenNameFormKind.ShortForm, GivenNameForms.Relation(NameFolding.Key(shortForm), NameFolding.Key(formal)));

    [Theory]
    [InlineData("Mo", "Mohammed")]
    [InlineData("Mo", "Muhammad")]
    [InlineData("Mohammad", "Mohamed")]
    [InlineData("Shivaun", "Siobhán")]
    [InlineData("Shivaun", "Siobhan")]
    [InlineData("Neve", "Niamh")]
    public void Relation_JoinsOtherSpellings(string first, string second) =>
        Assert.Equal(GivenNameFormKind.Variant, GivenNameForms.Relation(NameFolding.Key(first), NameFolding.Key(second)));

    [Theory]
    [InlineData("Alexander", "Alexandra")]
    [InlineData("William", "Robert")]
    [InlineData("Anna", "Anna")]
    [InlineData("Zebedee", "William")]
    public void Relation_DoesNotJoinOtherNames(string first, string second) =>
        Assert.Null(GivenNameForms.Relation(NameFolding.Key(first), NameFolding.Key(second)));

    [Fact]
    public void FormsOf_GivesEveryGroupOfTheName() =>
        Assert.Superset(new HashSet<string> { "ALEXANDER", "ALEXANDRA" }, GivenNameForms.FormsOf("SASHA").ToHashSet());

    [Fact]
    public void Table_HasSeveralDozenGroups() => Assert.InRange(GivenNameFormsTable.Groups.Length, 36, 200);

    [Fact]
    public void NicknameData_GroupsAFormalName_ButPairsANicknameWithTheNamesItStandsFor()
    {
        const string csv = "name1,relationship,name2\nrobert,has_nickname,bob\nrobert,has_nickname,rob\nwilliam,has_nickname,bill\n" +
            "bill,has_nickname,william\nbill,has_nickname,robert\n";

        var groups = GivenNameForms.NicknameGroups(csv).Select(g => string.Join(' ', g.Keys)).ToList();

        Assert.Equal(["ROBERT BOB ROB", "WILLIAM BILL", "BILL WILLIAM", "BILL ROBERT"], groups);
    }

    [Theory]
    [InlineData("Teddy", "Theodore")]
    [InlineData("Peggy", "Margaret")]
    [InlineData("Gosia", "Małgorzata")]
    [InlineData("Neev", "Niamh")]
    public void Relation_JoinsTheLicensedDataAndOurTable(string first, string second) =>
        Assert.NotNull(GivenNameForms.Relation(NameFolding.Key(first), NameFolding.Key(second)));
}
