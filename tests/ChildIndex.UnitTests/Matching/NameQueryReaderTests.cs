using ChildIndex.Common.Errors;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Matching;

namespace ChildIndex.UnitTests.Matching;

public sealed class NameQueryReaderTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Fact]
    public void FamilyNameAlone_IsRefusedNamingWhatIsMissing() =>
        Assert.Equal(["name.date_of_birth"], Refused(new NameSearch { FamilyName = "Smith" }));

    [Fact]
    public void FamilyAndGivenNameAlone_IsRefused() =>
        Assert.Equal(["name.date_of_birth"], Refused(new NameSearch { FamilyName = "Smith", GivenName = "Oliver" }));

    [Fact]
    public void BirthYearWithoutGivenName_IsRefused() =>
        Assert.Equal(["name.given_name"], Refused(new NameSearch { FamilyName = "Smith", BirthYear = 2015 }));

    [Fact]
    public void GivenNameWithoutFamilyName_IsRefused() =>
        Assert.Equal(["name.family_name"], Refused(new NameSearch { GivenName = "Oliver", BirthYear = 2015 }));

    [Theory]
    [InlineData(1899)]
    [InlineData(2027)]
    public void BirthYearOutsideRange_IsRefused(int year) =>
        Assert.Equal(["name.birth_year"], Refused(new NameSearch { FamilyName = "Smith", GivenName = "Oliver", BirthYear = year }));

    [Fact]
    public void BirthYearDisagreeingWithTheDate_IsRefused() =>
        Assert.Equal(["name.birth_year"], Refused(new NameSearch { FamilyName = "Smith", DateOfBirth = Date(2015, 3, 1), BirthYear = 2014 }));

    [Fact]
    public void EveryBadFieldIsReportedAtOnce() =>
        Assert.Equal(["name.family_name", "name.postcode"], Refused(new NameSearch { FamilyName = "Sm*th", Postcode = "LS" }));

    [Fact]
    public void FamilyNameWithGivenNameAndYear_IsEnough()
    {
        var query = Read(new NameSearch { FamilyName = "Smith", GivenName = "Oliver", BirthYear = 2015 });

        Assert.True(query.YearOnly);
        Assert.Equal(2015, query.BirthYear);
    }

    [Fact]
    public void FamilyNameWithDistrict_IsEnough()
    {
        var query = Read(new NameSearch { FamilyName = "Okafor-Davies", Postcode = "ls6" });

        Assert.Null(query.Postcode);
        Assert.Equal("LS6", query.PostcodeDistrict);
        Assert.Equal(["OKAFORDAVIES", "OKAFOR", "DAVIES"], query.FamilyKeys);
    }

    [Fact]
    public void FullPostcode_GivesItsDistrictToo() =>
        Assert.Equal("LS6", Read(new NameSearch { FamilyName = "Okafor", Postcode = "LS6 2AB" }).PostcodeDistrict);

    [Fact]
    public void GivenName_SearchesTheCodesOfItsKnownFormsToo()
    {
        var query = Read(new NameSearch { FamilyName = "Smith", GivenName = "Bill", DateOfBirth = Date(2015, 3, 1) });

        Assert.Contains(DoubleMetaphone.Encode("William").Primary, query.GivenCodes);
        Assert.Contains(DoubleMetaphone.Encode("Bill").Primary, query.GivenCodes);
    }

    private static NameQuery Read(NameSearch search)
    {
        var violations = new Violations();
        var query = NameQueryReader.Read(search, Today, violations);
        Assert.Empty(violations.Items);
        return query!;
    }

    private static List<string> Refused(NameSearch search)
    {
        var violations = new Violations();
        Assert.Null(NameQueryReader.Read(search, Today, violations));
        return [.. violations.Items.Select(v => v.Field)];
    }

    private static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };
}
