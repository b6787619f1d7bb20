using ChildIndex.Contracts.V1;
using ChildIndex.Core.Matching;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>Every blocking pass is answered by an index, never by scanning the search keys: the
/// SQLite query plan of each pass's real SQL, as the search sends it, for each kind of search.</summary>
public sealed class BlockingIndexTests(SqliteDirectoryServer server, ITestOutputHelper output) : IClassFixture<SqliteDirectoryServer>
{
    public static TheoryData<string> Searches => ["date of birth", "date of birth with given name and postcode", "year with given name", "full postcode", "district"];

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task EveryPass_SeeksOnAnIndex(string search)
    {
        var query = NameQueryReaderFor(search);
        await using var db = server.CreateDbContext();
        await db.Database.OpenConnectionAsync();

        foreach (var pass in BlockingPlan.For(query, new MatchingOptions()))
        {
            foreach (var seesShielded in new[] { false, true })
            {
                var plan = await PlanAsync(db, BlockingPlan.Read(db.SearchKeys, pass, seesShielded, 100));
                output.WriteLine($"{pass.Name} [{pass.Index}]: {string.Join(" | ", plan)}");
                Assert.DoesNotContain(plan, step => step.StartsWith("SCAN s", StringComparison.Ordinal));
                Assert.Contains(plan, step => step.StartsWith("SEARCH s USING", StringComparison.Ordinal));
            }
        }
    }

    private static NameQuery NameQueryReaderFor(string search)
    {
        var name = search switch
        {
            "date of birth" => new NameSearch { FamilyName = "Okafor-Davies", DateOfBirth = TestRequests.Date(2016, 3, 4) },
            "date of birth with given name and postcode" => new NameSearch { FamilyName = "Smith", GivenName = "Bill", DateOfBirth = TestRequests.Date(2016, 3, 4), Postcode = "LS6 2AB" },
            "year with given name" => new NameSearch { FamilyName = "Smith", GivenName = "Oliver", BirthYear = 2016 },
            "full postcode" => new NameSearch { FamilyName = "Smith", Postcode = "LS6 2AB" },
            _ => new NameSearch { FamilyName = "Smith", Postcode = "LS6" },
        };
        var violations = new Common.Errors.Violations();
        return NameQueryReader.Read(name, new DateOnly(2026, 11, 25), violations) ?? throw new InvalidOperationException(search);
    }

    private static async Task<List<string>> PlanAsync(DbContext db, IQueryable<long> query)
    {
        await using var command = query.CreateDbCommand();
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
