using ChildIndex.Core.Records;

namespace ChildIndex.Core.Matching;

/// <summary>
/// One way of finding candidates: a filter on the search keys that one index answers with one
/// seek (the index named), read up to a cap.
/// </summary>
/// <param name="Name">What the pass looks for, for logs and tests.</param>
/// <param name="Index">The index the filter's leading columns seek on.</param>
/// <param name="UsesWhereabouts">The pass finds children by postcode, which a shielded child's
/// record hides from all but the index team.</param>
/// <param name="OnFamilyName">The pass looks for the family name searched for: if it reaches its
/// cap, more children may match than were read.</param>
public sealed record BlockingPass(
    string Name,
    string Index,
    Func<IQueryable<SearchKey>, IQueryable<SearchKey>> Filter,
    bool UsesWhereabouts,
    bool OnFamilyName);

/// <summary>
/// The candidate passes of a name search. Blocking never scans: each pass seeks on one of the
/// search-key indexes (see Storage/Configurations/ChildPartsConfiguration.cs), and the same LINQ
/// runs on SQLite, PostgreSQL and SQL Server. Passes overlap on purpose: exact keys guard against
/// a wide phonetic block reaching its cap; the given-name and postcode passes find a child whose
/// family name was misspelt beyond its sound.
/// </summary>
public static class BlockingPlan
{
    private const string FamilyKeyDate = "(FamilyKey, DateOfBirth)";
    private const string FamilyKeyPostcode = "(FamilyKey, Postcode)";
    private const string FamilyPhoneticYear = "(FamilyPhonetic, BirthYear)";
    private const string FamilyPhoneticAltYear = "(FamilyPhoneticAlt, BirthYear)";
    private const string FamilyPhoneticDistrict = "(FamilyPhonetic, PostcodeDistrict)";
    private const string GivenPhoneticDate = "(GivenPhonetic, DateOfBirth)";
    private const string DateDistrict = "(DateOfBirth, PostcodeDistrict)";

    /// <summary>The child ids a pass finds for a caller, at most <paramref name="cap"/> keys'
    /// worth. Others than the index team find a shielded child only by its current name (and its
    /// parts), never by a former name, an alias or a postcode: those keys are filtered out in the
    /// database, before the cap counts them.</summary>
    public static IQueryable<long> Read(IQueryable<SearchKey> keys, BlockingPass pass, bool seesShielded, int cap)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(pass);
        if (!seesShielded)
        {
            keys = pass.UsesWhereabouts
                ? keys.Where(k => !k.Shielded)
                : keys.Where(k => !k.Shielded || k.OtherNamePosition == null);
        }

        return pass.Filter(keys).Select(k => k.ChildId).Take(cap);
    }

    public static IReadOnlyList<BlockingPass> For(NameQuery query, MatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        var passes = new List<BlockingPass>();
        if (query.DateOfBirth is { } date)
        {
            AddDatePasses(passes, query, date, options.DateToleranceDays);
        }
        else if (query is { YearOnly: true, BirthYear: { } year })
        {
            AddYearPasses(passes, query, year);
        }

        if (query.PostcodeDistrict is { } district)
        {
            AddPostcodePasses(passes, query, district);
        }

        return passes;
    }

    private static void AddDatePasses(List<BlockingPass> passes, NameQuery query, DateOnly date, int toleranceDays)
    {
        var keys = query.FamilyKeys;
        var codes = query.FamilyCodes;
        DateOnly[] dates = query.SwappedDateOfBirth is { } swapped ? [date, swapped] : [date];
        var year = date.Year;
        var from = date.AddDays(-toleranceDays);
        var to = date.AddDays(toleranceDays);
        var (fromYear, toYear) = (from.Year, to.Year);

        // The exact date (or its day-month swap) first: small blocks that a cap never cuts.
        passes.Add(new("family name, date of birth", FamilyKeyDate,
            q => q.Where(k => keys.Contains(k.FamilyKey) && dates.Contains(k.DateOfBirth)), false, true));
        passes.Add(new("family name sound, date of birth", FamilyPhoneticYear,
            q => q.Where(k => codes.Contains(k.FamilyPhonetic!) && k.BirthYear == year && dates.Contains(k.DateOfBirth)), false, true));
        passes.Add(new("family name alternate sound, date of birth", FamilyPhoneticAltYear,
            q => q.Where(k => codes.Contains(k.FamilyPhoneticAlt!) && k.BirthYear == year && dates.Contains(k.DateOfBirth)), false, true));

        // Then the tolerance window around it.
        passes.Add(new("family name, date of birth within tolerance", FamilyKeyDate,
            q => q.Where(k => keys.Contains(k.FamilyKey) && k.DateOfBirth >= from && k.DateOfBirth <= to), false, true));
        passes.Add(new("family name sound, date of birth within tolerance", FamilyPhoneticYear,
            q => q.Where(k => codes.Contains(k.FamilyPhonetic!) && k.BirthYear >= fromYear && k.BirthYear <= toYear &&
                k.DateOfBirth >= from && k.DateOfBirth <= to), false, true));
        passes.Add(new("family name alternate sound, date of birth within tolerance", FamilyPhoneticAltYear,
            q => q.Where(k => codes.Contains(k.FamilyPhoneticAlt!) && k.BirthYear >= fromYear && k.BirthYear <= toYear &&
                k.DateOfBirth >= from && k.DateOfBirth <= to), false, true));

        // A family name misspelt beyond its sound: the first given name's sound and the date.
        if (query.HasGivenName)
        {
            var givenCodes = query.GivenCodes;
            passes.Add(new("first given name sound, date of birth", GivenPhoneticDate,
                q => q.Where(k => givenCodes.Contains(k.GivenPhonetic!) && dates.Contains(k.DateOfBirth)), false, false));
        }

        if (query.PostcodeDistrict is { } district)
        {
            passes.Add(new("date of birth, postcode district", DateDistrict,
                q => q.Where(k => dates.Contains(k.DateOfBirth) && k.PostcodeDistrict == district), true, false));
        }
    }

    private static void AddYearPasses(List<BlockingPass> passes, NameQuery query, int year)
    {
        var codes = query.FamilyCodes;
        var givenCodes = query.GivenCodes;
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);

        // The given name narrows a year's block of a common family name, read beside the index.
        passes.Add(new("family name sound, birth year, first given name sound", FamilyPhoneticYear,
            q => q.Where(k => codes.Contains(k.FamilyPhonetic!) && k.BirthYear == year && givenCodes.Contains(k.GivenPhonetic!)), false, true));
        passes.Add(new("family name alternate sound, birth year, first given name sound", FamilyPhoneticAltYear,
            q => q.Where(k => codes.Contains(k.FamilyPhoneticAlt!) && k.BirthYear == year && givenCodes.Contains(k.GivenPhonetic!)), false, true));

        // A misspelt given name: the year's block; a misspelt family name: the given name's.
        passes.Add(new("family name sound, birth year", FamilyPhoneticYear,
            q => q.Where(k => codes.Contains(k.FamilyPhonetic!) && k.BirthYear == year), false, false));
        passes.Add(new("family name alternate sound, birth year", FamilyPhoneticAltYear,
            q => q.Where(k => codes.Contains(k.FamilyPhoneticAlt!) && k.BirthYear == year), false, false));
        passes.Add(new("first given name sound, birth year", GivenPhoneticDate,
            q => q.Where(k => givenCodes.Contains(k.GivenPhonetic!) && k.DateOfBirth >= first && k.DateOfBirth <= last), false, false));
    }

    private static void AddPostcodePasses(List<BlockingPass> passes, NameQuery query, string district)
    {
        var keys = query.FamilyKeys;
        var codes = query.FamilyCodes;
        if (query.Postcode is { } postcode)
        {
            passes.Add(new("family name, postcode", FamilyKeyPostcode,
                q => q.Where(k => keys.Contains(k.FamilyKey) && k.Postcode == postcode), true, true));
        }

        passes.Add(new("family name sound, postcode district", FamilyPhoneticDistrict,
            q => q.Where(k => codes.Contains(k.FamilyPhonetic!) && k.PostcodeDistrict == district), true, true));
    }
}
