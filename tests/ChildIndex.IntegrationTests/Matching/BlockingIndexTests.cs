using System.Data.Common;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Lookup;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>Every blocking pass is answered by its covering index, never by scanning the search keys
/// nor by reading their table: the SQLite query plan of the one statement a search sends, for each
/// kind of search, both as EF Core writes it and as <see cref="BlockingPlan.SqliteStatement"/> does
/// for the reads beside EF Core on SQLite.</summary>
public sealed class BlockingIndexTests(SqliteDirectoryServer server, ITestOutputHelper output) : IClassFixture<SqliteDirectoryServer>
{
    private static readonly string[] SearchKinds = ["date of birth", "date of birth with given name and postcode", "year with given name", "full postcode", "district"];

    public static TheoryData<string> Searches => [.. SearchKinds];

    [Fact]
    public void Searches_CoverEveryKindOfPass() =>
        Assert.Equal(19, SearchKinds.SelectMany(s => BlockingPlan.For(NameQueryReaderFor(s), new MatchingOptions())).Select(p => p.Name).Distinct().Count());

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task EveryPass_SeeksOnItsCoveringIndex(string search)
    {
        var query = NameQueryReaderFor(search);
        var passes = BlockingPlan.For(query, new MatchingOptions());
        await using var db = server.CreateDbContext();
        await db.Database.OpenConnectionAsync();

        foreach (var seesShielded in new[] { false, true })
        {
            var plan = await PlanAsync(db, BlockingPlan.ReadAll(db.SearchKeys, passes, seesShielded, 100));
            output.WriteLine($"{search}, sees shielded {seesShielded}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", plan)}");

            // A table or index read whole: "SCAN s" or "SCAN s USING INDEX ...". Not scans: of a
            // pass's capped block ("CO-ROUTINE s1", then "SCAN s1"), or of an array parameter
            // (json_each, "SCAN k VIRTUAL TABLE"), which holds a few values.
            var blocks = plan.Where(step => step.StartsWith("CO-ROUTINE ", StringComparison.Ordinal)).Select(step => "SCAN " + step["CO-ROUTINE ".Length..]).ToHashSet();
            Assert.Equal(passes.Count == 1 ? 0 : passes.Count, blocks.Count); // one pass needs no UNION
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !blocks.Contains(step) && !step.Contains(" VIRTUAL TABLE", StringComparison.Ordinal));
            var seeks = plan.Where(step => step.StartsWith("SEARCH ", StringComparison.Ordinal) && !step.Contains(" VIRTUAL TABLE", StringComparison.Ordinal)).ToList();
            Assert.Equal(passes.Select(p => p.Index), seeks.Select(IndexOf));
            Assert.All(seeks, step => Assert.Contains(" USING COVERING INDEX ", step, StringComparison.Ordinal));
            AssertEveryDateRangeBoundsItsSeek(passes, seeks);
        }
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task EveryPass_SeeksOnItsCoveringIndex_InTheSqliteStatement(string search)
    {
        var passes = BlockingPlan.For(NameQueryReaderFor(search), new MatchingOptions());
        await using var db = server.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        foreach (var seesShielded in new[] { false, true })
        {
            var (sql, values) = BlockingPlan.SqliteStatement(passes, seesShielded, 100);
            var plan = await PlanAsync(db, sql, values);
            output.WriteLine($"{search}, sees shielded {seesShielded}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", plan)}");

            // Nothing read whole but the array parameters (json_each, "SCAN ... VIRTUAL TABLE") and
            // the passes' capped blocks ("SCAN (subquery-n)").
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal)
                && !step.Contains(" VIRTUAL TABLE", StringComparison.Ordinal) && !step.StartsWith("SCAN (subquery-", StringComparison.Ordinal));
            var seeks = plan.Where(step => step.StartsWith("SEARCH ", StringComparison.Ordinal) && !step.Contains(" VIRTUAL TABLE", StringComparison.Ordinal)).ToList();
            Assert.Equal(passes.Select(p => p.Index), seeks.Select(IndexOf));
            Assert.All(seeks, step => Assert.StartsWith("SEARCH SearchKeys USING COVERING INDEX ", step, StringComparison.Ordinal));
            AssertEveryDateRangeBoundsItsSeek(passes, seeks);
        }
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public void SqliteStatement_IsTheSameWhateverTheValues(string search)
    {
        var query = NameQueryReaderFor(search);
        var longer = NameQueryReaderFor(search, "Okafor-Davies Mensah Boateng");

        Assert.NotEqual(query.FamilyKeys.Length, longer.FamilyKeys.Length);
        Assert.Equal(BlockingPlan.SqliteStatement(BlockingPlan.For(query, new MatchingOptions()), false, 100).Sql,
            BlockingPlan.SqliteStatement(BlockingPlan.For(longer, new MatchingOptions()), false, 7).Sql);
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public void PostgresStatement_IsTheSameWhateverTheValues_AndHasNoNullBranch(string search)
    {
        var query = NameQueryReaderFor(search);
        var longer = NameQueryReaderFor(search, "Okafor-Davies Mensah Boateng");
        var sql = BlockingPlan.PostgresStatement(BlockingPlan.For(query, new MatchingOptions()), false, 100).Sql;

        Assert.Equal(sql, BlockingPlan.PostgresStatement(BlockingPlan.For(longer, new MatchingOptions()), false, 7).Sql);
        // EF Core's "OR (column IS NULL AND array_position(...) IS NOT NULL)" is what kept PostgreSQL
        // from planning the statement once: the arrays never hold a null, so the branch has no use.
        Assert.DoesNotContain("IS NULL AND", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("array_position", sql, StringComparison.Ordinal);
        Assert.Contains("= ANY ($", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NameSearchCandidates_OnSqlite_AreReadByPrimaryKeyAndTheOtherNamesIndex()
    {
        await using var db = server.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        var plan = await PlanAsync(db, SqliteSearchReads.CandidateStatement, [SqliteJson.Array([1L, 2L]), true, false, "2020-01-01"]);
        output.WriteLine(string.Join(Environment.NewLine, plan));

        Assert.Contains(plan, step => step.StartsWith("SEARCH c USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH o USING INDEX IX_OtherNames_ChildId (ChildId=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains(" VIRTUAL TABLE", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task Statement_IsTheSameWhateverTheNumberOfNamesAndCodes(string search)
    {
        var query = NameQueryReaderFor(search);
        var longer = NameQueryReaderFor(search, "Okafor-Davies Mensah Boateng");
        await using var db = server.CreateDbContext();

        var sql = BlockingPlan.ReadAll(db.SearchKeys, BlockingPlan.For(query, new MatchingOptions()), false, 100).ToQueryString();
        var longerSql = BlockingPlan.ReadAll(db.SearchKeys, BlockingPlan.For(longer, new MatchingOptions()), false, 100).ToQueryString();

        Assert.NotEqual(query.FamilyKeys.Length, longer.FamilyKeys.Length);
        Assert.Equal(Statement(sql), Statement(longerSql));
    }

    /// <summary>
    /// A pass with a date-of-birth range seeks on that range, not only on the columns before it: a
    /// range on an earlier column (the birth year) would stop the seek there, and the pass would read
    /// every key of the code's year or years to keep a few weeks of them. The plan names the
    /// columns a seek is bounded by ("(FamilyPhonetic=? AND BirthYear=? AND DateOfBirth>? AND DateOfBirth&lt;?)").
    /// </summary>
    private static void AssertEveryDateRangeBoundsItsSeek(IReadOnlyList<BlockingPass> passes, List<string> seeks)
    {
        var ranged = passes.Select((pass, i) => (pass, seek: seeks[i]))
            .Where(p => p.pass.Filter.Any(f => f.Column == KeyColumn.DateOfBirth && f.Operator == KeyOperator.AtLeast))
            .ToList();
        Assert.All(ranged, p => Assert.Contains("DateOfBirth>? AND DateOfBirth<?", p.seek, StringComparison.Ordinal));
    }

    /// <summary>The SQL without the parameter values ToQueryString writes above it.</summary>
    private static string Statement(string sql) => string.Join('\n', sql.Split('\n').SkipWhile(line => line.StartsWith(".param", StringComparison.Ordinal) || line.Length == 0));

    private static string IndexOf(string step)
    {
        var words = step.Split(' ');
        return words[Array.IndexOf(words, "INDEX") + 1];
    }

    private static NameQuery NameQueryReaderFor(string search, string? familyName = null)
    {
        familyName ??= search == "date of birth" ? "Okafor-Davies" : "Smith";
        var name = search switch
        {
            "date of birth" => new NameSearch { FamilyName = familyName, DateOfBirth = TestRequests.Date(2016, 3, 4) },
            "date of birth with given name and postcode" => new NameSearch { FamilyName = familyName, GivenName = "Bill", DateOfBirth = TestRequests.Date(2016, 3, 4), Postcode = "LS6 2AB" },
            "year with given name" => new NameSearch { FamilyName = familyName, GivenName = "Oliver", BirthYear = 2016 },
            "full postcode" => new NameSearch { FamilyName = familyName, Postcode = "LS6 2AB" },
            _ => new NameSearch { FamilyName = familyName, Postcode = "LS6" },
        };
        var violations = new Common.Errors.Violations();
        return NameQueryReader.Read(name, new DateOnly(2026, 11, 25), violations) ?? throw new InvalidOperationException(search);
    }

    private static async Task<List<string>> PlanAsync(DbContext db, IQueryable<BlockingHit> query)
    {
        await using var command = query.CreateDbCommand();
        return await PlanAsync(command);
    }

    private static async Task<List<string>> PlanAsync(DbContext db, string sql, List<object> values)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Count; i++)
        {
            command.Parameters.Add(new SqliteParameter(KeptConnection.Parameter(i), values[i]));
        }

        return await PlanAsync(command);
    }

    private static async Task<List<string>> PlanAsync(DbCommand command)
    {
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}
