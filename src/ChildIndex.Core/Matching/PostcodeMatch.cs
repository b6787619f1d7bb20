namespace ChildIndex.Core.Matching;

/// <summary>Compares a candidate's postcode with the full postcode or district searched for. A
/// child who has moved keeps the other criteria, so a different postcode counts against the
/// child without ruling it out.</summary>
public static class PostcodeMatch
{
    /// <summary>Null when there is nothing to compare: no postcode searched for, or none known
    /// (or shown) for the child.</summary>
    public static Evidence<PostcodeLevel>? Compare(NameQuery query, string? postcode)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PostcodeDistrict is not { } district || postcode is null)
        {
            return null;
        }

        if (query.Postcode is { } searched && searched == postcode)
        {
            return new(PostcodeLevel.Full, "postcode matches");
        }

        return Identifiers.Postcode.OutwardCode(postcode) == district
            ? new(PostcodeLevel.District, $"postcode district {district}")
            : new(PostcodeLevel.Disagree, null);
    }
}
