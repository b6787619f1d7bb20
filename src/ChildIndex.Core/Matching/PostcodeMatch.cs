namespace ChildIndex.Core.Matching;

/// <summary>Compares a candidate's postcode with the full postcode or district searched for. A
/// child who has moved keeps the other criteria, so a different postcode scores 0 without ruling
/// the child out.</summary>
public static class PostcodeMatch
{
    /// <summary>The full postcode searched for is in the same district as the child's.</summary>
    public const double SameDistrict = 0.6;

    /// <summary>Null when there is nothing to compare: no postcode searched for, or none known
    /// (or shown) for the child.</summary>
    public static FieldMatch? Compare(NameQuery query, string? postcode)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PostcodeDistrict is not { } district || postcode is null)
        {
            return null;
        }

        if (query.Postcode is { } searched && searched == postcode)
        {
            return new FieldMatch(1, "postcode matches");
        }

        if (Identifiers.Postcode.OutwardCode(postcode) != district)
        {
            return FieldMatch.None;
        }

        return new FieldMatch(query.Postcode is null ? 1 : SameDistrict, $"postcode district {district}");
    }
}
