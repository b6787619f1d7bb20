using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;

namespace ChildIndex.UnitTests.Matching;

public sealed class SearchKeysTests
{
    [Fact]
    public void Build_MakesAKeyForEachNameAndEachPartOfADoubleBarrelledOne()
    {
        var child = Child("Zoë Amara", "Okafor-Davies");
        child.OtherNames.Add(new OtherName { Position = 0, Kind = OtherNameKind.Former, GivenNames = "Zoë", FamilyName = "Okafor" });

        var keys = SearchKeys.Build(child);

        Assert.Equal(
            [("OKAFORDAVIES", (int?)null, false), ("OKAFOR", 0, false), ("OKAFOR", null, true), ("DAVIES", null, true)],
            keys.Select(k => (k.FamilyKey, k.OtherNamePosition, k.IsNamePart)));
    }

    [Fact]
    public void Build_FillsThePhoneticCodesOfFamilyAndFirstGivenName()
    {
        var key = SearchKeys.Build(Child("Catherine Grace", "Smith"))[0];

        Assert.Equal(("SM0", "XMT", "K0RN"), (key.FamilyPhonetic, key.FamilyPhoneticAlt, key.GivenPhonetic));
        Assert.Equal(" CATHERINE GRACE ", key.GivenKeys);
    }

    [Fact]
    public void Build_IndexesAHyphenatedFirstNameByItsFirstPart() =>
        Assert.Equal(DoubleMetaphone.Encode("Anna").Primary, SearchKeys.Build(Child("Anna-Marie", "Smith"))[0].GivenPhonetic);

    [Fact]
    public void Build_CopiesDateYearPostcodeDistrictAndShield()
    {
        var child = Child("Amara", "Okafor");
        child.Shielded = true;

        var key = SearchKeys.Build(child)[0];

        Assert.Equal((new DateOnly(2016, 3, 14), 2016, "LS6 2AB", "LS6", true), (key.DateOfBirth, key.BirthYear, key.Postcode, key.PostcodeDistrict, key.Shielded));
    }

    [Fact]
    public void Build_LeavesOutParticlesAndRepeatedNames()
    {
        var child = Child("Omar", "Al-Sayed");
        child.OtherNames.Add(new OtherName { Position = 0, Kind = OtherNameKind.Alias, GivenNames = "Omar", FamilyName = "Alsayed" });

        Assert.Equal(["ALSAYED", "SAYED"], SearchKeys.Build(child).Select(k => k.FamilyKey));
    }

    [Fact]
    public void Rebuild_ReplacesTheKeys()
    {
        var child = Child("Amara", "Okafor");
        SearchKeys.Rebuild(child);
        child.FamilyName = "Mensah";

        SearchKeys.Rebuild(child);

        Assert.Equal("MENSAH", Assert.Single(child.SearchKeys).FamilyKey);
    }

    [Theory]
    [InlineData("Okafor-Davies", new[] { "OKAFOR", "DAVIES" })]
    [InlineData("Mensah Boateng", new[] { "MENSAH", "BOATENG" })]
    [InlineData("El-Masri", new[] { "MASRI" })]
    [InlineData("van der Berg", new[] { "BERG" })]
    [InlineData("Smith", new string[0])]
    public void Parts_SplitOnHyphensAndSpacesWithoutParticles(string family, string[] parts) =>
        Assert.Equal(parts, FamilyNameParts.Keys(family));

    internal static Child Child(string given, string family) => new()
    {
        IndexId = "K7Q2M9XD4",
        GivenNames = given,
        FamilyName = family,
        Gender = Gender.Female,
        DateOfBirth = new DateOnly(2016, 3, 14),
        Residence = ResidenceKind.Address,
        Address = new Address { Line1 = "12 Hyde Park Road", Town = "Leeds", Postcode = "LS6 2AB" },
    };
}
