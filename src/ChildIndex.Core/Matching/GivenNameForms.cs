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

/// <summary>
/// Looks names up by their folded keys in two sources, read once: our own table
/// (<see cref="GivenNameFormsTable"/>: the communities of a UK population) and the licensed
/// nicknames data of the carltonnorthern/nicknames project (Data/nicknames.csv, Apache-2.0;
/// Data/NOTICE.md), which has one group per formal name with its nicknames.
/// </summary>
public static class GivenNameForms
{
    private static readonly (GivenNameFormKind Kind, string[] Keys)[] Groups =
        [.. GivenNameFormsTable.Groups.Select(ParseGroup), .. NicknameGroups(Embedded("ChildIndex.Matching.nicknames.csv"))];

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

    /// <summary>Groups from lines of "name,has_nickname,nickname" (the first line is the header).
    /// A formal name makes one group with all its nicknames, so two nicknames of one name are the
    /// same name too, as in our table (Bill and Will). But the data also lists some nicknames with
    /// the names they stand for (bill: william, robert, fred): a name that is a shorter nickname of
    /// another makes a pair with each name of its line instead, so that William is never Robert.</summary>
    internal static IEnumerable<(GivenNameFormKind Kind, string[] Keys)> NicknameGroups(string csv)
    {
        var pairs = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields is [_, "has_nickname", _])
            .Select(fields => (Name: NameFolding.Key(fields[0]), Nickname: NameFolding.Key(fields[2])))
            .Where(pair => pair.Name.Length > 0 && pair.Nickname.Length > 0 && pair.Name != pair.Nickname)
            .ToList();
        var nicknames = pairs.Where(p => p.Nickname.Length < p.Name.Length).Select(p => p.Nickname).ToHashSet(StringComparer.Ordinal);
        foreach (var name in pairs.GroupBy(p => p.Name, StringComparer.Ordinal))
        {
            if (nicknames.Contains(name.Key))
            {
                foreach (var pair in name)
                {
                    yield return (GivenNameFormKind.ShortForm, [pair.Name, pair.Nickname]);
                }
            }
            else
            {
                yield return (GivenNameFormKind.ShortForm, [name.Key, .. name.Select(p => p.Nickname).Distinct()]);
            }
        }
    }

    private static string Embedded(string name)
    {
        using var stream = typeof(GivenNameForms).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in ChildIndex.Core");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static (GivenNameFormKind Kind, string[] Keys) ParseGroup(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kind = words[0] == "short" ? GivenNameFormKind.ShortForm : GivenNameFormKind.Variant;
        return (kind, [.. words[1..].Select(NameFolding.Key).Distinct()]);
    }
}
