using ChildIndex.Core.Records;

namespace ChildIndex.Core.Matching;

/// <summary>Compares the family name searched for (and its parts) with one name of a candidate
/// (a whole family name, or one part of a double-barrelled one).</summary>
public static class FamilyNameMatch
{
    /// <summary>A match on one part of a double-barrelled name counts a little less than on the
    /// whole name, so that Okafor-Davies searched for ranks the Okafor-Davies child first.</summary>
    public const double PartFactor = 0.95;

    public static FieldMatch Compare(NameQuery query, SearchName key)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        var best = FieldMatch.None;
        foreach (var searched in query.FamilyNames)
        {
            var (similarity, sharedCode) = NameSimilarity.Compare(searched, key.FamilyKey);
            var part = searched.IsPart || key.IsNamePart;
            var score = part ? similarity * PartFactor : similarity;
            if (score > best.Score)
            {
                best = new FieldMatch(score, Reason(similarity, sharedCode, part));
            }
        }

        return best;
    }

    private static string Reason(double similarity, string? sharedCode, bool part)
    {
        var subject = part ? "part of a double-barrelled family name" : "family name";
        return similarity >= 1 ? $"{subject} matches"
            : sharedCode is not null ? $"{subject} sounds the same ({sharedCode})"
            : $"{subject} spelt similarly";
    }
}
