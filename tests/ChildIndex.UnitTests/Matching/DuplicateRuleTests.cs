using ChildIndex.Core.Duplicates;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;
using ChildIndex.Core.Registration;
using ChildIndex.Core.Validation;

namespace ChildIndex.UnitTests.Matching;

public sealed class DuplicateRuleTests
{
    private static readonly DuplicateOptions Defaults = new();
    private static readonly ChildIdentifierSet NoIdentifiers = new(null, null, []);
    private readonly DuplicateCheck _check = new(new MatchingOptions(), Defaults);

    [Theory]
    [InlineData(0.9995, true, DuplicateDecision.SameChild)]
    [InlineData(0.999, true, DuplicateDecision.SameChild)]
    [InlineData(0.9995, false, DuplicateDecision.PossibleDuplicate)]
    [InlineData(0.998, true, DuplicateDecision.PossibleDuplicate)]
    [InlineData(0.5, false, DuplicateDecision.PossibleDuplicate)]
    [InlineData(0.4999, true, DuplicateDecision.Distinct)]
    [InlineData(0.1, false, DuplicateDecision.Distinct)]
    public void Decide_AppliesBothThresholds_AndTheUpperOnlyOnStrongEvidence(double probability, bool strong, DuplicateDecision expected) =>
        Assert.Equal(expected, DuplicateRule.Decide(probability, strong, Defaults));

    [Fact]
    public void Decide_FollowsConfiguredThresholds()
    {
        var strict = new DuplicateOptions { Upper = 0.99999, Lower = 0.9 };

        Assert.Equal(DuplicateDecision.PossibleDuplicate, DuplicateRule.Decide(0.9999, true, strict));
        Assert.Equal(DuplicateDecision.Distinct, DuplicateRule.Decide(0.8, false, strict));
    }

    [Theory]
    [InlineData(0, 0.9)]
    [InlineData(0.5, 1.1)]
    [InlineData(0.9, 0.5)]
    [InlineData(double.NaN, 0.9)]
    public void Options_ThatCannotWork_AreRefused(double lower, double upper) =>
        Assert.Throws<InvalidOperationException>(() => new DuplicateOptions { Lower = lower, Upper = upper }.Validated());

    [Fact]
    public void SameDetails_WithAMisspeltFamilyName_IsTheSameChild()
    {
        var verdict = Check(Child("Aisha", "Okonkwo"), Child("Aisha", "Okonkow"))!;

        Assert.Equal(DuplicateDecision.SameChild, verdict.Decision);
        Assert.True(verdict.Scored.Score >= Defaults.Upper);
    }

    [Fact]
    public void ShortFormAtAnotherPostcode_IsOnlyAPossibleDuplicate()
    {
        var moved = Child("Teddy", "Okonkwo");
        moved.Address = new Address { Line1 = "1 Oxford Road", Town = "Manchester", Postcode = "M1 1AE" };

        var verdict = Check(Child("Theodore", "Okonkwo"), moved)!;

        Assert.Equal(DuplicateDecision.PossibleDuplicate, verdict.Decision);
        Assert.InRange(verdict.Scored.Score, Defaults.Lower, 1);
    }

    [Fact]
    public void Twins_AreNeverTheSameChild_ButGoToThePeopleWhoKnow()
    {
        var verdict = Check(Child("Amara", "Okonkwo"), Child("Chidi", "Okonkwo"))!;

        Assert.Equal(DuplicateDecision.PossibleDuplicate, verdict.Decision);
    }

    [Fact]
    public void SiblingBornOnAnotherDay_IsNotScored_AndSomeoneElseWithTheSameBirthday_IsDistinct()
    {
        var sibling = Child("Chidi", "Okonkwo");
        sibling.DateOfBirth = new DateOnly(2014, 7, 2);
        var stranger = Child("Amara", "Wojcik");

        Assert.Null(Check(Child("Amara", "Okonkwo"), sibling));
        Assert.Null(Check(Child("Amara", "Okonkwo"), stranger));
    }

    [Fact]
    public void DifferentNhsNumbers_AreTwoChildren_WhateverTheDetails()
    {
        var held = Child("Amara", "Okonkwo");
        held.NhsNumber = "9434765919";

        Assert.Null(Check(held, Child("Amara", "Okonkwo"), new ChildIdentifierSet("9434765870", null, [])));
    }

    [Fact]
    public void ShieldedOrOtherGenderOrAnotherLocalIdOfTheSameAgency_IsAtMostAPossibleDuplicate()
    {
        var shielded = Child("Amara", "Okonkwo");
        shielded.Shielded = true;
        var boy = Child("Amara", "Okonkwo");
        boy.Gender = Gender.Male;
        var known = Child("Amara", "Okonkwo");
        known.LocalIds.Add(new LocalIdentifier { OrganisationCode = "LS1234", Value = "MIS-1" });
        var other = new ChildIdentifierSet(null, null, [new LocalIdentifier { OrganisationCode = "LS1234", Value = "MIS-2" }]);

        Assert.Equal(DuplicateDecision.PossibleDuplicate, Check(shielded, Child("Amara", "Okonkwo"))!.Decision);
        Assert.Equal(DuplicateDecision.PossibleDuplicate, Check(boy, Child("Amara", "Okonkwo"))!.Decision);
        Assert.Equal(DuplicateDecision.PossibleDuplicate, Check(known, Child("Amara", "Okonkwo"), other)!.Decision);
    }

    private DuplicateVerdict? Check(Child held, Child registered, ChildIdentifierSet? identifiers = null)
    {
        var candidates = new DuplicateCandidates(_check);
        if (held.DateOfBirth == registered.DateOfBirth)
        {
            candidates.Add(new DuplicateCandidate(held, null));
        }

        return candidates.Check(registered, identifiers ?? NoIdentifiers);
    }

    private static Child Child(string given, string family) => SearchKeysTests.Child(given, family);
}
