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
        // A merged record is found only through its survivor, which holds its names.
        if (child.Status != RecordStatus.Merged)
        {
            child.SearchKeys.AddRange(Build(child));
        }
    }

    /// <summary>The keys <see cref="Rebuild"/> stores, without attaching them.</summary>
    public static IReadOnlyList<SearchKey> Build(Child child) =>
        [.. Names(child).Select(name => For(child, name))];

    /// <summary>The names the keys are made from, without their phonetic codes: searches score
    /// candidates on these, so that scoring and blocking always agree on a child's names, and a
    /// search does not pay for codes that only blocking reads.</summary>
    public static IReadOnlyList<SearchName> Names(Child child)
    {
        ArgumentNullException.ThrowIfNull(child);
        var names = new List<(string Given, string Family, int? Position)> { (child.GivenNames, child.FamilyName, null) };
        names.AddRange(child.OtherNames.OrderBy(o => o.Position).Select(o => (o.GivenNames, o.FamilyName, (int?)o.Position)));

        // Whole names first, so that a part equal to another whole name gives way to it.
        var keys = new List<SearchName>();
        foreach (var (given, family, position) in names)
        {
            Add(keys, new SearchName(NameFolding.Key(family), GivenKeys(given), given, position, IsNamePart: false));
        }

        foreach (var (given, family, position) in names)
        {
            foreach (var part in FamilyNameParts.Keys(family))
            {
                Add(keys, new SearchName(part, GivenKeys(given), given, position, IsNamePart: true));
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

    private static string GivenKeys(string givenNames) => $" {string.Join(' ', NameFolding.WordKeys(givenNames))} ";

    private static void Add(List<SearchName> names, SearchName name)
    {
        if (name.FamilyKey.Length > 0 && !names.Any(n => n.FamilyKey == name.FamilyKey && n.GivenKeys == name.GivenKeys))
        {
            names.Add(name);
        }
    }

    private static SearchKey For(Child child, SearchName name)
    {
        var family = DoubleMetaphone.Encode(name.FamilyKey);
        var given = DoubleMetaphone.Encode(FirstGivenName(name.GivenNames));
        var address = child.Residence == ResidenceKind.Address ? child.Address : null;
        return new SearchKey
        {
            FamilyKey = name.FamilyKey,
            GivenKeys = name.GivenKeys,
            DateOfBirth = child.DateOfBirth,
            BirthYear = child.DateOfBirth.Year,
            Postcode = address?.Postcode,
            PostcodeDistrict = address is null ? null : Identifiers.Postcode.OutwardCode(address.Postcode),
            OtherNamePosition = name.OtherNamePosition,
            IsNamePart = name.IsNamePart,
            FamilyPhonetic = NullIfEmpty(family.Primary),
            FamilyPhoneticAlt = family.Alternate,
            GivenPhonetic = NullIfEmpty(given.Primary),
            Shielded = child.Shielded,
        };
    }

    private static string? NullIfEmpty(string code) => code.Length == 0 ? null : code;
}

/// <summary>One name a child is searched by: a whole family name, or one part of a
/// double-barrelled one, with the given names it goes with.</summary>
/// <param name="FamilyKey">The family name (or part), folded.</param>
/// <param name="GivenKeys">Each given name's key between spaces.</param>
/// <param name="GivenNames">The given names as written.</param>
/// <param name="OtherNamePosition">The other name it comes from; null for the current name.</param>
/// <param name="IsNamePart">One part of a double-barrelled family name.</param>
public sealed record SearchName(string FamilyKey, string GivenKeys, string GivenNames, int? OtherNamePosition, bool IsNamePart);
