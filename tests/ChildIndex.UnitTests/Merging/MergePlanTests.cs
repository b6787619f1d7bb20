using ChildIndex.Core.Merging;
using ChildIndex.Core.Records;

namespace ChildIndex.UnitTests.Merging;

public sealed class MergePlanTests
{
    [Fact]
    public void DuplicatesNames_BecomeAliasesOfTheSurvivor_OnlyWhereTheyDiffer()
    {
        var survivor = Child("AAAAAAAA1", "Amara Grace", "Okafor");
        survivor.OtherNames.Add(new OtherName { Position = 0, Kind = OtherNameKind.Former, GivenNames = "Amara", FamilyName = "Smith" });
        var duplicate = Child("BBBBBBBB2", "Amarah", "Okafor");
        duplicate.OtherNames.Add(new OtherName { Position = 0, Kind = OtherNameKind.Former, GivenNames = "AMARA", FamilyName = "smith" });
        duplicate.OtherNames.Add(new OtherName { Position = 1, Kind = OtherNameKind.Former, GivenNames = "Amara", FamilyName = "Jones" });

        var plan = MergePlan.For(survivor, duplicate);

        Assert.Equal(
            new[] { (OtherNameKind.Alias, "Amarah", "Okafor", 1), (OtherNameKind.Former, "Amara", "Jones", 2) },
            plan.NamesToAdd.Select(n => (n.Kind, n.GivenNames, n.FamilyName, n.Position)));
    }

    [Fact]
    public void SameNameOnBoth_AddsNoAlias()
    {
        var plan = MergePlan.For(Child("AAAAAAAA1", "Amara", "Okafor"), Child("BBBBBBBB2", " amara", "OKAFOR"));

        Assert.Empty(plan.NamesToAdd);
    }

    [Fact]
    public void Carers_AreAddedUnlessTheSurvivorHasTheSamePersonInTheSameRelationship()
    {
        var survivor = Child("AAAAAAAA1", "Amara", "Okafor");
        survivor.Carers.Add(Carer("Ngozi", "Okafor", CarerRelationship.Mother, 0));
        var duplicate = Child("BBBBBBBB2", "Amarah", "Okafor");
        duplicate.Carers.Add(Carer("NGOZI", "Okafor", CarerRelationship.Mother, 0));
        duplicate.Carers.Add(Carer("Chidi", "Okafor", CarerRelationship.Father, 1));

        var plan = MergePlan.For(survivor, duplicate);

        var added = Assert.Single(plan.CarersToAdd);
        Assert.Equal(("Chidi", CarerRelationship.Father, 1), (added.GivenNames, added.Relationship, added.Position));
        Assert.Equal(new MergedCarer("Chidi", "Okafor", CarerRelationship.Father), Assert.Single(plan.Snapshot.AddedCarers));
    }

    [Fact]
    public void IdentifiersMove_OnlyWhereTheSurvivorHasNone()
    {
        var survivor = Child("AAAAAAAA1", "Amara", "Okafor");
        survivor.NhsNumber = "9434765919";
        var duplicate = Child("BBBBBBBB2", "Amarah", "Okafor");
        duplicate.NhsNumber = "9434765919";
        duplicate.Upn = "A123456789012";
        duplicate.Status = RecordStatus.Deceased;

        var snapshot = MergePlan.For(survivor, duplicate).Snapshot;

        Assert.Null(snapshot.MovedNhsNumber);
        Assert.Equal("A123456789012", snapshot.MovedUpn);
        Assert.Equal(RecordStatus.Deceased, snapshot.DuplicateStatus);
    }

    [Theory]
    [InlineData("nhs", "different NHS numbers")]
    [InlineData("upn", "different UPNs")]
    [InlineData("shield", "shielded")]
    [InlineData("archived", "archived")]
    [InlineData("merged", "merged already")]
    public void Refusal_NamesWhatStopsTheMerge(string conflict, string expected)
    {
        var survivor = Child("AAAAAAAA1", "Amara", "Okafor");
        var duplicate = Child("BBBBBBBB2", "Amarah", "Okafor");
        switch (conflict)
        {
            case "nhs":
                (survivor.NhsNumber, duplicate.NhsNumber) = ("9434765919", "9434765870");
                break;
            case "upn":
                (survivor.Upn, duplicate.Upn) = ("A123456789012", "B123456789012");
                break;
            case "shield":
                duplicate.Shielded = true;
                break;
            case "archived":
                duplicate.Status = RecordStatus.Archived;
                break;
            default:
                (survivor.Status, survivor.MergedInto) = (RecordStatus.Merged, "CCCCCCCC3");
                break;
        }

        Assert.Contains(expected, MergePlan.Refusal(survivor, duplicate), StringComparison.Ordinal);
        Assert.Null(MergePlan.Refusal(Child("AAAAAAAA1", "Amara", "Okafor"), Child("BBBBBBBB2", "Amarah", "Okafor")));
    }

    [Fact]
    public void Added_FindsWhatTheMergeAdded_ByContent_EvenInRowsWrittenSince()
    {
        var survivor = Child("AAAAAAAA1", "Amara", "Okafor");
        survivor.OtherNames.Add(new OtherName { Position = 0, Kind = OtherNameKind.Alias, GivenNames = "Mara", FamilyName = "Okafor" });
        survivor.Carers.Add(Carer("Ngozi", "Okafor", CarerRelationship.Mother, 0));
        var duplicate = Child("BBBBBBBB2", "Amarah", "Okafor");
        duplicate.Carers.Add(Carer("Chidi", "Okafor", CarerRelationship.Father, 0));
        var plan = MergePlan.For(survivor, duplicate);
        // The survivor's details saved again since: new rows, same content.
        survivor.OtherNames.AddRange(plan.NamesToAdd.Select(n => new OtherName { Position = n.Position, Kind = n.Kind, GivenNames = n.GivenNames, FamilyName = n.FamilyName }));
        survivor.Carers.AddRange(plan.CarersToAdd.Select(c => Carer(c.GivenNames, c.FamilyName, c.Relationship, c.Position)));

        var (names, carers) = MergePlan.Added(survivor, plan.Snapshot);

        Assert.Equal("Amarah", Assert.Single(names).GivenNames);
        Assert.Equal("Chidi", Assert.Single(carers).GivenNames);
    }

    [Theory]
    [InlineData(3, 9)]
    [InlineData(9, 3)]
    public void NotSameChildPairs_AreStoredSmallerIdFirst(long a, long b) =>
        Assert.Equal((3L, 9L), NotSameChild.Order(a, b));

    private static Child Child(string indexId, string given, string family) => new()
    {
        IndexId = indexId,
        GivenNames = given,
        FamilyName = family,
        DateOfBirth = new DateOnly(2015, 4, 1),
    };

    private static Carer Carer(string given, string family, CarerRelationship relationship, int position) => new()
    {
        GivenNames = given,
        FamilyName = family,
        Relationship = relationship,
        Position = position,
    };
}
