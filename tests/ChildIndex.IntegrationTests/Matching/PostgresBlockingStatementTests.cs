using ChildIndex.Contracts.V1;
using ChildIndex.Core.Lookup;
using ChildIndex.Core.Matching;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ChildIndex.IntegrationTests.Matching.MatchingTestKit;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>The blocking statement PostgreSQL gets beside EF Core (<see cref="PostgresSearchReads"/>)
/// reads the rows of EF Core's form of it. (Whether its generic plan seeks depends on the table's
/// statistics, so it is measured at 1,000,000 children in docs/benchmarks.md rather than here.)</summary>
public sealed class PostgresBlockingStatementTests(PostgresDirectoryServer server) : IClassFixture<PostgresDirectoryServer>
{
    public static TheoryData<bool, bool> Kinds => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Statement_ReadsTheRowsOfEfCoresForm(bool withGivenNameAndPostcode, bool seesShielded)
    {
        var born = UniqueDate();
        var family = TestRequests.NewFamilyName();
        foreach (var (given, name) in new[] { ("Amara", family), ("Amara", family + "e"), ("Kwame", family), ("Amarah", "Q" + family[1..]) })
        {
            await RegisterAsync(server, Details(given, name, born));
        }

        var passes = BlockingPlan.For(Query(family, born, withGivenNameAndPostcode), new MatchingOptions());
        await using var db = server.CreateDbContext();

        var expected = await BlockingPlan.ReadAll(db.SearchKeys.AsNoTracking(), passes, seesShielded, 100).ToListAsync();
        var read = await PostgresSearchReads.HitsAsync(db, passes, seesShielded, 100, CancellationToken.None);

        Assert.True(expected.Count >= 4, $"the passes found {expected.Count} keys: the children above should be found several times over");
        Assert.Equal(expected.Select(h => (h.Pass, h.ChildId)).Order(), read.Select(h => (h.Pass, h.ChildId)).Order());
    }

    private static NameQuery Query(string family, Google.Type.Date born, bool withGivenNameAndPostcode)
    {
        var name = new NameSearch { FamilyName = family, DateOfBirth = born };
        if (withGivenNameAndPostcode)
        {
            name.GivenName = "Amara";
            name.Postcode = "LS6 2AB";
        }

        return NameQueryReader.Read(name, new DateOnly(2026, 11, 25), new Common.Errors.Violations()) ?? throw new InvalidOperationException("no query");
    }
}
