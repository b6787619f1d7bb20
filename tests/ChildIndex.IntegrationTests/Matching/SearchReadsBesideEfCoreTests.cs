using ChildIndex.Contracts.V1;
using ChildIndex.Core.Lookup;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.ReadModel;
using Microsoft.EntityFrameworkCore;
using static ChildIndex.IntegrationTests.Matching.MatchingTestKit;
using RecordStatus = ChildIndex.Core.Records.RecordStatus;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>
/// On SQLite and PostgreSQL a name search reads beside EF Core, with SQL rendered from the same
/// passes (<see cref="SqliteSearchReads"/>, <see cref="PostgresSearchReads"/>). Those reads must
/// return exactly what EF Core's LINQ returns on the same database (read inside a transaction, which
/// keeps the search on EF Core). SQLite's query plans are checked in <see cref="BlockingIndexTests"/>.
/// </summary>
public abstract class SearchReadsBesideEfCoreTests(DirectoryServer server)
{
    /// <summary>Both statements read a pass cut at its cap from the same index in the same order, so
    /// they keep the same keys (SQLite); otherwise see <see cref="AssertSameBlocks"/>.</summary>
    protected virtual bool CutPassesReadTheSameKeys => true;

    private static readonly DateOnly Today = new(2026, 11, 25);

    [Fact]
    public async Task NameSearchReads_BesideEfCore_AreThoseOfEfCore()
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
        // Within the index team's year (RetentionPolicy.YearsSeenByIndexTeam), so that the three scopes read apart.
        await SetStatusAsync(archivedLately, RecordStatus.Archived, Today.AddMonths(-6));
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
                    if (CutPassesReadTheSameKeys)
                    {
                        Assert.Equal(Rows(efHits), Rows(hits));
                    }
                    else
                    {
                        AssertSameBlocks(efHits, hits, await ChildSearch.HitsAsync(db, passes, seesShielded, int.MaxValue, CancellationToken.None), cap);
                    }

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

    private async Task SetStatusAsync(string childId, RecordStatus status, DateOnly? archivedOn)
    {
        var indexId = Canonical(childId);
        await using var db = server.CreateDbContext();
        await db.Children.Where(c => c.IndexId == indexId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status).SetProperty(c => c.ArchivedOn, archivedOn));
    }

    private static string Canonical(string childId) =>
        Core.Identifiers.ChildId.TryParse(childId, out var canonical) ? canonical : throw new ArgumentException(childId, nameof(childId));

    /// <summary>Each pass found as many keys; a pass not cut at its cap found the same ones. A pass
    /// cut at its cap may keep any of its keys: no order is asked for, and on PostgreSQL the two
    /// statements are planned apart (the one beside EF Core generically), so they may read different
    /// indexes in different orders.</summary>
    private static void AssertSameBlocks(List<BlockingHit> expected, List<BlockingHit> actual, List<BlockingHit> uncut, int cap)
    {
        Assert.Equal(expected.CountBy(h => h.Pass).Select(b => (b.Key, b.Value)).Order(), actual.CountBy(h => h.Pass).Select(b => (b.Key, b.Value)).Order());
        foreach (var block in actual.GroupBy(h => h.Pass))
        {
            if (block.Count() < cap)
            {
                Assert.Equal(Rows(expected.Where(h => h.Pass == block.Key)), Rows(block));
            }
            else
            {
                Assert.Subset(Rows(uncut.Where(h => h.Pass == block.Key)).ToHashSet(), Rows(block).ToHashSet());
            }
        }
    }

    private static List<string> Rows(IEnumerable<BlockingHit> hits) => [.. hits.Select(h => $"{h.Pass} {h.ChildId}").Order(StringComparer.Ordinal)];

    private static List<string> Rows(IEnumerable<Child> children) =>
    [
        .. children.OrderBy(c => c.Id).Select(c => string.Join('|',
            c.Id, c.IndexId, c.GivenNames, c.FamilyName, c.Gender, c.DateOfBirth.ToString("O", System.Globalization.CultureInfo.InvariantCulture), c.Residence,
            c.Address is null ? "no address" : $"{c.Address.Line1}/{c.Address.Town}/{c.Address.Postcode}", c.Status, c.Shielded,
            // In EF Core's projection the other names come in the database's order (on PostgreSQL not
            // by id); the reads beside it order them by id.
            string.Join(';', c.OtherNames.OrderBy(o => o.Id).Select(o => $"{o.Id},{o.Position},{o.Kind},{o.GivenNames},{o.FamilyName}")))),
    ];
}

public sealed class SqliteSearchReadsBesideEfCoreTests(SqliteDirectoryServer server) : SearchReadsBesideEfCoreTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresSearchReadsBesideEfCoreTests(PostgresDirectoryServer server) : SearchReadsBesideEfCoreTests(server), IClassFixture<PostgresDirectoryServer>
{
    protected override bool CutPassesReadTheSameKeys => false;
}
