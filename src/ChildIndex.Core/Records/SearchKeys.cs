using ChildIndex.Core.Matching;
using ChildIndex.Core.Text;

namespace ChildIndex.Core.Records;

/// <summary>
/// Builds a child's search keys: one for the current name and one for each other name, then one
/// for each part of a hyphenated or double-barrelled family name among them, each with the family
/// name's phonetic codes and the first given name's. Rebuilt whenever the details or the shield
/// change, and for every child by `ChildIndex.Api reindex-search-keys` when these rules change.
/// </summary>
public static class SearchKeys
{
    public static void Rebuild(Child child)
    {
        ArgumentNullException.ThrowIfNull(child);
        child.SearchKeys.Clear();
        child.SearchKeys.AddRange(Build(child));
    }

    /// <summary>The keys <see cref="Rebuild"/> stores, without attaching them: searches score
    /// candidates on these, so that scoring and blocking always agree.</summary>
    public static IReadOnlyList<SearchKey> Build(Child child)
    {
        ArgumentNullException.ThrowIfNull(child);
        var names = new List<(string Given, string Family, int? Position)> { (child.GivenNames, child.FamilyName, null) };
        names.AddRange(child.OtherNames.OrderBy(o => o.Position).Select(o => (o.GivenNames, o.FamilyName, (int?)o.Position)));

        // Whole names first, so that a part equal to another whole name gives way to it.
        var keys = new List<SearchKey>();
        foreach (var (given, family, position) in names)
        {
            Add(keys, For(child, given, NameFolding.Key(family), position, isPart: false));
        }

        foreach (var (given, family, position) in names)
        {
            foreach (var part in FamilyNameParts.Keys(family))
            {
                Add(keys, For(child, given, part, position, isPart: true));
            }
        }

        return keys;
    }

    /// <summary>The name a first given name is indexed under: the first word, or its first part
    /// when hyphenated (Anna-Marie is indexed as Anna, which a search for Anna-Marie also asks for).</summary>
    public static string FirstGivenName(string givenNames)
    {
        ArgumentNullException.ThrowIfNull(givenNames);
        return givenNames.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
    }

    private static void Add(List<SearchKey> keys, SearchKey key)
    {
        if (key.FamilyKey.Length > 0 && !keys.Any(k => k.FamilyKey == key.FamilyKey && k.GivenKeys == key.GivenKeys))
        {
            keys.Add(key);
        }
    }

    private static SearchKey For(Child child, string givenNames, string familyKey, int? otherNamePosition, bool isPart)
    {
        var family = DoubleMetaphone.Encode(familyKey);
        var given = DoubleMetaphone.Encode(FirstGivenName(givenNames));
        var address = child.Residence == ResidenceKind.Address ? child.Address : null;
        return new SearchKey
        {
            FamilyKey = familyKey,
            GivenKeys = $" {string.Join(' ', NameFolding.WordKeys(givenNames))} ",
            DateOfBirth = child.DateOfBirth,
            BirthYear = child.DateOfBirth.Year,
            Postcode = address?.Postcode,
            PostcodeDistrict = address is null ? null : Identifiers.Postcode.OutwardCode(address.Postcode),
            OtherNamePosition = otherNamePosition,
            IsNamePart = isPart,
            FamilyPhonetic = NullIfEmpty(family.Primary),
            FamilyPhoneticAlt = family.Alternate,
            GivenPhonetic = NullIfEmpty(given.Primary),
            Shielded = child.Shielded,
        };
    }

    private static string? NullIfEmpty(string code) => code.Length == 0 ? null : code;
}
