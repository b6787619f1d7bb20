namespace ChildIndex.Core.Matching;

/// <summary>
/// The optimal-string-alignment distance (Levenshtein with adjacent transpositions): how many
/// single typing slips (a letter wrong, missing, extra or two swapped) turn one name into the
/// other. Used to tell a misspelling from a different name that merely starts alike, which
/// Jaro-Winkler alone rates highly (Robertson and Robinson).
/// </summary>
public static class EditDistance
{
    public static int Slips(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var rows = first.Length + 1;
        var columns = second.Length + 1;
        var d = new int[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j < columns; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i < rows; i++)
        {
            for (var j = 1; j < columns; j++)
            {
                var cost = first[i - 1] == second[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && first[i - 1] == second[j - 2] && first[i - 2] == second[j - 1])
                {
                    best = Math.Min(best, d[i - 2, j - 2] + 1);
                }

                d[i, j] = best;
            }
        }

        return d[rows - 1, columns - 1];
    }

    /// <summary>How many slips a name of this length may plausibly carry: 1 up to 5 letters,
    /// 2 up to 10, then 3.</summary>
    public static int PlausibleSlips(int length) => length <= 5 ? 1 : length <= 10 ? 2 : 3;
}
