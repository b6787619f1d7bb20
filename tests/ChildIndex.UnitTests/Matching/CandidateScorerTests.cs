using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;

namespace ChildIndex.UnitTests.Matching;

public sealed class CandidateScorerTests
{
    private static readonly DateOnly Born = new(2016, 3, 14);
    private static readonly MatchWeights Weights = MatchWeights.Default;
    private readonly CandidateScorer _scorer = new(new MatchingOptions());

    [Fact]
    public void ExactMatch_IsStrongWithEachReason()
    {
        var found = Score(Query("Okafor", "Amara", Born, postcode: "LS6 2AB"), Child("Amara Grace", "Okafor"))!;

        Assert.Equal(1, found.Score, 6);
        Assert.Equal(MatchBand.Strong, found.Band);
        Assert.Equal(["family name matches", "given name matches", "date of birth matches", "postcode matches"], found.Reasons);
        Assert.Null(found.MatchedOtherName);
    }

    [Fact]
    public void FamilyNameThatSoundsTheSame_SaysSo()
    {
        var found = Score(Query("Smyth", null, Born), Child("Amara", "Smith"))!;

        Assert.Contains("family name sounds the same (SM0)", found.Reasons);
        Assert.True(found.Weight < Score(Query("Smith", null, Born), Child("Amara", "Smith"))!.Weight);
    }

    [Fact]
    public void MisspeltFamilyName_IsSpeltSimilarly() =>
        Assert.Contains("family name spelt similarly", Score(Query("Okagor", "Amara", Born), Child("Amara", "Okafor"))!.Reasons);

    [Fact]
    public void Nickname_SaysWhichNameItStandsFor() =>
        Assert.Contains("nickname Bill for William", Score(Query("Jones", "Bill", Born), Child("William", "Jones"))!.Reasons);

    [Fact]
    public void OtherSpelling_SaysWhichNameItStandsFor() =>
        Assert.Contains("other spelling Shivaun for Siobhán", Score(Query("O'Brien", "Shivaun", Born), Child("Siobhán", "O'Brien"))!.Reasons);

    [Fact]
    public void MiddleName_CountsALittleLessThanTheFirst()
    {
        var first = Score(Query("Okafor", "Amara", Born), Child("Amara Grace", "Okafor"))!;
        var middle = Score(Query("Okafor", "Grace", Born), Child("Amara Grace", "Okafor"))!;

        Assert.Contains("middle name matches", middle.Reasons);
        Assert.True(middle.Score < first.Score);
    }

    [Fact]
    public void SwappedDayAndMonth_SaysSo() =>
        Assert.Contains("date of birth with day and month swapped",
            Score(Query("Okafor", null, new DateOnly(2016, 4, 3)), Child("Amara", "Okafor", new DateOnly(2016, 3, 4)))!.Reasons);

    [Fact]
    public void District_SaysWhich() =>
        Assert.Contains("postcode district LS6", Score(Query("Okafor", null, null, district: "LS6"), Child("Amara", "Okafor"))!.Reasons);

    [Fact]
    public void PartOfADoubleBarrelledName_MatchesAndRanksBelowTheWholeName()
    {
        var part = Score(Query("Davies", null, Born), Child("Zoë", "Okafor-Davies"))!;
        var whole = Score(Query("Okafor-Davies", null, Born), Child("Zoë", "Okafor-Davies"))!;

        Assert.Contains("part of a double-barrelled family name matches", part.Reasons);
        Assert.True(part.Score < whole.Score);
    }

    [Fact]
    public void FormerName_IsTheMatchedOtherName()
    {
        var child = Child("Zoë", "Okafor-Davies");
        child.OtherNames.Add(new OtherName { Position = 0, Kind = OtherNameKind.Former, GivenNames = "Zoë", FamilyName = "Adeyemi" });

        var found = Score(Query("Adeyemi", "Zoe", Born), child)!;

        Assert.Equal("Adeyemi", found.MatchedOtherName?.FamilyName);
        Assert.Contains("former name", found.Reasons);
    }

    [Theory]
    [InlineData("Jones")]
    [InlineData("Okonkwo")]
    public void UnlikeFamilyName_RulesTheChildOut(string family) => Assert.Null(Score(Query(family, "Amara", Born), Child("Amara", "Okafor")));

    [Fact]
    public void UnlikeGivenName_LowersTheScoreWithoutRulingOut()
    {
        var unlike = Score(Query("Okafor", "Kwame", Born), Child("Amara", "Okafor"))!;
        var withPostcode = Score(Query("Okafor", "Kwame", Born, postcode: "LS6 2AB"), Child("Amara", "Okafor"))!;
        var alike = Score(Query("Okafor", "Amara", Born), Child("Amara", "Okafor"))!;

        Assert.Equal(MatchBand.Possible, unlike.Band);
        Assert.Contains("given name does not match", unlike.Reasons);
        Assert.True(unlike.Weight < alike.Weight);
        Assert.Equal(unlike.Weight + Weights.Postcode(PostcodeLevel.Full), withPostcode.Weight, 9);
    }

    [Fact]
    public void EachFieldAddsItsBayesFactor_AndAFieldNotComparedAddsNothing()
    {
        var found = Score(Query("Okafor", "Amara", Born), Child("Amara", "Okafor"))!;
        var withoutAddress = Child("Amara", "Okafor");
        withoutAddress.Residence = ResidenceKind.NoFixedAbode;
        withoutAddress.Address = null;

        var expected = Weights.PriorBits + Weights.Family(NameLevel.Exact) + Weights.Given(GivenLevel.Exact) + Weights.Date(DateLevel.Exact);
        Assert.Equal(expected, found.Weight, 9);
        Assert.Equal(MatchWeights.Probability(expected), found.Score, 9);
        Assert.Equal(expected, Score(Query("Okafor", "Amara", Born, postcode: "LS6 2AB"), withoutAddress)!.Weight, 9);
    }

    [Fact]
    public void Weights_FallWithEveryWeakerLevel()
    {
        Assert.False(string.IsNullOrEmpty(Weights.Version));
        AssertFalling(Enum.GetValues<NameLevel>().Select(Weights.Family));
        AssertFalling(Enum.GetValues<GivenLevel>().Select(Weights.Given));
        AssertFalling(Enum.GetValues<DateLevel>().Where(l => l != DateLevel.Year).Select(Weights.Date));
        AssertFalling(Enum.GetValues<PostcodeLevel>().Select(Weights.Postcode));
        Assert.True(Weights.Family(NameLevel.Disagree) < 0 && Weights.Given(GivenLevel.Disagree) < 0 && Weights.Date(DateLevel.Disagree) < 0);

        static void AssertFalling(IEnumerable<double> bits)
        {
            var list = bits.ToList();
            Assert.All(list.Zip(list.Skip(1)), pair => Assert.True(pair.First >= pair.Second, $"{pair.First} then {pair.Second}"));
        }
    }

    [Fact]
    public void Weights_WithALevelMissing_AreRefused()
    {
        var file = MatchWeights.Embedded();
        var family = file.Family.Where(l => l.Key != nameof(NameLevel.Weak)).ToDictionary(l => l.Key, l => l.Value);

        var refused = Assert.Throws<InvalidOperationException>(() => new MatchWeights(file with { Family = family }));

        Assert.Contains("no family level Weak", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SwappedNames_MatchWithASmallPenalty()
    {
        var swapped = Score(Query("Amara", "Okafor", Born), Child("Amara", "Okafor"))!;
        var typed = Score(Query("Okafor", "Amara", Born), Child("Amara", "Okafor"))!;

        Assert.Equal("family and given names swapped", swapped.Reasons[0]);
        Assert.Contains("family name matches", swapped.Reasons);
        Assert.Equal(typed.Weight + Weights.SwappedBits, swapped.Weight, 9);
        Assert.Equal(MatchBand.Strong, swapped.Band);
    }

    [Fact]
    public void SwappedNames_CountOnlyWhenBetterThanAsTyped()
    {
        // Family and given name the same word: as typed is as good, and carries no penalty.
        var found = Score(Query("Thomas", "Thomas", Born), Child("Thomas", "Thomas"))!;

        Assert.DoesNotContain("family and given names swapped", found.Reasons);
    }

    [Theory]
    [InlineData("Teddy", "Theodore")]
    [InlineData("Nell", "Eleanor")]
    [InlineData("Nell", "Helen")]
    [InlineData("Peggy", "Margaret")]
    [InlineData("Gosia", "Małgorzata")]
    [InlineData("Wojtek", "Wojciech")]
    [InlineData("Olek", "Aleksander")]
    [InlineData("Neev", "Niamh")]
    [InlineData("Mohd", "Muhammad")]
    [InlineData("Yousuf", "Yusuf")]
    public void KnownForms_FromTheLicensedDataAndOurTable_AreNearlyTheName(string typed, string registered)
    {
        var found = Score(Query("Okafor", typed, Born), Child(registered, "Okafor"))!;

        Assert.Contains(found.Reasons, r => r.EndsWith($"{typed} for {registered}", StringComparison.Ordinal));
        Assert.Equal(MatchBand.Strong, found.Band);
    }

    [Fact]
    public void DateOfBirthOutsideTheTolerance_RulesTheChildOut() => Assert.Null(Score(Query("Okafor", null, Born.AddDays(40)), Child("Amara", "Okafor")));

    [Fact]
    public void AnotherPostcode_LowersTheScoreWithoutRulingOut()
    {
        var found = Score(Query("Okafor", null, Born, postcode: "M1 1AE"), Child("Amara", "Okafor"))!;

        Assert.InRange(found.Score, 0.75, 0.99);
        Assert.DoesNotContain(found.Reasons, r => r.Contains("postcode", StringComparison.Ordinal));
    }

    [Fact]
    public void Shielded_IsScoredOnVisibleFieldsOnly()
    {
        var child = Child("Zoë", "Okafor");
        child.Shielded = true;
        child.OtherNames.Add(new OtherName { Position = 0, Kind = OtherNameKind.Alias, GivenNames = "Zoë", FamilyName = "Adeyemi" });

        var byAlias = _scorer.Score(Query("Adeyemi", null, Born), child, restricted: true);
        var rightPostcode = _scorer.Score(Query("Okafor", null, Born, postcode: "LS6 2AB"), child, restricted: true)!;
        var wrongPostcode = _scorer.Score(Query("Okafor", null, Born, postcode: "M1 1AE"), child, restricted: true)!;

        Assert.Null(byAlias);
        Assert.Equal(rightPostcode.Score, wrongPostcode.Score);
        Assert.Equal(rightPostcode.Reasons, wrongPostcode.Reasons);
        Assert.DoesNotContain(rightPostcode.Reasons, r => r.Contains("postcode", StringComparison.Ordinal));
    }

    [Fact]
    public void ShieldedForTheIndexTeam_IsScoredOnEverything()
    {
        var child = Child("Zoë", "Okafor");
        child.Shielded = true;

        Assert.Contains("postcode matches", _scorer.Score(Query("Okafor", null, Born, postcode: "LS6 2AB"), child, restricted: false)!.Reasons);
    }

    [Fact]
    public void YearOnly_MatchesWithTheGivenName()
    {
        var found = Score(new NameQuery("Okafor", "Amara", null, 2016, null, null), Child("Amara", "Okafor"))!;

        Assert.Equal(["family name matches", "given name matches", "born in 2016"], found.Reasons);
    }

    private ScoredCandidate? Score(NameQuery query, Child child) => _scorer.Score(query, child, restricted: false);

    private static NameQuery Query(string family, string? given, DateOnly? born, string? postcode = null, string? district = null) =>
        new(family, given, born, null, postcode, district);

    private static Child Child(string given, string family, DateOnly? born = null)
    {
        var child = SearchKeysTests.Child(given, family);
        child.DateOfBirth = born ?? Born;
        return child;
    }
}
