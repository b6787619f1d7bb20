using ChildIndex.Common.Security;
using ChildIndex.Common.Storage;
using Google.Protobuf;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Shielding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Domain = ChildIndex.Core.Records;

namespace ChildIndex.IntegrationTests.ReadModel;

/// <summary>
/// A directory whose children were stored before the read model existed: its database is migrated
/// to the migration before ChildReadModel, children are written to the entity tables only, and then
/// `migrate` runs as it would on the upgraded installation.
/// </summary>
public abstract class UpgradedDirectoryServer(TestDatabase database) : DirectoryServer(database)
{
    public IReadOnlyList<string> LegacyChildIds { get; private set; } = [];

    /// <summary>What `migrate` wrote on the upgrade (read-model documents).</summary>
    public int BackfilledOnUpgrade { get; private set; }

    protected override async Task PrepareDatabaseAsync(ChildIndexDbContext db)
    {
        if (db.Database.IsSqlite())
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource)!);
        }

        var migrations = db.Database.GetMigrations().ToList();
        var readModel = migrations.FindIndex(m => m.EndsWith("_ChildReadModel", StringComparison.Ordinal));
        await db.GetService<IMigrator>().MigrateAsync(migrations[readModel - 1]);

        // Written as the service of the time would have: with the model of the time, which had
        // none of the columns later migrations add.
        var children = new[] { LegacyChild(shielded: false), LegacyChild(shielded: true) };
        await using (var legacy = CreateDbContext(options => options
            .ReplaceService<IModelCustomizer, ModelBeforeReadModel>()
            .ReplaceService<IModelCacheKeyFactory, ModelBeforeReadModel.CacheKey>()))
        {
            legacy.Children.AddRange(children);
            await legacy.SaveChangesAsync();
        }

        LegacyChildIds = [.. children.Select(c => c.IndexId)];

        await DatabaseMigrator.MigrateAsync(db);
        BackfilledOnUpgrade = await new ReadModelRebuild(db, NullLogger<ReadModelRebuild>.Instance)
            .WriteMissingAsync(batchSize: 1, progress: null, CancellationToken.None);
    }

    private static Child LegacyChild(bool shielded)
    {
        var now = DateTimeOffset.UtcNow.AddDays(-30);
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        return new Child
        {
            IndexId = Core.Identifiers.ChildId.New(),
            GivenNames = "Legacy",
            FamilyName = TestRequests.NewFamilyName(),
            Gender = Domain.Gender.Female,
            DateOfBirth = new DateOnly(2014, 5, 6),
            Residence = ResidenceKind.Address,
            Address = new Domain.Address { Line1 = "3 Old Street", Town = "Headingley", Postcode = "LS6 2AB" },
            NhsNumber = TestRequests.NewNhsNumber(),
            Shielded = shielded,
            ShieldReason = shielded ? Domain.ShieldReason.DomesticAbuse : null,
            ShieldedAt = shielded ? now : null,
            Version = shielded ? 2 : 1,
            CreatedAt = now,
            UpdatedAt = now,
            OtherNames = [new Domain.OtherName { Position = 0, Kind = Domain.OtherNameKind.Former, GivenNames = "Legacy", FamilyName = TestRequests.NewFamilyName() }],
            Carers = [new Domain.Carer { Position = 0, GivenNames = "Pat", FamilyName = "Carer", Relationship = Domain.CarerRelationship.Mother, HasParentalResponsibility = true, Phone = "07700 900123" }],
            LocalIds = [new Domain.LocalIdentifier { OrganisationCode = "LS123", Value = $"MIS-{Guid.NewGuid():N}"[..20] }],
            Involvements =
            [
                new Domain.Involvement
                {
                    Id = Guid.CreateVersion7(),
                    ServiceType = Domain.ServiceType.EducationSetting,
                    OrganisationCode = "LS123",
                    OrganisationName = "Hyde Park Primary School",
                    PractitionerName = "Jo Bloggs",
                    StartDate = new DateOnly(2019, 9, 1),
                    RecordedAt = now,
                },
                new Domain.Involvement
                {
                    Id = Guid.CreateVersion7(),
                    ServiceType = Domain.ServiceType.MentalHealth,
                    OrganisationCode = "LDS08",
                    OrganisationName = "Leeds Mind",
                    PractitionerName = "Clinic Team",
                    StartDate = new DateOnly(2025, 1, 1),
                    LegalBasis = Domain.LegalBasis.Consent,
                    RecordedAt = now,
                },
            ],
        };
    }
}

/// <summary>The model without what migrations after the read model added (retention's columns).</summary>
internal sealed class ModelBeforeReadModel(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        modelBuilder.Entity<Child>(child =>
        {
            foreach (var index in child.Metadata.GetIndexes().Where(i => i.Properties.Any(p => p.Name is nameof(Child.ArchivedOn) or nameof(Child.MergedInto) || p.Name == nameof(Child.Status) && i.Properties.Count > 1)).ToList())
            {
                child.Metadata.RemoveIndex(index);
            }

            child.Ignore(c => c.DateOfDeath);
            child.Ignore(c => c.RetentionExtension);
            child.Ignore(c => c.ArchivedOn);
            child.Ignore(c => c.LegalHoldReason);
            child.Ignore(c => c.LegalHoldSetBy);
            child.Ignore(c => c.LegalHoldSetAt);
            child.Ignore(c => c.MergedInto);
        });
    }

    /// <summary>A model of its own in EF's cache, apart from the service's.</summary>
    internal sealed class CacheKey : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), nameof(ModelBeforeReadModel), designTime);
    }
}

public sealed class SqliteUpgradedDirectoryServer() : UpgradedDirectoryServer(TestDatabase.Sqlite);

public sealed class PostgresUpgradedDirectoryServer() : UpgradedDirectoryServer(TestDatabase.PostgreSql);

public abstract class UpgradeTests(UpgradedDirectoryServer server)
{
    [Fact]
    public async Task Migrate_OnADatabaseWithChildren_WritesTheirDocuments_AndAgainWritesNone()
    {
        await using var db = server.CreateDbContext();

        var again = await new ReadModelRebuild(db, NullLogger<ReadModelRebuild>.Instance).WriteMissingAsync(ReadModelRebuild.DefaultBatchSize, null, CancellationToken.None);

        Assert.Equal(server.LegacyChildIds.Count, server.BackfilledOnUpgrade);
        Assert.Equal(0, again);
        Assert.Equal(server.LegacyChildIds.Count, await db.ChildDocuments.CountAsync());
    }

    [Fact]
    public async Task GetChild_ChildStoredBeforeTheReadModel_ServesWhatTheTablesHold()
    {
        await using var db = server.CreateDbContext();
        foreach (var indexId in server.LegacyChildIds)
        {
            var child = await ChildDocuments.LoadAsync(db, indexId, CancellationToken.None);
            var expected = RecordMapping.ToContract(child);
            if (child.Shielded)
            {
                expected.IndexTeamContact = ShieldingKit.DefaultIndexTeam;
            }

            var served = await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = Core.Identifiers.ChildId.Format(indexId) });

            Assert.Equal(expected, served);
        }
    }

    [Fact]
    public async Task GetChild_ByAPractitioner_ChildStoredBeforeTheReadModel_IsRedactedAsBefore()
    {
        var channel = await server.ChannelForRoleAsync(Roles.Practitioner);
        var open = await ShieldingKit.GetAsync(channel, Core.Identifiers.ChildId.Format(server.LegacyChildIds[0]));
        var shielded = await ShieldingKit.GetAsync(channel, Core.Identifiers.ChildId.Format(server.LegacyChildIds[1]));

        Assert.Contains(open.Involvements, i => i.ServiceType == Contracts.V1.ServiceType.SensitiveUndisclosed && i.ContactViaIndexTeam);
        Assert.DoesNotContain("Leeds Mind", ShieldingKit.Text(open), StringComparison.Ordinal);
        Assert.Equal("Headingley", open.Details.Address.Town);
        Assert.True(shielded.Shielded);
        Assert.Null(shielded.Details.Address);
        Assert.Empty(shielded.Involvements);
        Assert.DoesNotContain("Headingley", ShieldingKit.Text(shielded), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordInvolvement_OnAChildStoredBeforeTheReadModel_ReachesItsDocument()
    {
        var childId = Core.Identifiers.ChildId.Format(server.LegacyChildIds[0]);
        var recorded = await server.Registration.RecordInvolvementAsync(Security.SecurityData.Record(childId, "LS123"));

        var served = await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = childId });

        Assert.Contains(served.Involvements, i => i.InvolvementId == recorded.InvolvementId);
    }

    [Fact]
    public async Task RebuildReadModel_RepairsADocumentThatDrifted()
    {
        await using var db = server.CreateDbContext();
        var indexId = server.LegacyChildIds[1];
        await db.ChildDocuments.Where(d => d.IndexId == indexId)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Document, new ChildRecord { ChildId = "stale" }.ToByteArray()));

        var rewritten = await new ReadModelRebuild(db, NullLogger<ReadModelRebuild>.Instance).RewriteAllAsync(batchSize: 1, progress: null, CancellationToken.None);

        Assert.Equal(server.LegacyChildIds.Count, rewritten);
        var child = await ChildDocuments.LoadAsync(db, indexId, CancellationToken.None);
        var document = await db.ChildDocuments.AsNoTracking().SingleAsync(d => d.IndexId == indexId);
        Assert.Equal(RecordMapping.ToContract(child), ChildDocuments.Parse(document));
    }
}

public sealed class SqliteUpgradeTests(SqliteUpgradedDirectoryServer server) : UpgradeTests(server), IClassFixture<SqliteUpgradedDirectoryServer>;

public sealed class PostgresUpgradeTests(PostgresUpgradedDirectoryServer server) : UpgradeTests(server), IClassFixture<PostgresUpgradedDirectoryServer>;
