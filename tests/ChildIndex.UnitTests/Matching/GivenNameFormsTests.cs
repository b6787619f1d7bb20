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
}
