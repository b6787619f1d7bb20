using ChildIndex.Common.Errors;
using ChildIndex.Core.Validation;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Matching;

/// <summary>
/// Reads a name search and enforces the minimum criteria, so that nobody can browse: the family
/// name with a date of birth, or with a postcode (full or district), or with a given name and a
/// year of birth. Every bad or missing field is reported at once.
/// </summary>
public static class NameQueryReader
{
    public const string MinimumCriteria = "a date of birth, a postcode (or postcode district), or a given name with a birth year is required with the family name";

    /// <summary>The query, or null when <paramref name="violations"/> now holds what is wrong.</summary>
    public static NameQuery? Read(V1.NameSearch search, DateOnly today, Violations violations)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(violations);
        var before = violations.Items.Count;
        var family = FieldRules.PersonName(search.FamilyName, "name.family_name", violations);
        var given = string.IsNullOrWhiteSpace(search.GivenName)
            ? null
            : FieldRules.PersonName(search.GivenName, "name.given_name", violations);
        var dateOfBirth = FieldRules.Date(search.DateOfBirth, "name.date_of_birth", violations, required: false);
        var (postcode, district) = FieldRules.PostcodeOrDistrict(search.Postcode, "name.postcode", violations);
        var birthYear = FieldRules.BirthYear(search.BirthYear, "name.birth_year", violations, today);
        if (dateOfBirth is { } date && birthYear is { } year && date.Year != year)
        {
            violations.Add("name.birth_year", "must be the year of date_of_birth, or be left out");
        }

        // Judged on what was sent, so that a malformed value is not reported twice.
        var hasDate = search.DateOfBirth is { } sent && (sent.Year != 0 || sent.Month != 0 || sent.Day != 0);
        var hasPostcode = !string.IsNullOrWhiteSpace(search.Postcode);
        var hasGiven = !string.IsNullOrWhiteSpace(search.GivenName);
        if (!hasDate && !hasPostcode)
        {
            if (search.BirthYear != 0 && !hasGiven)
            {
                violations.Add("name.given_name", "is required with birth_year (or give the date of birth or a postcode)");
            }
            else if (search.BirthYear == 0)
            {
                violations.Add("name.date_of_birth", MinimumCriteria);
            }
        }

        return violations.Items.Count > before ? null : new NameQuery(family!, given, dateOfBirth, birthYear, postcode, district);
    }
}
