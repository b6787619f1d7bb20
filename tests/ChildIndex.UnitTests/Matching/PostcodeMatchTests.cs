using ChildIndex.Common.Errors;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Validation;

namespace ChildIndex.UnitTests.Matching;

public sealed class PostcodeMatchTests
{
    [Theory]
    [InlineData("LS6", "LS6")]
    [InlineData("ls6", "LS6")]
    [InlineData(" sw1a ", "SW1A")]
    [InlineData("EC1A", "EC1A")]
    [InlineData("M1", "M1")]
    [InlineData("CR0", "CR0")]
    public void District_IsAccepted(string typed, string canonical)
    {
        Assert.True(Postcode.TryParseDistrict(typed, out var district));
        Assert.Equal(canonical, district);
    }

    [Theory]
    [InlineData("LS")]
    [InlineData("6LS")]
    [InlineData("LS6 2AB")]
    [InlineData("Q1")]
    [InlineData("LS%")]
    public void NotADistrict_IsRefused(string typed) => Assert.False(Postcode.TryParseDistrict(typed, out _));

    [Fact]
    public void FieldRule_TakesAFullPostcodeOrADistrict()
    {
        var violations = new Violations();

        Assert.Equal(("LS6 2AB", null), FieldRules.PostcodeOrDistrict("ls62ab", "name.postcode", violations));
        Assert.Equal((null, "LS6"), FieldRules.PostcodeOrDistrict("LS6", "name.postcode", violations));
        Assert.Equal((null, null), FieldRules.PostcodeOrDistrict("LS6 2A", "name.postcode", violations));
        Assert.Equal("name.postcode", Assert.Single(violations.Items).Field);
    }

    [Fact]
    public void SamePostcode_IsFull() =>
        Assert.Equal(new Evidence<PostcodeLevel>(PostcodeLevel.Full, "postcode matches"), PostcodeMatch.Compare(Query("LS6 2AB", null), "LS6 2AB"));

    [Fact]
    public void SameDistrictOfAFullPostcode_IsTheDistrict() =>
        Assert.Equal(new Evidence<PostcodeLevel>(PostcodeLevel.District, "postcode district LS6"), PostcodeMatch.Compare(Query("LS6 2AB", null), "LS6 4QD"));

    [Fact]
    public void DistrictSearchedFor_IsTheDistrict() =>
        Assert.Equal(new Evidence<PostcodeLevel>(PostcodeLevel.District, "postcode district LS6"), PostcodeMatch.Compare(Query(null, "LS6"), "LS6 4QD"));

    [Fact]
    public void AnotherDistrict_Disagrees() => Assert.Equal(PostcodeLevel.Disagree, PostcodeMatch.Compare(Query(null, "LS6"), "LS16 5AA")!.Value.Level);

    [Fact]
    public void NoPostcodeKnown_IsNotCompared() => Assert.Null(PostcodeMatch.Compare(Query(null, "LS6"), null));

    private static NameQuery Query(string? postcode, string? district) => new("Okafor", null, new DateOnly(2016, 3, 14), null, postcode, district);
}
