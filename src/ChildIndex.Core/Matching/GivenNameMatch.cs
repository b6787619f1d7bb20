using ChildIndex.Core.Text;

namespace ChildIndex.Core.Matching;

/// <summary>
/// Compares the given name searched for with a candidate's given names: the first given name
/// and the middle names (a middle name counts a little less); a known short form or spelling
/// (Bill for William, Shivaun for Siobhán); then sound and spelling; an initial.
/// </summary>
public static class GivenNameMatch
{
    public static Evidence<GivenLevel> Compare(NameQuery query, string givenNames)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(givenNames);
        var best = new Evidence<GivenLevel>(GivenLevel.Disagree, null);
        var words = givenNames.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var position = 0; position < words.Length; position++)
        {
            foreach (var written in Forms(words[position]))
            {
                var key = NameFolding.Key(written);
                foreach (var searched in query.GivenNames)
                {
                    var match = CompareOne(searched, written, key, middle: position > 0);
                    if (match.Level < best.Level || (match.Level == best.Level && best.Partial && !match.Partial))
                    {
                        best = match;
                    }
                }
            }
        }

        return best.Level == GivenLevel.Disagree ? best with { Reason = "given name does not match" } : best;
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

    private static Evidence<GivenLevel> CompareOne(QueryName searched, string written, string key, bool middle)
    {
        var subject = middle ? "middle name" : "given name";
        if (searched.Key == key)
        {
            return new(GivenLevel.Exact, $"{subject} matches", middle);
        }

        if (GivenNameForms.Relation(searched.Key, key) is { } kind)
        {
            var what = kind == GivenNameFormKind.ShortForm ? "nickname" : "other spelling";
            return new(GivenLevel.KnownForm, $"{what} {searched.Written} for {written}", middle);
        }

        if (searched.Key.Length == 1)
        {
            return key.StartsWith(searched.Key, StringComparison.Ordinal)
                ? new(GivenLevel.Initial, $"initial {searched.Key} of the {subject}", middle)
                : new(GivenLevel.Disagree, null);
        }

        var (level, sharedCode) = NameSimilarity.Classify(searched, key);
        return level switch
        {
            NameLevel.Disagree => new(GivenLevel.Disagree, null),
            NameLevel.Sound => new(GivenLevel.Sound, $"{subject} sounds the same ({sharedCode})", middle),
            NameLevel.Close => new(GivenLevel.Close, $"{subject} spelt similarly", middle),
            NameLevel.Weak => new(GivenLevel.Weak, $"{subject} spelt similarly", middle),
            _ => new(GivenLevel.Similar, sharedCode is null ? $"{subject} spelt similarly" : $"{subject} sounds the same ({sharedCode})", middle),
        };
    }
}
