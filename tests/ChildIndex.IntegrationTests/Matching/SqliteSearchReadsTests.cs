using ChildIndex.Contracts.V1;
using ChildIndex.Core.Lookup;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.ReadModel;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static ChildIndex.IntegrationTests.Matching.MatchingTestKit;
using RecordStatus = ChildIndex.Core.Records.RecordStatus;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>
/// On SQLite a name search reads beside EF Core, with SQL rendered from the same passes
/// (<see cref="SqliteSearchReads"/>). Those reads must return exactly what EF Core's LINQ returns on
/// the same database (read inside a transaction, which keeps the search on EF Core), and each
/// pass must seek on its covering index.
/// </summary>
public sealed class SqliteSearchReadsTests(SqliteDirectoryServer server, ITestOutputHelper output) : IClassFixture<SqliteDirectoryServer>
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Fact]
    public async Task NameSearchReads_OnSqlite_AreThoseOfEfCore()
    {
        var family = TestRequests.NewFamilyName();
        var second = TestRequests.NewFamilyName();
        var swappedFamily = TestRequests.NewFamilyName();
        var alias = TestRequests.NewFamilyName();
        var former = TestRequests.NewFamilyName();
        // A day that is also a month, so that the day-month swap is a date.
        var born = new DateOnly(2010 + Random.Shared.Next(10), 5, 9);
        var swappedBorn = new DateOnly(born.Year, born.Day, born.Month);
        Google.Type.Date Born(DateOnly date) => TestRequests.Date(date.Year, date.Month, date.Day);

        await RegisterAsync(server, Details("Amara", family, Born(born)));
        await RegisterAsync(server, Details("Amara", $"{family}-{second}", Born(born)));
        await RegisterAsync(server, Details("Bola", $"{second} {family}", Born(born)));
        await RegisterAsync(server, Details("Chidi", family, Born(swappedBorn)));
        await RegisterAsync(server, Details("Dayo", family, Born(born.AddDays(10)), postcode: "LS7 1AA"));
        await RegisterAsync(server, Details("Amara", swappedFamily, Born(born)));
        var homeless = Details("Efe", family, Born(born));
        homeless.NoFixedAbode = new NoFixedAbode();
        await RegisterAsync(server, homeless);
        var shieldedDetails = Details("Amara", family, Born(born));
        shieldedDetails.OtherNames.Add(new Contracts.V1.OtherName { Name = new PersonName { GivenNames = "Amara", FamilyName = alias }, Kind = Contracts.V1.OtherNameKind.Alias });
        shieldedDetails.OtherNames.Add(new Contracts.V1.OtherName { Name = new PersonName { GivenNames = "Amy", FamilyName = former }, Kind = Contracts.V1.OtherNameKind.Former });
        var shielded = await RegisterAsync(server, shieldedDetails);
        await ShieldAsync(server, shielded);
        var archivedLately = await RegisterAsync(server, Details("Amara", family, Born(born)));
        var archivedLongAgo = await RegisterAsync(server, Details("Amara", family, Born(born)));
        var merged = await RegisterAsync(server, Details("Amara", family, Born(born)));
        await SetStatusAsync(archivedLately, RecordStatus.Archived, Today.AddYears(-1));
        await SetStatusAsync(archivedLongAgo, RecordStatus.Archived, new DateOnly(2001, 1, 1));
        await SetStatusAsync(merged, RecordStatus.Merged, null);

        NameSearch[] searches =
        [
            new() { FamilyName = family, DateOfBirth = Born(born) },
            new() { FamilyName = family, GivenName = "Amara", DateOfBirth = Born(born), Postcode = "LS6 2AB" },
            new() { FamilyName = family, GivenName = "Amara", DateOfBirth = Born(swappedBorn) },
            new() { FamilyName = family, GivenName = "Amara", BirthYear = born.Year },
            new() { FamilyName = family, Postcode = "LS6 2AB" },
            new() { FamilyName = family, Postcode = "LS6" },
            new() { FamilyName = $"{family}-{second}", DateOfBirth = Born(born) },
            new() { FamilyName = $"{second} {family}", GivenName = "Bola", BirthYear = born.Year },
            new() { FamilyName = "Amara", GivenName = swappedFamily, DateOfBirth = Born(born) },
            new() { FamilyName = "Amara", GivenName = swappedFamily, BirthYear = born.Year },
            new() { FamilyName = "Amara", GivenName = swappedFamily, Postcode = "LS6" },
            new() { FamilyName = alias, DateOfBirth = Born(born) },
            new() { FamilyName = former, GivenName = "Amy", BirthYear = born.Year },
            new() { FamilyName = alias, Postcode = "LS6 2AB" },
        ];
        ArchivedScope[] scopes = [ArchivedScope.None, ArchivedScope.For(AccessPurposeCode.ServiceDelivery, Today), ArchivedScope.For(AccessPurposeCode.ChildProtectionEnquiry, Today)];

        var log = new CommandLog();
        await using var db = server.CreateDbContext(log);
        var found = new HashSet<long>();
        var truncated = 0;
        foreach (var search in searches)
        {
            var passes = BlockingPlan.For(NameQueryReader.Read(search, Today, new Common.Errors.Violations())!, new MatchingOptions());
            foreach (var (seesShielded, cap) in new[] { (false, 100), (true, 100), (false, 3), (true, 3) })
            {
                log.Clear();
                var hits = await ChildSearch.HitsAsync(db, passes, seesShielded, cap, CancellationToken.None);
                Assert.Empty(log.Commands); // beside EF Core, not through it
                var ids = hits.Select(h => h.ChildId).Distinct().ToArray();
                var candidates = new List<List<Child>>();
                foreach (var scope in scopes)
                {
                    candidates.Add(await ChildSearch.CandidatesAsync(db, ids, scope, CancellationToken.None));
                }

                Assert.Empty(log.Commands);
                await using (var transaction = await db.Database.BeginTransactionAsync())
                {
                    var efHits = await ChildSearch.HitsAsync(db, passes, seesShielded, cap, CancellationToken.None);
                    Assert.Equal(Rows(efHits), Rows(hits));
                    for (var i = 0; i < scopes.Length; i++)
                    {
                        Assert.Equal(Rows(await ChildSearch.CandidatesAsync(db, ids, scopes[i], CancellationToken.None)), Rows(candidates[i]));
                    }
                }

                Assert.NotEmpty(log.Selects);
                found.UnionWith(candidates.SelectMany(c => c).Select(c => c.Id));
                truncated += hits.CountBy(h => h.Pass).Count(block => block.Value == cap);
            }
        }

        // The comparisons saw every kind of record, and passes cut at their cap.
        await using var check = server.CreateDbContext();
        var registered = await check.Children.Where(c => c.FamilyName.Contains(family) || c.FamilyName == swappedFamily).Select(c => c.Id).ToListAsync();
        var notFound = await check.Children.Where(c => c.IndexId == Canonical(merged)).Select(c => c.Id).SingleAsync();
        Assert.Equal(registered.Where(id => id != notFound).Order(), found.Order());
        Assert.True(truncated > 0);
    }

    private static readonly string[] SearchKinds = ["date of birth", "date of birth with given name and postcode", "year with given name", "full postcode", "district"];

    public static TheoryData<string> Searches => [.. SearchKinds];

    [Fact]
    public void Searches_CoverEveryKindOfPass() =>
        Assert.Equal(19, SearchKinds.SelectMany(s => BlockingPlan.For(QueryFor(s), new MatchingOptions())).Select(p => p.Name).Distinct().Count());

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task EveryPass_SeeksOnItsCoveringIndex(string search)
    {
        var passes = BlockingPlan.For(QueryFor(search), new MatchingOptions());
        foreach (var seesShielded in new[] { false, true })
        {
            var (sql, values) = BlockingPlan.SqliteStatement(passes, seesShielded, 100);
            var plan = await PlanAsync(sql, values);
            output.WriteLine($"{search}, sees shielded {seesShielded}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", plan)}");

            // Nothing read whole but the array parameters (json_each, "SCAN ... VIRTUAL TABLE") and
            // the passes' capped blocks ("SCAN (subquery-n)").
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal)
                && !step.Contains(" VIRTUAL TABLE", StringComparison.Ordinal) && !step.StartsWith("SCAN (subquery-", StringComparison.Ordinal));
            var seeks = plan.Where(step => step.StartsWith("SEARCH ", StringComparison.Ordinal) && !step.Contains(" VIRTUAL TABLE", StringComparison.Ordinal)).ToList();
            Assert.Equal(passes.Select(p => p.Index), seeks.Select(IndexOf));
            Assert.All(seeks, step => Assert.StartsWith("SEARCH SearchKeys USING COVERING INDEX ", step, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public void Statement_IsTheSameWhateverTheValues(string search)
    {
        var query = QueryFor(search);
        var longer = QueryFor(search, "Okafor-Davies Mensah Boateng");

        Assert.NotEqual(query.FamilyKeys.Length, longer.FamilyKeys.Length);
        Assert.Equal(BlockingPlan.SqliteStatement(BlockingPlan.For(query, new MatchingOptions()), false, 100).Sql,
            BlockingPlan.SqliteStatement(BlockingPlan.For(longer, new MatchingOptions()), false, 7).Sql);
    }

    [Fact]
    public async Task Candidates_AreReadByPrimaryKeyAndTheOtherNamesIndex()
    {
        var plan = await PlanAsync(SqliteSearchReads.CandidateStatement, [SqliteJson.Array([1L, 2L]), true, false, "2020-01-01"]);
        output.WriteLine(string.Join(Environment.NewLine, plan));

        Assert.Contains(plan, step => step.StartsWith("SEARCH c USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH o USING INDEX IX_OtherNames_ChildId (ChildId=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains(" VIRTUAL TABLE", StringComparison.Ordinal));
    }

    private async Task SetStatusAsync(string childId, RecordStatus status, DateOnly? archivedOn)
    {
        var indexId = Canonical(childId);
        await using var db = server.CreateDbContext();
        await db.Children.Where(c => c.IndexId == indexId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status).SetProperty(c => c.ArchivedOn, archivedOn));
    }

    private static string Canonical(string childId) =>
        Core.Identifiers.ChildId.TryParse(childId, out var canonical) ? canonical : throw new ArgumentException(childId, nameof(childId));

    private static List<string> Rows(IEnumerable<BlockingHit> hits) => [.. hits.Select(h => $"{h.Pass} {h.ChildId}").Order(StringComparer.Ordinal)];

    private static List<string> Rows(IEnumerable<Child> children) =>
    [
        .. children.OrderBy(c => c.Id).Select(c => string.Join('|',
            c.Id, c.IndexId, c.GivenNames, c.FamilyName, c.Gender, c.DateOfBirth.ToString("O", System.Globalization.CultureInfo.InvariantCulture), c.Residence,
            c.Address is null ? "no address" : $"{c.Address.Line1}/{c.Address.Town}/{c.Address.Postcode}", c.Status, c.Shielded,
            string.Join(';', c.OtherNames.Select(o => $"{o.Id},{o.Position},{o.Kind},{o.GivenNames},{o.FamilyName}")))),
    ];

    private static NameQuery QueryFor(string search, string? familyName = null)
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
        return NameQueryReader.Read(name, Today, new Common.Errors.Violations()) ?? throw new InvalidOperationException(search);
    }

    private static string IndexOf(string step)
    {
        var words = step.Split(' ');
        return words[Array.IndexOf(words, "INDEX") + 1];
    }

    private async Task<List<string>> PlanAsync(string sql, List<object> values)
    {
        await using var db = server.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using var explain = db.Database.GetDbConnection().CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        for (var i = 0; i < values.Count; i++)
        {
            explain.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter(KeptConnection.Parameter(i), values[i]));
        }

        var steps = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}
