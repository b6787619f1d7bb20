namespace ChildIndex.Core.Matching;

/// <summary>
/// How alike two single names are, by sound and by spelling. By sound: the whole names' Double
/// Metaphone codes (not the four-sound codes of the index, which join any two long names that
/// start alike). By spelling: Jaro-Winkler, counted only when the names are a plausible number
/// of typing slips apart (<see cref="EditDistance"/>), so that Robinson is not a misspelt
/// Robertson. Short names sound alike too easily (Li, Lee and Lau all code as L), so a sound
/// match counts less for them.
/// </summary>
public static class NameSimilarity
{
    public const double SoundsSame = 0.9;
    public const double SoundsAlike = 0.85;
    public const double ShortNameDiscount = 0.1;
    public const int ShortName = 3;

    /// <summary>Jaro-Winkler thresholds of the close and similar levels (Splink's usual 0.92 and 0.85;
    /// ADR 14).</summary>
    public const double CloseSpelling = 0.92;

    public const double SimilarSpelling = 0.85;

    /// <summary>The old minimum name similarity: below it two names disagree.</summary>
    public const double WeakSpelling = 0.75;

    /// <param name="searched">The name searched for.</param>
    /// <param name="key">The candidate's name, folded.</param>
    /// <returns>The similarity from 0 to 1, and the code both share when it was by sound.</returns>
    public static (double Score, string? SharedCode) Compare(QueryName searched, string key)
    {
        ArgumentNullException.ThrowIfNull(searched);
        ArgumentNullException.ThrowIfNull(key);
        if (searched.Key == key)
        {
            return (1, null);
        }

        var code = DoubleMetaphone.Encode(key, int.MaxValue);
        var sound = searched.WholeCode.SamePrimary(code) ? SoundsSame
            : searched.WholeCode.SharesAnyCode(code) ? SoundsAlike
            : 0;
        if (sound > 0 && Math.Min(searched.Key.Length, key.Length) <= ShortName)
        {
            sound -= ShortNameDiscount;
        }

        var plausible = EditDistance.Slips(searched.Key, key) <= EditDistance.PlausibleSlips(Math.Max(searched.Key.Length, key.Length));
        var spelling = plausible ? JaroWinkler.Similarity(searched.Key, key) : 0;
        return sound > spelling ? (sound, searched.WholeCode.SharedWith(code)) : (spelling, null);
    }

    /// <summary>The agreement level of the two names for probabilistic scoring: exact, then the
    /// same sound (names over three letters), then spelling by Jaro-Winkler; a short name that
    /// sounds the same counts only as similar.</summary>
    public static (NameLevel Level, string? SharedCode) Classify(QueryName searched, string key)
    {
        ArgumentNullException.ThrowIfNull(searched);
        ArgumentNullException.ThrowIfNull(key);
        if (searched.Key == key)
        {
            return (NameLevel.Exact, null);
        }

        var code = DoubleMetaphone.Encode(key, int.MaxValue);
        var shared = searched.WholeCode.SharesAnyCode(code) ? searched.WholeCode.SharedWith(code) : null;
        var shortName = Math.Min(searched.Key.Length, key.Length) <= ShortName;
        if (shared is not null && !shortName)
        {
            return (NameLevel.Sound, shared);
        }

        var plausible = EditDistance.Slips(searched.Key, key) <= EditDistance.PlausibleSlips(Math.Max(searched.Key.Length, key.Length));
        var spelling = plausible ? JaroWinkler.Similarity(searched.Key, key) : 0;
        NameLevel level = spelling >= CloseSpelling ? NameLevel.Close
            : spelling >= SimilarSpelling || shared is not null ? NameLevel.Similar
            : spelling >= WeakSpelling ? NameLevel.Weak
            : NameLevel.Disagree;
        return (level, level == NameLevel.Similar && spelling < SimilarSpelling ? shared : null);
    }
}
