using ChildIndex.Core.Storage;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.Common.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChildIndex.IntegrationTests.Storage;

public sealed class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Migrations_ForEveryProvider_MatchTheModel(DatabaseProvider provider)
    {
        var settings = DatabaseSettings.ForDesignTime(provider);
        using var directory = new ChildIndexDbContext(settings.ContextOptions<ChildIndexDbContext>());
        using var identity = IdentityStoreDbContext.Create(settings);

        foreach (DbContext db in new DbContext[] { directory, identity })
        {
            Assert.NotEmpty(db.Database.GetMigrations());
            Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has changed since its last {provider} migration: add one with dotnet ef migrations add");
        }
    }

    /// <summary>SQL Server cannot run here, so its migrations are checked as the script they produce.</summary>
    [Fact]
    public void SqlServerMigrations_CreateScript_HasEveryTableAndIndexOfTheModel()
    {
        using var db = new ChildIndexDbContext(DatabaseSettings.ForDesignTime(DatabaseProvider.SqlServer).ContextOptions<ChildIndexDbContext>());

        var script = db.GetService<IMigrator>().GenerateScript();
        AssertCreatesModel(db, script);

        // Many children have no NHS number: the unique index must ignore NULLs.
        Assert.Contains("CREATE UNIQUE INDEX [IX_Children_NhsNumber] ON [Children] ([NhsNumber]) WHERE [NhsNumber] IS NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[FamilyName] nvarchar(100) NOT NULL", script, StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServerIdentityMigrations_CreateScript_HasEveryTableAndIndexOfTheModel()
    {
        using var db = IdentityStoreDbContext.Create(DatabaseSettings.ForDesignTime(DatabaseProvider.SqlServer));

        var script = db.GetService<IMigrator>().GenerateScript();

        AssertCreatesModel(db, script);
        Assert.Contains("[__IdentityMigrationsHistory]", script, StringComparison.Ordinal);
    }

    private static void AssertCreatesModel(DbContext db, string script)
    {
        foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            Assert.Contains($"CREATE TABLE [{entity.GetTableName()}]", script, StringComparison.Ordinal);
            foreach (var index in entity.GetIndexes())
            {
                var unique = index.IsUnique ? "UNIQUE " : "";
                Assert.Contains($"CREATE {unique}INDEX [{index.GetDatabaseName()}] ON [{entity.GetTableName()}]", script, StringComparison.Ordinal);
            }
        }
    }
}

/// <summary>The schema itself refuses what the contract refuses, whoever writes to the database.</summary>
public abstract class SchemaLimitTests(DirectoryServer server)
{
    [Fact]
    public async Task Database_WrittenToDirectly_RefusesAFamilyNameLongerThanTheContractAllows()
    {
        await using var db = server.CreateDbContext();
        var tooLong = new string('a', 101);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "Children" ("IndexId", "GivenNames", "FamilyName", "Gender", "DateOfBirth", "Residence", "Status", "Shielded", "Version", "CreatedAt", "UpdatedAt") VALUES ('ZZZZZZZZ0', 'A', {tooLong}, 1, '2016-01-01', 0, 1, FALSE, 1, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"""));

        Assert.Matches("CHECK constraint|too long", error.Message);
    }
}

public sealed class SqliteSchemaLimitTests(SqliteDirectoryServer server) : SchemaLimitTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresSchemaLimitTests(PostgresDirectoryServer server) : SchemaLimitTests(server), IClassFixture<PostgresDirectoryServer>;
