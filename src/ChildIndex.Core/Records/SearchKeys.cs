using ChildIndex.Core.Text;

namespace ChildIndex.Core.Records;

/// <summary>Builds a child's search keys: one for the current name, one for each other name.</summary>
public static class SearchKeys
{
    public static void Rebuild(Child child)
    {
        child.SearchKeys.Clear();
        child.SearchKeys.Add(For(child, child.GivenNames, child.FamilyName, otherNamePosition: null));
        foreach (var other in child.OtherNames)
        {
            var key = For(child, other.GivenNames, other.FamilyName, other.Position);
            if (!child.SearchKeys.Any(k => k.FamilyKey == key.FamilyKey && k.GivenKeys == key.GivenKeys))
            {
                child.SearchKeys.Add(key);
            }
        }
    }

    /// <summary>The form a given name takes inside <see cref="SearchKey.GivenKeys"/>.</summary>
    public static string GivenKeyPattern(string givenName) => $" {NameFolding.Key(givenName)} ";

    private static SearchKey For(Child child, string givenNames, string familyName, int? otherNamePosition) => new()
    {
        FamilyKey = NameFolding.Key(familyName),
        GivenKeys = $" {string.Join(' ', NameFolding.WordKeys(givenNames))} ",
        DateOfBirth = child.DateOfBirth,
        BirthYear = child.DateOfBirth.Year,
        Postcode = child.Residence == ResidenceKind.Address ? child.Address?.Postcode : null,
        PostcodeDistrict = child.Residence == ResidenceKind.Address && child.Address is { } address ? Identifiers.Postcode.OutwardCode(address.Postcode) : null,
        OtherNamePosition = otherNamePosition,
        Shielded = child.Shielded,
    };
}
