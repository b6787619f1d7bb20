using ChildIndex.Core.Text;

namespace ChildIndex.Core.Matching;

/// <summary>
/// Compares the given name searched for with a candidate's given names: the first given name
/// counts fully, a middle name a little less; a known short form or spelling (Bill for William,
/// Shivaun for Siobhán) nearly as much as the name itself; then sound and spelling.
/// </summary>
public static class GivenNameMatch
{
    public const double MiddleNameFactor = 0.95;
    public const double KnownForm = 0.93;
    public const double Initial = 0.8;

    public static FieldMatch Compare(NameQuery query, string givenNames)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(givenNames);
        var best = FieldMatch.None;
        var words = givenNames.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var position = 0; position < words.Length; position++)
        {
            foreach (var written in Forms(words[position]))
            {
                var key = NameFolding.Key(written);
                foreach (var searched in query.GivenNames)
                {
                    var match = CompareOne(searched, written, key, middle: position > 0);
                    if (match.Score > best.Score)
                    {
                        best = match;
                    }
                }
            }
        }

        return best;
    }

    /// <summary>A given name and, when hyphenated, each of its parts (Anna-Marie, Anna, Marie).</summary>
    private static IEnumerable<string> Forms(string word)
    {
        yield return word;
        var parts = word.Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 1)
        {
            foreach (var part in parts)
            {
                yield return part;
            }
        }
    }

    private static FieldMatch CompareOne(QueryName searched, string written, string key, bool middle)
    {
        var subject = middle ? "middle name" : "given name";
        var factor = middle ? MiddleNameFactor : 1;
        if (searched.Key == key)
        {
            return new FieldMatch(factor, $"{subject} matches");
        }

        if (GivenNameForms.Relation(searched.Key, key) is { } kind)
        {
            var what = kind == GivenNameFormKind.ShortForm ? "nickname" : "other spelling";
            return new FieldMatch(KnownForm * factor, $"{what} {searched.Written} for {written}");
        }

        if (searched.Key.Length == 1)
        {
            return key.StartsWith(searched.Key, StringComparison.Ordinal)
                ? new FieldMatch(Initial * factor, $"initial {searched.Key} of the {subject}")
                : FieldMatch.None;
        }

        var (similarity, sharedCode) = NameSimilarity.Compare(searched, key);
        var score = similarity * factor;
        return similarity == 0 ? FieldMatch.None
            : sharedCode is not null ? new FieldMatch(score, $"{subject} sounds the same ({sharedCode})")
            : new FieldMatch(score, $"{subject} spelt similarly");
    }
}
