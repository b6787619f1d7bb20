using System.Linq.Expressions;
using ChildIndex.Core.Records;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Core.Matching;

/// <summary>
/// One way of finding candidates: a filter on the search keys that one index answers with one
/// seek (the index named), read up to a cap.
/// </summary>
/// <param name="Name">What the pass looks for, for logs and tests.</param>
/// <param name="Index">The name of the covering index the filter's leading columns seek on (<see cref="BlockingIndexes"/>).</param>
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

/// <summary>The covering indexes the passes seek on (Storage/Configurations/ChildPartsConfiguration.cs).</summary>
public static class BlockingIndexes
{
    public const string FamilyKeyDate = "IX_SearchKeys_Blocking_FamilyKey_Date";
    public const string FamilyKeyPostcode = "IX_SearchKeys_Blocking_FamilyKey_Postcode";
    public const string FamilyPhoneticYear = "IX_SearchKeys_Blocking_FamilyPhonetic_Year";
    public const string FamilyPhoneticAltYear = "IX_SearchKeys_Blocking_FamilyPhoneticAlt_Year";
    public const string FamilyPhoneticDistrict = "IX_SearchKeys_Blocking_FamilyPhonetic_District";
    public const string GivenPhoneticDate = "IX_SearchKeys_Blocking_GivenPhonetic_Date";
    public const string DateDistrict = "IX_SearchKeys_Blocking_Date_District";
}

/// <summary>A child a pass found: the pass's position in the plan, and the child.</summary>
public sealed class BlockingHit
{
    public int Pass { get; init; }

    public long ChildId { get; init; }
}

/// <summary>
/// The candidate passes of a name search. Blocking never scans: each pass seeks on one of the
/// search-key indexes (see Storage/Configurations/ChildPartsConfiguration.cs), and the same LINQ
/// runs on SQLite, PostgreSQL and SQL Server. Passes overlap on purpose: exact keys guard against
/// a wide phonetic block reaching its cap; the given-name and postcode passes find a child whose
/// family name was misspelt beyond its sound.
/// </summary>
public static class BlockingPlan
{
    /// <summary>The child ids a pass finds for a caller, at most <paramref name="cap"/> keys'
    /// worth. Others than the index team find a shielded child only by its current name (and its
    /// parts), never by a former name, an alias or a postcode: those keys are filtered out in the
    /// database, before the cap counts them.</summary>
    public static IQueryable<long> Read(IQueryable<SearchKey> keys, BlockingPass pass, bool seesShielded, int cap)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(pass);
        return Visible(keys, pass, seesShielded).Select(k => k.ChildId).Take(cap);
    }

    /// <summary>
    /// Every pass in one statement: each pass capped on its own, as <see cref="Read"/> reads it,
    /// and the capped blocks joined with UNION ALL, each row tagged with its pass's position so
    /// that a pass reaching its cap still shows. One round trip instead of one per pass, and a
    /// statement whose text depends only on which passes run (the names, codes and dates are
    /// array parameters), so each kind of search stays one prepared plan.
    /// </summary>
    public static IQueryable<BlockingHit> ReadAll(IQueryable<SearchKey> keys, IReadOnlyList<BlockingPass> passes, bool seesShielded, int cap)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(passes);
        if (passes.Count == 0)
        {
            throw new ArgumentException("a search has at least one pass", nameof(passes));
        }

        IQueryable<BlockingHit>? all = null;
        for (var position = 0; position < passes.Count; position++)
        {
            var block = Visible(keys, passes[position], seesShielded).Select(Tagged(position)).Take(cap);
            all = all is null ? block : all.Concat(block);
        }

        return all!;
    }

    private static IQueryable<SearchKey> Visible(IQueryable<SearchKey> keys, BlockingPass pass, bool seesShielded)
    {
        if (!seesShielded)
        {
            keys = pass.UsesWhereabouts
                ? keys.Where(k => !k.Shielded)
                : keys.Where(k => !k.Shielded || k.OtherNamePosition == null);
        }

        return pass.Filter(keys);
    }

    /// <summary>The pass's position as a constant of the SQL, not a parameter: a captured variable
    /// would make one parameter per branch for a value that never changes.</summary>
    private static Expression<Func<SearchKey, BlockingHit>> Tagged(int position)
    {
        var key = Expression.Parameter(typeof(SearchKey), "k");
        return Expression.Lambda<Func<SearchKey, BlockingHit>>(
            Expression.MemberInit(
                Expression.New(typeof(BlockingHit)),
                Expression.Bind(typeof(BlockingHit).GetProperty(nameof(BlockingHit.Pass))!, Expression.Constant(position)),
                Expression.Bind(typeof(BlockingHit).GetProperty(nameof(BlockingHit.ChildId))!, Expression.Property(key, nameof(SearchKey.ChildId)))),
            key);
    }

    /// <summary>The first and last dates within <paramref name="toleranceDays"/> of
    /// <paramref name="date"/>, clipped to the calendar: a window past 9999-12-31 or before
    /// 0001-01-01 simply ends there.</summary>
    public static (DateOnly From, DateOnly To) Window(DateOnly date, int toleranceDays) =>
        (DateOnly.FromDayNumber(Math.Max(DateOnly.MinValue.DayNumber, date.DayNumber - toleranceDays)),
         DateOnly.FromDayNumber(Math.Min(DateOnly.MaxValue.DayNumber, date.DayNumber + toleranceDays)));

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
        var (from, to) = Window(date, toleranceDays);
        var (fromYear, toYear) = (from.Year, to.Year);

        // The exact date (or its day-month swap) first: small blocks that a cap never cuts.
        passes.Add(new("family name, date of birth", BlockingIndexes.FamilyKeyDate,
            q => q.Where(k => EF.Parameter(keys).Contains(k.FamilyKey) && EF.Parameter(dates).Contains(k.DateOfBirth)), false, true));
        passes.Add(new("family name sound, date of birth", BlockingIndexes.FamilyPhoneticYear,
            q => q.Where(k => EF.Parameter(codes).Contains(k.FamilyPhonetic!) && k.BirthYear == year && EF.Parameter(dates).Contains(k.DateOfBirth)), false, true));
        passes.Add(new("family name alternate sound, date of birth", BlockingIndexes.FamilyPhoneticAltYear,
            q => q.Where(k => EF.Parameter(codes).Contains(k.FamilyPhoneticAlt!) && k.BirthYear == year && EF.Parameter(dates).Contains(k.DateOfBirth)), false, true));

        // Then the tolerance window around it.
        passes.Add(new("family name, date of birth within tolerance", BlockingIndexes.FamilyKeyDate,
            q => q.Where(k => EF.Parameter(keys).Contains(k.FamilyKey) && k.DateOfBirth >= from && k.DateOfBirth <= to), false, true));
        passes.Add(new("family name sound, date of birth within tolerance", BlockingIndexes.FamilyPhoneticYear,
            q => q.Where(k => EF.Parameter(codes).Contains(k.FamilyPhonetic!) && k.BirthYear >= fromYear && k.BirthYear <= toYear &&
                k.DateOfBirth >= from && k.DateOfBirth <= to), false, true));
        passes.Add(new("family name alternate sound, date of birth within tolerance", BlockingIndexes.FamilyPhoneticAltYear,
            q => q.Where(k => EF.Parameter(codes).Contains(k.FamilyPhoneticAlt!) && k.BirthYear >= fromYear && k.BirthYear <= toYear &&
                k.DateOfBirth >= from && k.DateOfBirth <= to), false, true));

        // A family name misspelt beyond its sound: the first given name's sound and the date.
        if (query.HasGivenName)
        {
            var givenCodes = query.GivenCodes;
            passes.Add(new("first given name sound, date of birth", BlockingIndexes.GivenPhoneticDate,
                q => q.Where(k => EF.Parameter(givenCodes).Contains(k.GivenPhonetic!) && EF.Parameter(dates).Contains(k.DateOfBirth)), false, false));

            // Both wrong at once, the family name beyond its sound and the date a few days out.
            // Within a week only: a common given name's block grows with the window, and further
            // out the scorer would hardly show such a child anyway (ADR 14).
            var (weekFrom, weekTo) = Window(date, BirthDateMatch.Week);
            passes.Add(new("first given name sound, date of birth within a week", BlockingIndexes.GivenPhoneticDate,
                q => q.Where(k => EF.Parameter(givenCodes).Contains(k.GivenPhonetic!) && k.DateOfBirth >= weekFrom && k.DateOfBirth <= weekTo), false, false));
        }

        // Family and given names swapped: the given name typed sounds like the child's family name.
        if (query.Swapped is { } swappedNames)
        {
            var swappedCodes = swappedNames.FamilyCodes;
            passes.Add(new("given name sound as family name, date of birth", BlockingIndexes.FamilyPhoneticYear,
                q => q.Where(k => EF.Parameter(swappedCodes).Contains(k.FamilyPhonetic!) && k.BirthYear == year && EF.Parameter(dates).Contains(k.DateOfBirth)), false, false));
        }

        if (query.PostcodeDistrict is { } district)
        {
            passes.Add(new("date of birth, postcode district", BlockingIndexes.DateDistrict,
                q => q.Where(k => EF.Parameter(dates).Contains(k.DateOfBirth) && k.PostcodeDistrict == district), true, false));
        }
    }

    private static void AddYearPasses(List<BlockingPass> passes, NameQuery query, int year)
    {
        var codes = query.FamilyCodes;
        var givenCodes = query.GivenCodes;
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);

        // The given name narrows a year's block of a common family name, read beside the index.
        passes.Add(new("family name sound, birth year, first given name sound", BlockingIndexes.FamilyPhoneticYear,
            q => q.Where(k => EF.Parameter(codes).Contains(k.FamilyPhonetic!) && k.BirthYear == year && EF.Parameter(givenCodes).Contains(k.GivenPhonetic!)), false, true));
        passes.Add(new("family name alternate sound, birth year, first given name sound", BlockingIndexes.FamilyPhoneticAltYear,
            q => q.Where(k => EF.Parameter(codes).Contains(k.FamilyPhoneticAlt!) && k.BirthYear == year && EF.Parameter(givenCodes).Contains(k.GivenPhonetic!)), false, true));

        // A misspelt given name: the year's block; a misspelt family name: the given name's.
        passes.Add(new("family name sound, birth year", BlockingIndexes.FamilyPhoneticYear,
            q => q.Where(k => EF.Parameter(codes).Contains(k.FamilyPhonetic!) && k.BirthYear == year), false, false));
        passes.Add(new("family name alternate sound, birth year", BlockingIndexes.FamilyPhoneticAltYear,
            q => q.Where(k => EF.Parameter(codes).Contains(k.FamilyPhoneticAlt!) && k.BirthYear == year), false, false));
        passes.Add(new("first given name sound, birth year", BlockingIndexes.GivenPhoneticDate,
            q => q.Where(k => EF.Parameter(givenCodes).Contains(k.GivenPhonetic!) && k.DateOfBirth >= first && k.DateOfBirth <= last), false, false));

        if (query.Swapped is { } swapped)
        {
            var swappedCodes = swapped.FamilyCodes;
            var swappedGivenCodes = swapped.GivenCodes;
            passes.Add(new("given name sound as family name, birth year, family name sound as given name", BlockingIndexes.FamilyPhoneticYear,
                q => q.Where(k => EF.Parameter(swappedCodes).Contains(k.FamilyPhonetic!) && k.BirthYear == year && EF.Parameter(swappedGivenCodes).Contains(k.GivenPhonetic!)), false, false));
        }
    }

    private static void AddPostcodePasses(List<BlockingPass> passes, NameQuery query, string district)
    {
        var keys = query.FamilyKeys;
        var codes = query.FamilyCodes;
        if (query.Postcode is { } postcode)
        {
            passes.Add(new("family name, postcode", BlockingIndexes.FamilyKeyPostcode,
                q => q.Where(k => EF.Parameter(keys).Contains(k.FamilyKey) && k.Postcode == postcode), true, true));
        }

        passes.Add(new("family name sound, postcode district", BlockingIndexes.FamilyPhoneticDistrict,
            q => q.Where(k => EF.Parameter(codes).Contains(k.FamilyPhonetic!) && k.PostcodeDistrict == district), true, true));

        if (query.Swapped is { } swapped)
        {
            var swappedCodes = swapped.FamilyCodes;
            passes.Add(new("given name sound as family name, postcode district", BlockingIndexes.FamilyPhoneticDistrict,
                q => q.Where(k => EF.Parameter(swappedCodes).Contains(k.FamilyPhonetic!) && k.PostcodeDistrict == district), true, false));
        }
    }
}
