using System.Text;
using ChildIndex.Core.Text;

namespace ChildIndex.Core.Matching;

/// <summary>
/// Double Metaphone (Lawrence Philips, C/C++ Users Journal, June 2000), written from the
/// published description: a name becomes up to four consonant sounds, once as the most likely
/// English reading (primary) and once as another plausible one (alternate), so that Smith and
/// Smyth, Catherine and Kathryn, Mohammed and Muhammad meet. Vowels count only at the start.
/// One addition to the published rules, in the alternate code only: a P between M and S or T may
/// be silent (Thompson, Thomson; Sampson, Samson). See docs/matching.md.
/// </summary>
public static class DoubleMetaphone
{
    /// <summary>The published code length: long enough to tell names apart, short enough to
    /// forgive a wrong ending.</summary>
    public const int CodeLength = 4;

    /// <summary>The codes of a name as written: case, accents and punctuation are folded first.</summary>
    public static PhoneticCode Encode(string name) => Encode(name, CodeLength);

    /// <summary>Codes of up to <paramref name="codeLength"/> sounds. The index stores the published
    /// four; scoring compares whole names (<see cref="int.MaxValue"/>), so that two long names that
    /// only start alike do not "sound the same".</summary>
    public static PhoneticCode Encode(string name, int codeLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(codeLength, 1);
        ArgumentNullException.ThrowIfNull(name);
        var letters = new StringBuilder(name.Length);
        foreach (var c in NameFolding.Key(name))
        {
            // Letters outside A-Z (Greek, Cyrillic ...) have no rules: they are skipped.
            if (c is >= 'A' and <= 'Z')
            {
                letters.Append(c);
            }
        }

        return letters.Length == 0 ? PhoneticCode.None : new MetaphoneEncoder(letters.ToString(), codeLength).Encode();
    }
}
