using ChildIndex.Api.Hosting;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.Core.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static ChildIndex.IntegrationTests.Matching.MatchingTestKit;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>Registrations and updates fill the matching columns; `reindex-search-keys` rebuilds
/// them for every child when the rules change.</summary>
public abstract class SearchKeyMaintenanceTests(DirectoryServer server)
{
    [Fact]
    public async Task Registration_StoresAKeyForTheNameAndEachPartWithPhoneticCodes()
    {
        var id = await RegisterAsync(server, Details("Zoë Amara", "Okafor-Davies", UniqueDate()));

        var keys = await KeysOfAsync(id);

        Assert.Equal(
            [("OKAFORDAVIES", false, "AKFR", (string?)null, "S"), ("OKAFOR", true, "AKFR", null, "S"), ("DAVIES", true, "TFS", null, "S")],
            keys.Select(k => (k.FamilyKey, k.IsNamePart, k.FamilyPhonetic, k.FamilyPhoneticAlt, k.GivenPhonetic)));
        Assert.All(keys, k => Assert.Equal("LS6", k.PostcodeDistrict));
    }

    [Fact]
    public async Task Update_RebuildsTheKeys()
    {
        var born = UniqueDate();
        var id = await RegisterAsync(server, Details("Amara", "Okafor-Davies", born));

        await server.Registration.UpdateChildDetailsAsync(new UpdateChildDetailsRequest
        {
            ChildId = id,
            ExpectedVersion = 1,
            Details = Details("Kwame", "Mensah", born, postcode: "M1 1AE"),
        });

        var key = Assert.Single(await KeysOfAsync(id));
        Assert.Equal(("MENSAH", "MNS", "KM", "M1"), (key.FamilyKey, key.FamilyPhonetic, key.GivenPhonetic, key.PostcodeDistrict));
    }

    [Fact]
    public async Task ReindexCommand_RebuildsEveryChildsKeys()
    {
        var family = TestRequests.NewFamilyName();
        var born = UniqueDate();
        var id = await RegisterAsync(server, Details("Amara", $"{family}-Davies", born));
        var childKey = (await KeysOfAsync(id))[0].ChildId;
        await using (var db = server.CreateDbContext())
        {
            // Keys made under older rules: no phonetic codes, no parts.
            await db.SearchKeys.Where(k => k.ChildId == childKey && k.IsNamePart).ExecuteDeleteAsync();
            await db.SearchKeys.Where(k => k.ChildId == childKey).ExecuteUpdateAsync(s => s
                .SetProperty(k => k.FamilyPhonetic, (string?)null)
                .SetProperty(k => k.FamilyPhoneticAlt, (string?)null)
                .SetProperty(k => k.GivenPhonetic, (string?)null));
        }

        var before = await SearchAsync(server.Channel, new NameSearch { FamilyName = family, DateOfBirth = born });
        int exitCode;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            exitCode = await ReindexSearchKeysCommand.RunAsync(scope.ServiceProvider, [ReindexSearchKeysCommand.Name, "--batch-size", "7"]);
        }

        var after = await SearchAsync(server.Channel, new NameSearch { FamilyName = family, DateOfBirth = born });

        Assert.Equal(0, exitCode);
        Assert.Empty(before.Children);
        Assert.Equal(id, Assert.Single(after.Children).ChildId);
        Assert.Equal(3, (await KeysOfAsync(id)).Count);
    }

    [Fact]
    public async Task Reindex_WithAnUpdateCommittedBetweenItsReadAndItsWrite_KeepsTheKeysOfTheNewDetails()
    {
        var born = UniqueDate();
        var id = await RegisterAsync(server, Details("Amara", "Okafor-Davies", born));
        var update = new UpdateChildDetailsRequest { ChildId = id, ExpectedVersion = 1, Details = Details("Kwame", "Mensah", born, postcode: "M1 1AE") };
        var concurrent = new BeforeFirstSave(() => server.Registration.UpdateChildDetailsAsync(update).ResponseAsync);
        await using var db = server.CreateDbContext(concurrent);

        var rebuilt = await new SearchKeyReindexer(db, NullLogger<SearchKeyReindexer>.Instance).RebuildAllAsync(100_000, progress: null, CancellationToken.None);

        Assert.True(concurrent.Ran);
        Assert.True(rebuilt > 0);
        var key = Assert.Single(await KeysOfAsync(id));
        Assert.Equal(("MENSAH", "KM", "M1"), (key.FamilyKey, key.GivenPhonetic, key.PostcodeDistrict));
    }

    /// <summary>Runs a write of another caller, committed, just before the context's first save.</summary>
    private sealed class BeforeFirstSave(Func<Task> write) : SaveChangesInterceptor
    {
        public bool Ran { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!Ran)
            {
                Ran = true;
                await write();
            }

            return result;
        }
    }

    private async Task<List<Core.Records.SearchKey>> KeysOfAsync(string childId)
    {
        Assert.True(Core.Identifiers.ChildId.TryParse(childId, out var indexId));
        await using var db = server.CreateDbContext();
        var id = await db.Children.Where(c => c.IndexId == indexId).Select(c => c.Id).SingleAsync();
        return await db.SearchKeys.AsNoTracking().Where(k => k.ChildId == id).OrderBy(k => k.Id).ToListAsync();
    }
}

public sealed class SqliteSearchKeyMaintenanceTests(SqliteDirectoryServer server) : SearchKeyMaintenanceTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresSearchKeyMaintenanceTests(PostgresDirectoryServer server) : SearchKeyMaintenanceTests(server), IClassFixture<PostgresDirectoryServer>;
