namespace ChildIndex.Core.Matching;

/// <summary>What to add to a search that matched more children than may be shown.</summary>
public static class NarrowingAdvice
{
    public static string For(NameQuery query, int maxResults)
    {
        ArgumentNullException.ThrowIfNull(query);
        var missing = new List<string>();
        if (!query.HasGivenName)
        {
            missing.Add("a given name (name.given_name)");
        }

        if (query.DateOfBirth is null)
        {
            missing.Add(query.YearOnly ? "the full date of birth instead of the year (name.date_of_birth)" : "the date of birth (name.date_of_birth)");
        }

        if (query.Postcode is null)
        {
            missing.Add(query.PostcodeDistrict is null ? "the postcode (name.postcode)" : "the full postcode instead of the district (name.postcode)");
        }

        var more = $"more than {maxResults} children match";
        return missing.Count == 0
            ? $"{more} every criterion given: search by an identifier (index id, NHS number or UPN) if you have one"
            : $"{more}: add {Join(missing)} to narrow the search";
    }

    private static string Join(List<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} or {items[^1]}";
}
