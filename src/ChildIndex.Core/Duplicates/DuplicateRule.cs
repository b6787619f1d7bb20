using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;

namespace ChildIndex.Core.Duplicates;

/// <summary>What registration does with the best-scoring child the index holds.</summary>
public enum DuplicateDecision
{
    /// <summary>Below the lower threshold: a different child; the registration creates.</summary>
    Distinct,

    /// <summary>Creates, and raises a possible-duplicate task for the index team.</summary>
    PossibleDuplicate,

    /// <summary>The child the index holds: the registration returns it (MATCHED_EXISTING).</summary>
    SameChild,
}

/// <summary>
/// The duplicate check's decision for one scored pair. The probability alone is not enough to
/// return another record to an agency: Fellegi-Sunter takes the fields as independent, so twins,
/// or a child who has moved, score very high. Only strong evidence (every field compared and
/// agreeing, on the current names as typed) lets a registration join an existing record; anything
/// high but less goes to a person.
/// </summary>
public static class DuplicateRule
{
    public static DuplicateDecision Decide(double probability, bool strongEvidence, DuplicateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (probability >= options.Upper && strongEvidence)
        {
            return DuplicateDecision.SameChild;
        }

        return probability >= options.Lower ? DuplicateDecision.PossibleDuplicate : DuplicateDecision.Distinct;
    }

    /// <summary>
    /// Family name, given name, date of birth and full postcode all agree, per the engine: the family
    /// name whole and exact, by sound or a close spelling; the given name exactly, as a known short
    /// form or by sound or a close spelling; the same date; the same postcode; the current names, not
    /// swapped; and the genders, where both are known, the same.
    /// </summary>
    public static bool StrongEvidence(MatchAgreement agreement, Gender registered, Gender held)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        return agreement is
        {
            Family: NameLevel.Exact or NameLevel.Sound or NameLevel.Close,
            FamilyPartial: false,
            Given: GivenLevel.Exact or GivenLevel.KnownForm or GivenLevel.Sound or GivenLevel.Close,
            Date: DateLevel.Exact,
            Postcode: PostcodeLevel.Full,
            Swapped: false,
            OnOtherName: false,
        }
        && !(Known(registered) && Known(held) && registered != held);
    }

    private static bool Known(Gender gender) => gender is Gender.Male or Gender.Female;
}
