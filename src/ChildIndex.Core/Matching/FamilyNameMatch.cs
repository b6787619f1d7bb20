using ChildIndex.Core.Records;

namespace ChildIndex.Core.Matching;

/// <summary>Compares the family name searched for (and its parts) with one name of a candidate
/// (a whole family name, or one part of a double-barrelled one).</summary>
public static class FamilyNameMatch
{
    public static Evidence<NameLevel> Compare(NameQuery query, SearchName key)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        var best = new Evidence<NameLevel>(NameLevel.Disagree, null);
        foreach (var searched in query.FamilyNames)
        {
            var (level, sharedCode) = NameSimilarity.Classify(searched, key.FamilyKey);
            var part = searched.IsPart || key.IsNamePart;

            // The stronger level wins; at the same level a whole name beats a part, so that
            // Okafor-Davies searched for ranks the Okafor-Davies child first.
            if (level < best.Level || (level == best.Level && best.Partial && !part))
            {
                best = new(level, level == NameLevel.Disagree ? null : Reason(level, sharedCode, part), part);
            }
        }

        return best;
    }

    private static string Reason(NameLevel level, string? sharedCode, bool part)
    {
        var subject = part ? "part of a double-barrelled family name" : "family name";
        return level == NameLevel.Exact ? $"{subject} matches"
            : sharedCode is not null ? $"{subject} sounds the same ({sharedCode})"
            : $"{subject} spelt similarly";
    }
}
