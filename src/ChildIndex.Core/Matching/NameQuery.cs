using ChildIndex.Core.Text;

namespace ChildIndex.Core.Matching;

/// <summary>One name (or part of one) of a search, with its folded key and phonetic codes: the
/// index's four-sound <paramref name="Code"/> for blocking, the <paramref name="WholeCode"/> for scoring.</summary>
public sealed record QueryName(string Written, string Key, PhoneticCode Code, PhoneticCode WholeCode, bool IsPart)
{
    public static QueryName Of(string written, bool isPart) =>
        new(written, NameFolding.Key(written), DoubleMetaphone.Encode(written), DoubleMetaphone.Encode(written, int.MaxValue), isPart);
}

/// <summary>
/// A validated name search, ready for blocking and scoring: the family name and its parts, the
/// given name's words and the other forms the given-name table knows for them, and the date, year
/// and postcode criteria. Built by <see cref="NameQueryReader"/>.
/// </summary>
public sealed class NameQuery
{
    public NameQuery(string familyName, string? givenName, DateOnly? dateOfBirth, int? birthYear, string? postcode, string? postcodeDistrict)
        : this(familyName, givenName, dateOfBirth, birthYear, postcode, postcodeDistrict, swapped: false)
    {
    }

    private NameQuery(string familyName, string? givenName, DateOnly? dateOfBirth, int? birthYear, string? postcode, string? postcodeDistrict, bool swapped)
    {
        ArgumentNullException.ThrowIfNull(familyName);
        FamilyName = familyName;
        GivenName = givenName;
        DateOfBirth = dateOfBirth;
        BirthYear = birthYear ?? dateOfBirth?.Year;
        YearOnly = dateOfBirth is null && birthYear is not null;
        Postcode = postcode;
        PostcodeDistrict = postcodeDistrict ?? (postcode is null ? null : Identifiers.Postcode.OutwardCode(postcode));

        var family = new List<QueryName> { QueryName.Of(familyName, isPart: false) };
        family.AddRange(FamilyNameParts.Keys(familyName).Select(part => QueryName.Of(part, isPart: true)));
        FamilyNames = family;
        GivenNames = givenName is null ? [] : GivenWords(givenName);

        FamilyKeys = [.. FamilyNames.Select(n => n.Key).Distinct()];
        FamilyCodes = [.. FamilyNames.SelectMany(n => n.Code.Codes()).Distinct()];
        GivenCodes = [.. GivenNames
            .SelectMany(n => GivenNameForms.FormsOf(n.Key).Prepend(n.Key))
            .SelectMany(key => DoubleMetaphone.Encode(key).Codes())
            .Distinct()];

        // Built once per search, so scoring every candidate both ways costs no extra parsing.
        Swapped = swapped || givenName is null ? null : new NameQuery(givenName, familyName, dateOfBirth, birthYear, postcode, postcodeDistrict, swapped: true);
    }

    public string FamilyName { get; }

    public string? GivenName { get; }

    public DateOnly? DateOfBirth { get; }

    /// <summary>The year of birth: the one searched for, or the date of birth's.</summary>
    public int? BirthYear { get; }

    /// <summary>A year of birth was given without a date.</summary>
    public bool YearOnly { get; }

    /// <summary>The full postcode, when one was given.</summary>
    public string? Postcode { get; }

    /// <summary>The postcode district: given alone ("LS6") or the full postcode's.</summary>
    public string? PostcodeDistrict { get; }

    /// <summary>The family name as searched, then each of its parts.</summary>
    public IReadOnlyList<QueryName> FamilyNames { get; }

    /// <summary>Each word of the given name, and each part of a hyphenated one.</summary>
    public IReadOnlyList<QueryName> GivenNames { get; }

    /// <summary>Folded keys of the family name and its parts, for exact-key passes.</summary>
    public string[] FamilyKeys { get; }

    /// <summary>Every phonetic code of the family name and its parts.</summary>
    public string[] FamilyCodes { get; }

    /// <summary>Primary and alternate codes of the given names and of their known other forms
    /// (Bill searches William's code too).</summary>
    public string[] GivenCodes { get; }

    public bool HasGivenName => GivenNames.Count > 0;

    /// <summary>The same search with the family and given names swapped (the family name typed as
    /// the given name and the other way round), when a given name was searched for.</summary>
    public NameQuery? Swapped { get; }

    /// <summary>The date of birth with day and month swapped, when that is another real date.</summary>
    public DateOnly? SwappedDateOfBirth =>
        DateOfBirth is { } date && date.Day <= 12 && date.Day != date.Month ? new DateOnly(date.Year, date.Day, date.Month) : null;

    private static List<QueryName> GivenWords(string givenName)
    {
        var words = new List<QueryName>();
        foreach (var word in givenName.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            words.Add(QueryName.Of(word, isPart: false));
            var parts = word.Split('-', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 1)
            {
                words.AddRange(parts.Select(p => QueryName.Of(p, isPart: true)));
            }
        }

        return [.. words.Where(w => w.Key.Length > 0).DistinctBy(w => w.Key)];
    }
}
