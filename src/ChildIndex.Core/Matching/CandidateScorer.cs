using ChildIndex.Core.Records;

namespace ChildIndex.Core.Matching;

/// <summary>A child found by a name search: its score from 0 to 1, the reasons, and the other
/// name it matched on when that was not the current name.</summary>
public sealed record ScoredCandidate(Child Child, double Score, IReadOnlyList<string> Reasons, OtherName? MatchedOtherName);

/// <summary>
/// Scores a candidate on all of its names against every criterion searched for: the weighted mean
/// of the criteria that can be compared (a field the child has no value for, or whose value is
/// hidden from the caller, counts neither for nor against). A candidate is ruled out when its
/// family name, or the given name searched for, is too unlike, when its date of birth is outside
/// the rules, or when the total is below the minimum score.
/// </summary>
public sealed class CandidateScorer(MatchingOptions options)
{
    public const double FamilyWeight = 0.35;
    public const double GivenWeight = 0.25;
    public const double DateWeight = 0.30;

    /// <summary>A year alone says less than a date, so it weighs less.</summary>
    public const double YearWeight = 0.10;

    public const double PostcodeWeight = 0.10;

    /// <summary>A match on a former name or alias counts a little less than on the current name.</summary>
    public const double OtherNameFactor = 0.97;

    /// <param name="restricted">The child is shielded and the caller is not the index team: only
    /// the visible fields count (the current name, its parts, and the date of birth), so neither
    /// the score nor whether the child qualifies depends on a hidden field.</param>
    public ScoredCandidate? Score(NameQuery query, Child child, bool restricted)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(child);
        var name = BestName(query, child, restricted);
        if (name is null)
        {
            return null;
        }

        var date = BirthDateMatch.Compare(query, child.DateOfBirth, options.DateToleranceDays);
        if (date is { Score: 0 })
        {
            return null;
        }

        var postcode = restricted ? null : PostcodeMatch.Compare(query, child.Residence == ResidenceKind.Address ? child.Address?.Postcode : null);
        var sum = name.Value.Weighted;
        var weights = name.Value.Weights;
        if (date is not null)
        {
            var weight = query.YearOnly ? YearWeight : DateWeight;
            sum += weight * date.Score;
            weights += weight;
        }

        if (postcode is not null)
        {
            sum += PostcodeWeight * postcode.Score;
            weights += PostcodeWeight;
        }

        var score = sum / weights;
        if (score < options.MinimumScore)
        {
            return null;
        }

        var other = name.Value.Key.OtherNamePosition is { } position ? child.OtherNames.FirstOrDefault(o => o.Position == position) : null;
        List<string?> reasons =
        [
            name.Value.Family.Reason,
            other is null ? null : other.Kind == OtherNameKind.Former ? "former name" : "alias",
            name.Value.Given?.Reason,
            date?.Reason,
            postcode?.Reason,
        ];
        return new ScoredCandidate(child, score, [.. reasons.OfType<string>()], other);
    }

    private (SearchName Key, FieldMatch Family, FieldMatch? Given, double Weighted, double Weights)? BestName(NameQuery query, Child child, bool restricted)
    {
        (SearchName Key, FieldMatch Family, FieldMatch? Given, double Weighted, double Weights)? best = null;
        var givenByName = new Dictionary<int, FieldMatch>();
        foreach (var key in SearchKeys.Names(child))
        {
            if (restricted && key.OtherNamePosition is not null)
            {
                continue;
            }

            var family = FamilyNameMatch.Compare(query, key);
            FieldMatch? given = null;
            if (query.HasGivenName)
            {
                var position = key.OtherNamePosition ?? -1;
                if (!givenByName.TryGetValue(position, out given))
                {
                    given = GivenNameMatch.Compare(query, key.GivenNames);
                    givenByName[position] = given;
                }
            }

            if (family.Score < options.MinimumNameSimilarity || given?.Score < options.MinimumNameSimilarity)
            {
                continue;
            }

            var factor = key.OtherNamePosition is null ? 1 : OtherNameFactor;
            var weighted = factor * ((FamilyWeight * family.Score) + (GivenWeight * (given?.Score ?? 0)));
            if (best is null || weighted > best.Value.Weighted)
            {
                best = (key, family, given, weighted, FamilyWeight + (given is null ? 0 : GivenWeight));
            }
        }

        return best;
    }
}
