using System.Collections.Frozen;
using ChildIndex.Core.Text;

namespace ChildIndex.Core.Matching;

/// <summary>How two different given names are the same name.</summary>
public enum GivenNameFormKind
{
    /// <summary>A short form or nickname: Bill for William.</summary>
    ShortForm,

    /// <summary>Another spelling or transliteration: Shivaun for Siobhán.</summary>
    Variant,
}

/// <summary>Looks names up in <see cref="GivenNameFormsTable"/> by their folded keys.</summary>
public static class GivenNameForms
{
    private static readonly (GivenNameFormKind Kind, string[] Keys)[] Groups = [.. GivenNameFormsTable.Groups.Select(ParseGroup)];

    private static readonly FrozenDictionary<string, int[]> GroupsByKey = Groups
        .SelectMany((group, index) => group.Keys.Select(key => (key, index)))
        .GroupBy(p => p.key, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.index).ToArray(), StringComparer.Ordinal);

    /// <summary>How <paramref name="firstKey"/> and <paramref name="secondKey"/> (folded keys) are
    /// the same name, or null when the table does not join them (or they are equal).</summary>
    public static GivenNameFormKind? Relation(string firstKey, string secondKey)
    {
        if (firstKey == secondKey || !GroupsByKey.TryGetValue(firstKey, out var first) || !GroupsByKey.TryGetValue(secondKey, out var second))
        {
            return null;
        }

        foreach (var group in first)
        {
            if (second.Contains(group))
            {
                return Groups[group].Kind;
            }
        }

        return null;
    }

    /// <summary>Every other name the table joins to <paramref name="key"/> (a folded key).</summary>
    public static IReadOnlyList<string> FormsOf(string key) =>
        GroupsByKey.TryGetValue(key, out var groups)
            ? [.. groups.SelectMany(g => Groups[g].Keys).Where(k => k != key).Distinct()]
            : [];

    private static (GivenNameFormKind Kind, string[] Keys) ParseGroup(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kind = words[0] == "short" ? GivenNameFormKind.ShortForm : GivenNameFormKind.Variant;
        return (kind, [.. words[1..].Select(NameFolding.Key).Distinct()]);
    }
}
