using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Lookup;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.Core.Shielding;
using ChildIndex.Core.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using ChildIndex.IntegrationTests.Shielding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ChildIdentifier = ChildIndex.Core.Identifiers.ChildId;

namespace ChildIndex.IntegrationTests.ReadModel;

/// <summary>
/// GetChild serves the read model; after every kind of write the record it serves is exactly the one
/// the entity tables hold (built as before the read model), so the two can never drift apart, and
/// reading it is one primary-key statement.
/// </summary>
public abstract class ReadModelTests(DirectoryServer server)
{
    private readonly ShieldingKit _kit = new(server);

    [Fact]
    public async Task RegisterChild_Created_ServesWhatTheTablesHold()
    {
        var request = SecurityData.Child(SecurityData.OtherOrganisation);
        request.Details.OtherNames.Add(new Contracts.V1.OtherName
        {
            Name = new PersonName { GivenNames = "Alias", FamilyName = TestRequests.NewFamilyName() },
            Kind = Contracts.V1.OtherNameKind.Alias,
        });

        var registered = await server.Registration.RegisterChildAsync(request);

        var served = await AssertServesWhatTheTablesHoldAsync(registered.ChildId);
        Assert.Equal(request.Details.OtherNames, served.Details.OtherNames);
        Assert.Equal(request.Identifiers.LocalIds, served.Identifiers.LocalIds);
    }

    [Fact]
    public async Task RegisterChild_MatchedExistingWithNewIdentifiers_ServesThem()
    {
        var first = SecurityData.Child();
        first.Identifiers.Upn = string.Empty;
        var registered = await server.Registration.RegisterChildAsync(first);
        await server.Registration.RecordInvolvementAsync(SecurityData.Record(registered.ChildId, "LS123"));
        var again = first.Clone();
        again.RequestId = TestRequests.NewRequestId();
        again.Identifiers.Upn = TestRequests.NewUpn();
        again.Identifiers.LocalIds.Add(SecurityData.LocalId(SecurityData.OtherOrganisation));

        var matched = await server.Registration.RegisterChildAsync(again);

        Assert.Equal(RegistrationOutcome.MatchedExisting, matched.Outcome);
        var served = await AssertServesWhatTheTablesHoldAsync(registered.ChildId);
        Assert.Equal(again.Identifiers.Upn, served.Identifiers.Upn);
        Assert.Equal(again.Identifiers.LocalIds, served.Identifiers.LocalIds);
        Assert.Single(served.Involvements);
    }

    [Fact]
    public async Task RegisterChildren_Stream_ServesEveryChildAsTheTablesHoldIt()
    {
        var results = await SecurityData.RegisterStreamAsync(server.Registration, SecurityData.Child(), SecurityData.Child(SecurityData.OtherOrganisation), SecurityData.Child());

        foreach (var result in results)
        {
            await AssertServesWhatTheTablesHoldAsync(result.Registered.ChildId);
        }
    }

    [Fact]
    public async Task UpdateChildDetails_ServesTheNewDetailsAndVersion()
    {
        var child = await _kit.RegisterAsync();
        var details = TestRequests.Details(TestRequests.NewFamilyName(), postcode: "M1 1AE");
        details.OtherNames.Add(new Contracts.V1.OtherName { Name = new PersonName { GivenNames = "Old", FamilyName = TestRequests.NewFamilyName() }, Kind = Contracts.V1.OtherNameKind.Former });

        var updated = await server.Registration.UpdateChildDetailsAsync(new UpdateChildDetailsRequest { ChildId = child.ChildId, ExpectedVersion = 1, Details = details });

        var served = await AssertServesWhatTheTablesHoldAsync(child.ChildId);
        Assert.Equal(updated.Version, served.Version);
        Assert.Equal(details, served.Details);
        Assert.Single(served.Involvements);
    }

    [Fact]
    public async Task RecordAndEndInvolvement_ServeTheInvolvementAndItsEnd()
    {
        var registered = await server.Registration.RegisterChildAsync(SecurityData.Child());

        var recorded = await server.Registration.RecordInvolvementAsync(SecurityData.Record(registered.ChildId, "LS123"));
        var afterRecord = await AssertServesWhatTheTablesHoldAsync(registered.ChildId);
        await server.Registration.EndInvolvementAsync(SecurityData.End(registered.ChildId, recorded.InvolvementId));
        var afterEnd = await AssertServesWhatTheTablesHoldAsync(registered.ChildId);

        Assert.Null(Assert.Single(afterRecord.Involvements).EndDate);
        Assert.Equal(SecurityData.InvolvementEnd, Assert.Single(afterEnd.Involvements).EndDate);
    }

    [Fact]
    public async Task ShieldAndUnshield_ServeTheShieldAndTheVersion()
    {
        var child = await _kit.RegisterAsync();

        await _kit.Admin.ShieldChildAsync(SecurityData.Shield(child.ChildId));
        var shielded = await AssertServesWhatTheTablesHoldAsync(child.ChildId);
        var practitionerView = await _kit.GetAsync(Roles.Practitioner, child.ChildId);
        await _kit.Admin.UnshieldChildAsync(new UnshieldChildRequest { ChildId = child.ChildId, Justification = "risk assessed as ended" });
        var unshielded = await AssertServesWhatTheTablesHoldAsync(child.ChildId);

        Assert.True(shielded.Shielded);
        Assert.Equal(2, shielded.Version);
        Assert.Null(practitionerView.Details.Address);
        Assert.Empty(practitionerView.Involvements);
        Assert.False(unshielded.Shielded);
        Assert.Equal(3, unshielded.Version);
    }

    [Fact]
    public async Task ConcurrentWritesToOneChild_AllReachTheReadModel()
    {
        var child = await _kit.RegisterAsync();
        var details = TestRequests.Details(TestRequests.NewFamilyName());

        var involvements = Enumerable.Range(0, 6)
            .Select(_ => server.Registration.RecordInvolvementAsync(SecurityData.Record(child.ChildId, "LS123")).ResponseAsync)
            .ToList();
        var update = server.Registration.UpdateChildDetailsAsync(new UpdateChildDetailsRequest { ChildId = child.ChildId, ExpectedVersion = 1, Details = details }).ResponseAsync;
        await Task.WhenAll([.. involvements, update]);

        var served = await AssertServesWhatTheTablesHoldAsync(child.ChildId);
        Assert.Equal(7, served.Involvements.Count);
        Assert.Equal(details.Name, served.Details.Name);
    }

    [Fact]
    public async Task GetChild_ForAnUnshieldedChild_IsOneSelectByPrimaryKey()
    {
        var first = await _kit.RegisterAsync();
        var second = await _kit.RegisterAsync();
        var log = new CommandLog();
        await using var db = server.CreateDbContext(log);
        using var scope = server.Services.CreateScope();
        var view = View(db, scope);

        var selects = new List<string>();
        foreach (var caller in new[] { Practitioner(), IndexAdmin() })
        {
            foreach (var child in new[] { first, second })
            {
                log.Clear();
                var record = await view.GetAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId }, caller, CancellationToken.None);
                Assert.Equal(child.ChildId, record.ChildId);
                if (server.Database == TestDatabase.Sqlite)
                {
                    // On SQLite the read goes on a kept connection with its statement prepared, not through EF Core.
                    Assert.Empty(log.Commands);
                }
                else
                {
                    Assert.Single(log.Commands);
                    selects.Add(Assert.Single(log.Selects));
                }
            }
        }

        // One statement text for every child and caller: prepared once, planned once.
        var select = server.Database == TestDatabase.Sqlite ? SqliteDocumentReads.Statement : Assert.Single(selects.Distinct());
        Assert.Contains("ChildDocuments", select, StringComparison.Ordinal);
        Assert.DoesNotContain("JOIN", select, StringComparison.OrdinalIgnoreCase);
        if (server.Database == TestDatabase.Sqlite)
        {
            Assert.Contains(await SqlitePlanAsync(db, (select, [("$p0", Canonical(first.ChildId))])), step => step.Contains("USING INDEX sqlite_autoindex_ChildDocuments_1 (IndexId=?)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task GetChild_ForAShieldedChild_AddsOnlyTheOverrideLookUpForOthersThanTheIndexTeam()
    {
        var child = await _kit.RegisterShieldedAsync();
        var log = new CommandLog();
        await using var db = server.CreateDbContext(log);
        using var scope = server.Services.CreateScope();
        var view = View(db, scope);
        var request = new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId };

        await view.GetAsync(request, IndexAdmin(), CancellationToken.None);
        var byIndexTeam = log.Selects;
        log.Clear();
        var shown = await view.GetAsync(request, Practitioner(), CancellationToken.None);
        var byPractitioner = log.Selects;

        // The document's read is EF Core's on PostgreSQL, a kept prepared statement on SQLite.
        var documentReads = server.Database == TestDatabase.Sqlite ? 0 : 1;
        Assert.Equal(documentReads, byIndexTeam.Count);
        Assert.Equal(documentReads + 1, byPractitioner.Count);
        Assert.Contains("BreakGlassGrants", byPractitioner[^1], StringComparison.Ordinal);
        Assert.Equal(RecordRedaction.Shielded(ChildDocuments.Parse((await ChildDocuments.FindAsync(db, Canonical(child.ChildId), CancellationToken.None))!), ShieldingKit.DefaultIndexTeam), shown);
    }

    /// <summary>GetChild as the index team (who see everything), checked against the record the
    /// entity tables hold and against the stored document; returns what was served.</summary>
    private async Task<ChildRecord> AssertServesWhatTheTablesHoldAsync(string childId)
    {
        var served = await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = childId });
        await using var db = server.CreateDbContext();
        var canonical = Canonical(childId);
        var child = await db.Children.AsNoTracking()
            .Include(c => c.OtherNames).Include(c => c.Carers).Include(c => c.LocalIds).Include(c => c.Involvements)
            .AsSplitQuery()
            .SingleAsync(c => c.IndexId == canonical);
        var fromTables = RecordMapping.ToContract(child);
        var document = await db.ChildDocuments.AsNoTracking().SingleAsync(d => d.IndexId == canonical);

        Assert.Equal(fromTables, ChildDocuments.Parse(document));
        Assert.Equal(child.Id, document.ChildId);
        Assert.Equal(child.Version, document.Version);
        Assert.Equal(child.Shielded, document.Shielded);
        if (child.Shielded)
        {
            fromTables.IndexTeamContact = ShieldingKit.DefaultIndexTeam;
        }

        Assert.Equal(fromTables, served);
        return served;
    }

    /// <summary>GetChild's domain operation on a context of the test's own, so that only its reads
    /// are counted: the call's audit record is written by the interceptor, on another.</summary>
    private static ChildRecordView View(ChildIndexDbContext db, IServiceScope scope) =>
        new(db, scope.ServiceProvider.GetRequiredService<CallAudit>(), scope.ServiceProvider.GetRequiredService<ShieldingOptions>(), TimeProvider.System);

    private static Caller Practitioner() => new(
        $"practitioner-{Guid.NewGuid():N}", "Test Practitioner", PermissionTable.OrganisationOf(Roles.Practitioner), "Test organisation",
        new HashSet<string> { Roles.Practitioner }, null, IsAgencySystem: false);

    private static Caller IndexAdmin() => Caller.System("read-model-test");

    private static string Canonical(string childId) =>
        ChildIdentifier.TryParse(childId, out var canonical) ? canonical : throw new ArgumentException(childId, nameof(childId));

    private static async Task<List<string>> SqlitePlanAsync(ChildIndexDbContext db, (string Text, IReadOnlyList<(string Name, object? Value)> Parameters) command)
    {
        await db.Database.OpenConnectionAsync();
        await using var explain = db.Database.GetDbConnection().CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Text;
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
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

public sealed class SqliteReadModelTests(SqliteDirectoryServer server) : ReadModelTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresReadModelTests(PostgresDirectoryServer server) : ReadModelTests(server), IClassFixture<PostgresDirectoryServer>;
