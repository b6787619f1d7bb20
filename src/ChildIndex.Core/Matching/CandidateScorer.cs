using ChildIndex.Core.Records;

namespace ChildIndex.Core.Matching;

/// <summary>How sure a search is of a child it shows.</summary>
public enum MatchBand
{
    /// <summary>The evidence makes it very likely this is the child searched for.</summary>
    Strong,

    /// <summary>It may be the child: check the details before relying on it.</summary>
    Possible,
}

/// <summary>A child found by a search: its match probability (0 to 1), the match weight it comes
/// from (bits of log-odds, which orders the results), its band, the reasons, and the other name it
/// matched on when that was not the current name.</summary>
public sealed record ScoredCandidate(Child Child, double Score, IReadOnlyList<string> Reasons, OtherName? MatchedOtherName)
{
    public double Weight { get; init; } = double.PositiveInfinity;

    public MatchBand Band { get; init; } = MatchBand.Strong;

    /// <summary>Each field's agreement level, for a rule that needs more than the score (registration's
    /// duplicate check); null for a candidate found by an identifier.</summary>
    public MatchAgreement? Agreement { get; init; }
}

/// <summary>How each field of a scored candidate agreed: the levels behind the match weight.
/// A field not compared (not searched for, or unknown for the child) is null.</summary>
/// <param name="Swapped">The names agreed only with family and given name swapped.</param>
/// <param name="OnOtherName">The names agreed on a former name or alias, not the current name.</param>
public sealed record MatchAgreement(
    NameLevel Family,
    bool FamilyPartial,
    GivenLevel? Given,
    DateLevel? Date,
    PostcodeLevel? Postcode,
    bool Swapped,
    bool OnOtherName);

/// <summary>
/// Scores a candidate the Fellegi-Sunter way (ADR 14): each field searched for is compared to an
/// agreement level, each level adds its Bayes factor in bits (<see cref="MatchWeights"/>), and the
/// sum with the prior is the match weight, whose probability is the score. Every piece of evidence
/// adds or subtracts; a field the child has no value for, or whose value is hidden from the caller,
/// adds nothing. The names are taken on the child's best name, as typed and with family and given
/// name swapped (a small penalty). Only a family name unlike every name of the child rules it out
/// (so a family name search never shows other families); a given name that disagrees lowers the
/// score like any other field.
/// </summary>
public sealed class CandidateScorer(MatchingOptions options, MatchWeights weights)
{
    public CandidateScorer(MatchingOptions options)
        : this(options, MatchWeights.Default)
    {
    }

    /// <param name="restricted">The child is shielded and the caller is not the index team: only
    /// the visible fields count (the current name, its parts, and the date of birth), so neither
    /// the score nor whether the child qualifies depends on a hidden field.</param>
    public ScoredCandidate? Score(NameQuery query, Child child, bool restricted)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(child);
        var names = SearchKeys.Names(child);
        var name = BestName(query, names, restricted, swapped: false);

        // Swapped can only do better when the names as typed are not both exact (most searches are).
        var bothExact = weights.Family(NameLevel.Exact) + weights.Given(GivenLevel.Exact);
        if (query.Swapped is { } swapped && !(name?.Bits >= bothExact) &&
            BestName(swapped, names, restricted, swapped: true) is { } other && (name is null || other.Bits > name.Value.Bits))
        {
            name = other;
        }

        if (name is not { } best)
        {
            return null;
        }

        var date = BirthDateMatch.Compare(query, child.DateOfBirth, options.DateToleranceDays);
        var postcode = restricted ? null : PostcodeMatch.Compare(query, child.Residence == ResidenceKind.Address ? child.Address?.Postcode : null);
        var weight = weights.PriorBits + best.Bits
            + (date is { } d ? weights.Date(d.Level) : 0)
            + (postcode is { } p ? weights.Postcode(p.Level) : 0);
        var probability = MatchWeights.Probability(weight);
        if (probability < options.MinimumScore)
        {
            return null;
        }

        var otherName = best.Key.OtherNamePosition is { } position ? child.OtherNames.FirstOrDefault(o => o.Position == position) : null;
        List<string?> reasons =
        [
            best.Swapped ? "family and given names swapped" : null,
            best.Family.Reason,
            otherName is null ? null : otherName.Kind == OtherNameKind.Former ? "former name" : "alias",
            best.Given?.Reason,
            date?.Reason,
            postcode?.Reason,
        ];
        return new ScoredCandidate(child, probability, [.. reasons.OfType<string>()], otherName)
        {
            Weight = weight,
            Band = probability >= options.StrongScore && !Contradicted(best.Given, date) ? MatchBand.Strong : MatchBand.Possible,
            Agreement = new MatchAgreement(best.Family.Level, best.Family.Partial, best.Given?.Level, date?.Level, postcode?.Level,
                best.Swapped, best.Key.OtherNamePosition is not null),
        };
    }

    /// <summary>The given name or the date of birth disagrees. Fellegi-Sunter takes fields as
    /// independent, so twins (family name, date and postcode the same) can be very probable; a
    /// child whose given name or date contradicts the search is at best a possible match, for the
    /// practitioner to check. A postcode may disagree in a strong match: children move.</summary>
    private static bool Contradicted(Evidence<GivenLevel>? given, Evidence<DateLevel>? date) =>
        given?.Level == GivenLevel.Disagree || date?.Level == DateLevel.Disagree;

    private NameEvidence? BestName(NameQuery query, IReadOnlyList<SearchName> names, bool restricted, bool swapped)
    {
        NameEvidence? best = null;
        Evidence<GivenLevel>? currentGiven = null;
        foreach (var key in names)
        {
            if (restricted && key.OtherNamePosition is not null)
            {
                continue;
            }

            var family = FamilyNameMatch.Compare(query, key);
            if (family.Level == NameLevel.Disagree)
            {
                continue;
            }

            // The current name and its parts share given names: compare them once.
            Evidence<GivenLevel>? given = null;
            if (query.HasGivenName)
            {
                given = key.OtherNamePosition is null
                    ? currentGiven ??= GivenNameMatch.Compare(query, key.GivenNames)
                    : GivenNameMatch.Compare(query, key.GivenNames);
            }

            var bits = weights.Family(family.Level) + (family.Partial ? weights.PartialBits : 0)
                + (given is { } g ? weights.Given(g.Level) + (g.Partial ? weights.PartialBits : 0) : 0)
                + (key.OtherNamePosition is null ? 0 : weights.OtherNameBits)
                + (swapped ? weights.SwappedBits : 0);
            if (best is null || bits > best.Value.Bits)
            {
                best = new NameEvidence(key, family, given, bits, swapped);
            }
        }

        return best;
    }

    private readonly record struct NameEvidence(SearchName Key, Evidence<NameLevel> Family, Evidence<GivenLevel>? Given, double Bits, bool Swapped);
}
