namespace ChildIndex.Core.Matching;

/// <summary>
/// Jaro-Winkler similarity (Jaro 1989, Winkler 1990), from 0 (nothing in common) to 1 (equal):
/// the share of letters the two strings have in common within a window, less half the
/// transpositions among them, raised for a common start (typists rarely err in the first letters).
/// Compared on folded keys, so case and accents do not count.
/// </summary>
public static class JaroWinkler
{
    /// <summary>Winkler's scaling factor for each common leading letter.</summary>
    public const double PrefixScale = 0.1;

    /// <summary>At most this many common leading letters raise the score.</summary>
    public const int MaxPrefix = 4;

    /// <summary>Winkler raised only strings already this similar.</summary>
    public const double BoostThreshold = 0.7;

    public static double Similarity(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var jaro = Jaro(first, second);
        if (jaro < BoostThreshold)
        {
            return jaro;
        }

        var prefix = 0;
        var limit = Math.Min(MaxPrefix, Math.Min(first.Length, second.Length));
        while (prefix < limit && first[prefix] == second[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * PrefixScale * (1 - jaro));
    }

    public static double Jaro(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Length == 0 || second.Length == 0)
        {
            return first.Length == second.Length ? 1 : 0;
        }

        if (first == second)
        {
            return 1;
        }

        // Letters match when equal and no further apart than half the longer string, less one.
        var window = Math.Max(0, (Math.Max(first.Length, second.Length) / 2) - 1);
        Span<bool> firstMatched = first.Length <= 128 ? stackalloc bool[first.Length] : new bool[first.Length];
        Span<bool> secondMatched = second.Length <= 128 ? stackalloc bool[second.Length] : new bool[second.Length];
        var matches = 0;
        for (var i = 0; i < first.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(second.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (!secondMatched[j] && first[i] == second[j])
                {
                    firstMatched[i] = true;
                    secondMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        // Matched letters taken in order that differ are transpositions; each pair counts once.
        var outOfOrder = 0;
        var k = 0;
        for (var i = 0; i < first.Length; i++)
        {
            if (!firstMatched[i])
            {
                continue;
            }

            while (!secondMatched[k])
            {
                k++;
            }

            if (first[i] != second[k])
            {
                outOfOrder++;
            }

            k++;
        }

        double m = matches;
        return ((m / first.Length) + (m / second.Length) + ((m - (outOfOrder / 2.0)) / m)) / 3;
    }
}
