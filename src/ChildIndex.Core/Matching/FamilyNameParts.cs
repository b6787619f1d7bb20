using System.Collections.Frozen;
using ChildIndex.Core.Text;

namespace ChildIndex.Core.Matching;

/// <summary>
/// The parts of a hyphenated or double-barrelled family name (Okafor-Davies, Mensah Boateng),
/// each searchable on its own: people are often known by one of them. Particles (Al-, El-, de,
/// van ...) are not parts: "Al" alone would join every Al-Sayed to every Ali.
/// </summary>
public static class FamilyNameParts
{
    private static readonly FrozenSet<string> Particles = new[]
    {
        "AL", "EL", "UL", "BIN", "BINT", "BEN", "ABU", "ABD", "DE", "DA", "DI", "DO", "DOS", "DAS", "DU", "DEL", "DELA", "DELLA",
        "DER", "DEN", "VAN", "VON", "LE", "LA", "LOS", "LAS", "ST", "SAINT", "Y", "E",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The folded keys of the parts; empty when the name has only one part.</summary>
    public static IReadOnlyList<string> Keys(string familyName)
    {
        ArgumentNullException.ThrowIfNull(familyName);
        var words = familyName.Split([' ', '-', '‐', '–'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            return [];
        }

        var whole = NameFolding.Key(familyName);
        var parts = new List<string>(words.Length);
        foreach (var word in words)
        {
            var key = NameFolding.Key(word);
            if (key.Length >= 2 && key != whole && !Particles.Contains(key) && !parts.Contains(key))
            {
                parts.Add(key);
            }
        }

        return parts;
    }
}
