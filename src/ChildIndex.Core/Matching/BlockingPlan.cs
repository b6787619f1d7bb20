using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Core.Matching;

/// <summary>
/// One way of finding candidates: a filter on the search keys that one index answers with one
/// seek (the index named), read up to a cap. The filter is data, so that it renders both as LINQ
/// (EF Core, on every provider) and as SQLite's SQL (<see cref="BlockingPlan.SqliteStatement"/>).
/// </summary>
/// <param name="Name">What the pass looks for, for logs and tests.</param>
/// <param name="Index">The name of the covering index the filter's leading columns seek on (<see cref="BlockingIndexes"/>).</param>
/// <param name="Filter">What a key must satisfy, all of it.</param>
/// <param name="UsesWhereabouts">The pass finds children by postcode, which a shielded child's
/// record hides from all but the index team.</param>
/// <param name="OnFamilyName">The pass looks for the family name searched for: if it reaches its
/// cap, more children may match than were read.</param>
public sealed record BlockingPass(
    string Name,
    string Index,
    IReadOnlyList<KeyPredicate> Filter,
    bool UsesWhereabouts,
    bool OnFamilyName);

/// <summary>The search-key columns a pass filters on, named as the <see cref="SearchKey"/> properties and their columns.</summary>
public enum KeyColumn
{
    FamilyKey,
    FamilyPhonetic,
    FamilyPhoneticAlt,
    GivenPhonetic,
    DateOfBirth,
    BirthYear,
    Postcode,
    PostcodeDistrict,
}

public enum KeyOperator
{
    /// <summary>The column's value is one of an array's (one parameter whatever its length).</summary>
    In,
    EqualTo,
    AtLeast,
    AtMost,
}

/// <summary>One condition of a pass on one column. <see cref="Value"/> is a string, an int, a
/// <see cref="DateOnly"/>, or for <see cref="KeyOperator.In"/> an array of strings or dates.</summary>
public sealed record KeyPredicate(KeyColumn Column, KeyOperator Operator, object Value)
{
    public static KeyPredicate In(KeyColumn column, string[] values) => new(column, KeyOperator.In, values);

    public static KeyPredicate In(KeyColumn column, DateOnly[] values) => new(column, KeyOperator.In, values);

    public static KeyPredicate In(KeyColumn column, int[] values) => new(column, KeyOperator.In, values);

    public static KeyPredicate Is(KeyColumn column, object value) => new(column, KeyOperator.EqualTo, value);

    public static KeyPredicate[] Between(KeyColumn column, object from, object to) =>
        [new(column, KeyOperator.AtLeast, from), new(column, KeyOperator.AtMost, to)];

    /// <summary>The condition as EF Core's LINQ. Values are reached through a closure, as a lambda
    /// capturing them would, so that EF Core makes them parameters and the statement's text does
    /// not vary with them; arrays through <see cref="EF.Parameter{T}"/>, one parameter each.</summary>
    internal Expression<Func<SearchKey, bool>> ToLinq()
    {
        var key = Expression.Parameter(typeof(SearchKey), "k");
        var column = Expression.Property(key, Column.ToString());
        var value = Value switch
        {
            string[] values => Captured(values),
            DateOnly[] values => Captured(values),
            int[] values => Captured(values),
            string text => Captured(text),
            DateOnly date => Captured(date),
            int number => Captured(number),
            _ => throw new InvalidOperationException($"no search-key value of type {Value.GetType().Name}"),
        };
        Expression body = Operator switch
        {
            KeyOperator.In => Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [column.Type],
                Expression.Call(typeof(EF), nameof(EF.Parameter), [value.Type], value), column),
            KeyOperator.EqualTo => Expression.Equal(column, value),
            KeyOperator.AtLeast => Expression.GreaterThanOrEqual(column, value),
            _ => Expression.LessThanOrEqual(column, value),
        };
        return Expression.Lambda<Func<SearchKey, bool>>(body, key);
    }

    /// <summary>The condition as SQLite's SQL, its value added to <paramref name="values"/> as EF
    /// Core's SQLite provider writes it: dates as 'yyyy-MM-dd' text, arrays as one JSON array.</summary>
    internal string ToSqlite(List<object> values)
    {
        values.Add(Value switch
        {
            string[] texts => SqliteJson.Array(texts),
            DateOnly[] dates => SqliteJson.Array(dates.Select(SqliteJson.Date)),
            int[] numbers => SqliteJson.Array(numbers.Select(n => (long)n)),
            DateOnly date => SqliteJson.Date(date),
            _ => Value,
        });
        var parameter = KeptConnection.Parameter(values.Count - 1);
        return Operator switch
        {
            KeyOperator.In => $"\"{Column}\" IN (SELECT value FROM json_each({parameter}))",
            KeyOperator.EqualTo => $"\"{Column}\" = {parameter}",
            KeyOperator.AtLeast => $"\"{Column}\" >= {parameter}",
            _ => $"\"{Column}\" <= {parameter}",
        };
    }

    /// <summary>The condition as PostgreSQL's SQL, its value added to <paramref name="values"/> as is
    /// (Npgsql sends arrays as arrays), named by position ($1, $2, ...). An array's condition is a
    /// plain <c>= ANY</c>: the arrays never hold a null, so it needs none of the null branch EF Core
    /// adds for a nullable column, which a generic plan cannot seek through.</summary>
    internal string ToPostgres(List<object> values)
    {
        values.Add(Value);
        var parameter = "$" + values.Count.ToString(CultureInfo.InvariantCulture);
        return Operator switch
        {
            KeyOperator.In => $"\"{Column}\" = ANY ({parameter})",
            KeyOperator.EqualTo => $"\"{Column}\" = {parameter}",
            KeyOperator.AtLeast => $"\"{Column}\" >= {parameter}",
            _ => $"\"{Column}\" <= {parameter}",
        };
    }

    private static MemberExpression Captured<T>(T value) => (MemberExpression)((Expression<Func<T>>)(() => value)).Body;
}

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
/// search-key indexes (see Storage/Configurations/ChildPartsConfiguration.cs), with the same
/// filter whether EF Core's LINQ or SQLite's SQL runs it. Passes overlap on purpose: exact keys guard against
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

    /// <summary>
    /// <see cref="ReadAll"/> as SQLite's SQL, for a prepared statement kept beside EF Core: the same
    /// capped blocks, tagged and joined alike. The text depends only on the passes' shape (values
    /// are parameters: the cap first, then each condition's), so one prepared statement serves
    /// every search of a kind.
    /// </summary>
    internal static (string Sql, List<object> Values) SqliteStatement(IReadOnlyList<BlockingPass> passes, bool seesShielded, int cap) =>
        Statement(passes, seesShielded, cap, KeptConnection.Parameter(0), static (predicate, values) => predicate.ToSqlite(values), aliased: false);

    /// <summary>
    /// <see cref="ReadAll"/> as PostgreSQL's SQL (<see cref="Lookup.PostgresSearchReads"/>): as
    /// <see cref="SqliteStatement"/>, with <c>= ANY</c> on array parameters named by position.
    /// </summary>
    internal static (string Sql, List<object> Values) PostgresStatement(IReadOnlyList<BlockingPass> passes, bool seesShielded, int cap) =>
        Statement(passes, seesShielded, cap, "$1", static (predicate, values) => predicate.ToPostgres(values), aliased: true);

    // PostgreSQL 15 wants a name for each block (a subquery in FROM); SQLite's plans name them by number.
    private static (string Sql, List<object> Values) Statement(IReadOnlyList<BlockingPass> passes, bool seesShielded, int cap, string capParameter, Func<KeyPredicate, List<object>, string> render, bool aliased)
    {
        ArgumentNullException.ThrowIfNull(passes);
        var values = new List<object> { cap };
        var sql = new StringBuilder();
        for (var position = 0; position < passes.Count; position++)
        {
            var pass = passes[position];
            var conditions = new List<string>();
            if (!seesShielded)
            {
                conditions.Add(pass.UsesWhereabouts ? "NOT \"Shielded\"" : "(NOT \"Shielded\" OR \"OtherNamePosition\" IS NULL)");
            }

            conditions.AddRange(pass.Filter.Select(predicate => render(predicate, values)));
            sql.Append(position == 0 ? string.Empty : " UNION ALL ")
                .Append(CultureInfo.InvariantCulture, $"SELECT * FROM (SELECT {position} AS \"Pass\", \"ChildId\" FROM \"SearchKeys\" WHERE ")
                .AppendJoin(" AND ", conditions)
                .Append(CultureInfo.InvariantCulture, $" LIMIT {capParameter})")
                .Append(aliased ? string.Create(CultureInfo.InvariantCulture, $" AS \"Pass{position}\"") : string.Empty);
        }

        return (sql.ToString(), values);
    }

    private static IQueryable<SearchKey> Visible(IQueryable<SearchKey> keys, BlockingPass pass, bool seesShielded)
    {
        if (!seesShielded)
        {
            keys = pass.UsesWhereabouts
                ? keys.Where(k => !k.Shielded)
                : keys.Where(k => !k.Shielded || k.OtherNamePosition == null);
        }

        foreach (var predicate in pass.Filter)
        {
            keys = keys.Where(predicate.ToLinq());
        }

        return keys;
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
        var keys = KeyPredicate.In(KeyColumn.FamilyKey, query.FamilyKeys);
        var codes = KeyPredicate.In(KeyColumn.FamilyPhonetic, query.FamilyCodes);
        var altCodes = KeyPredicate.In(KeyColumn.FamilyPhoneticAlt, query.FamilyCodes);
        var dates = KeyPredicate.In(KeyColumn.DateOfBirth, query.SwappedDateOfBirth is { } swapped ? [date, swapped] : [date]);
        var year = KeyPredicate.Is(KeyColumn.BirthYear, date.Year);
        var (from, to) = Window(date, toleranceDays);
        var window = KeyPredicate.Between(KeyColumn.DateOfBirth, from, to);
        // The window's years as a list, not a range: the phonetic indexes lead with the code and the
        // year, and only an equality on the year (one seek per year) lets the date range bound the
        // seek too. As a range, a sound's whole year or two were read to keep a few weeks of it (for
        // the commonest sound at 1,000,000 children, about 1,800 index entries to keep about 170).
        var years = KeyPredicate.In(KeyColumn.BirthYear, [.. Enumerable.Range(from.Year, to.Year - from.Year + 1)]);

        // The exact date (or its day-month swap) first: small blocks that a cap never cuts.
        passes.Add(new("family name, date of birth", BlockingIndexes.FamilyKeyDate, [keys, dates], false, true));
        passes.Add(new("family name sound, date of birth", BlockingIndexes.FamilyPhoneticYear, [codes, year, dates], false, true));
        passes.Add(new("family name alternate sound, date of birth", BlockingIndexes.FamilyPhoneticAltYear, [altCodes, year, dates], false, true));

        // Then the tolerance window around it.
        passes.Add(new("family name, date of birth within tolerance", BlockingIndexes.FamilyKeyDate, [keys, .. window], false, true));
        passes.Add(new("family name sound, date of birth within tolerance", BlockingIndexes.FamilyPhoneticYear, [codes, years, .. window], false, true));
        passes.Add(new("family name alternate sound, date of birth within tolerance", BlockingIndexes.FamilyPhoneticAltYear, [altCodes, years, .. window], false, true));

        // A family name misspelt beyond its sound: the first given name's sound and the date.
        if (query.HasGivenName)
        {
            var givenCodes = KeyPredicate.In(KeyColumn.GivenPhonetic, query.GivenCodes);
            passes.Add(new("first given name sound, date of birth", BlockingIndexes.GivenPhoneticDate, [givenCodes, dates], false, false));

            // Both wrong at once, the family name beyond its sound and the date a few days out.
            // Within a week only: a common given name's block grows with the window, and further
            // out the scorer would hardly show such a child anyway (ADR 14).
            var (weekFrom, weekTo) = Window(date, BirthDateMatch.Week);
            passes.Add(new("first given name sound, date of birth within a week", BlockingIndexes.GivenPhoneticDate,
                [givenCodes, .. KeyPredicate.Between(KeyColumn.DateOfBirth, weekFrom, weekTo)], false, false));
        }

        // Family and given names swapped: the given name typed sounds like the child's family name.
        if (query.Swapped is { } swappedNames)
        {
            passes.Add(new("given name sound as family name, date of birth", BlockingIndexes.FamilyPhoneticYear,
                [KeyPredicate.In(KeyColumn.FamilyPhonetic, swappedNames.FamilyCodes), year, dates], false, false));
        }

        if (query.PostcodeDistrict is { } district)
        {
            passes.Add(new("date of birth, postcode district", BlockingIndexes.DateDistrict,
                [dates, KeyPredicate.Is(KeyColumn.PostcodeDistrict, district)], true, false));
        }
    }

    private static void AddYearPasses(List<BlockingPass> passes, NameQuery query, int year)
    {
        var codes = KeyPredicate.In(KeyColumn.FamilyPhonetic, query.FamilyCodes);
        var altCodes = KeyPredicate.In(KeyColumn.FamilyPhoneticAlt, query.FamilyCodes);
        var givenCodes = KeyPredicate.In(KeyColumn.GivenPhonetic, query.GivenCodes);
        var birthYear = KeyPredicate.Is(KeyColumn.BirthYear, year);

        // The given name narrows a year's block of a common family name, read beside the index.
        passes.Add(new("family name sound, birth year, first given name sound", BlockingIndexes.FamilyPhoneticYear, [codes, birthYear, givenCodes], false, true));
        passes.Add(new("family name alternate sound, birth year, first given name sound", BlockingIndexes.FamilyPhoneticAltYear, [altCodes, birthYear, givenCodes], false, true));

        // A misspelt given name: the year's block; a misspelt family name: the given name's.
        passes.Add(new("family name sound, birth year", BlockingIndexes.FamilyPhoneticYear, [codes, birthYear], false, false));
        passes.Add(new("family name alternate sound, birth year", BlockingIndexes.FamilyPhoneticAltYear, [altCodes, birthYear], false, false));
        passes.Add(new("first given name sound, birth year", BlockingIndexes.GivenPhoneticDate,
            [givenCodes, .. KeyPredicate.Between(KeyColumn.DateOfBirth, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31))], false, false));

        if (query.Swapped is { } swapped)
        {
            passes.Add(new("given name sound as family name, birth year, family name sound as given name", BlockingIndexes.FamilyPhoneticYear,
                [KeyPredicate.In(KeyColumn.FamilyPhonetic, swapped.FamilyCodes), birthYear, KeyPredicate.In(KeyColumn.GivenPhonetic, swapped.GivenCodes)], false, false));
        }
    }

    private static void AddPostcodePasses(List<BlockingPass> passes, NameQuery query, string district)
    {
        var inDistrict = KeyPredicate.Is(KeyColumn.PostcodeDistrict, district);
        if (query.Postcode is { } postcode)
        {
            passes.Add(new("family name, postcode", BlockingIndexes.FamilyKeyPostcode,
                [KeyPredicate.In(KeyColumn.FamilyKey, query.FamilyKeys), KeyPredicate.Is(KeyColumn.Postcode, postcode)], true, true));
        }

        passes.Add(new("family name sound, postcode district", BlockingIndexes.FamilyPhoneticDistrict,
            [KeyPredicate.In(KeyColumn.FamilyPhonetic, query.FamilyCodes), inDistrict], true, true));

        if (query.Swapped is { } swapped)
        {
            passes.Add(new("given name sound as family name, postcode district", BlockingIndexes.FamilyPhoneticDistrict,
                [KeyPredicate.In(KeyColumn.FamilyPhonetic, swapped.FamilyCodes), inDistrict], true, false));
        }
    }
}
