using System.Text.RegularExpressions;
using ChildIndex.Common.Storage;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>SQL Server cannot run here: its migration script shows the audit tables are created as
/// append-only ledger tables, with the columns the model has, and the head row table is not.</summary>
public sealed partial class SqlServerLedgerTests
{
    private static readonly Lazy<string> Script = new(() =>
    {
        using var db = new ChildIndexDbContext(DatabaseSettings.ForDesignTime(DatabaseProvider.SqlServer).ContextOptions<ChildIndexDbContext>());
        return db.GetService<IMigrator>().GenerateScript();
    });

    [Theory]
    [InlineData(AuditTables.Entries)]
    [InlineData(AuditTables.ChildLinks)]
    [InlineData(AuditTables.Checkpoints)]
    public void MigrationScript_CreatesTheAuditTable_AsAnAppendOnlyLedgerTable(string table)
    {
        var statement = CreateTable(table);

        Assert.EndsWith("WITH (LEDGER = ON (APPEND_ONLY = ON));", statement, StringComparison.Ordinal);
    }

    [Fact]
    public void MigrationScript_CreatesTheAuditTables_WithEveryColumnOfTheModel_AndKeepsTheHeadAnOrdinaryTable()
    {
        using var db = new ChildIndexDbContext(DatabaseSettings.ForDesignTime(DatabaseProvider.SqlServer).ContextOptions<ChildIndexDbContext>());
        foreach (var table in AuditTables.AppendOnly)
        {
            var entity = db.Model.GetEntityTypes().Single(e => e.GetTableName() == table);
            var statement = CreateTable(table);
            foreach (var property in entity.GetProperties())
            {
                Assert.Contains($"[{property.GetColumnName()}] {property.GetColumnType()} {(property.IsNullable ? "NULL" : "NOT NULL")}", statement, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain("LEDGER", CreateTable(AuditTables.Head), StringComparison.Ordinal);
        Assert.Equal(AuditTables.AppendOnly.Count, LedgerClause().Count(Script.Value));
    }

    private static string CreateTable(string table)
    {
        var match = Regex.Match(Script.Value, $@"CREATE TABLE \[{table}\] \((?:.|\n)*?\)(?: WITH \([^;]*\))?;", RegexOptions.None, TimeSpan.FromSeconds(5));
        Assert.True(match.Success, $"the SQL Server migration script does not create {table}");
        return match.Value;
    }

    [GeneratedRegex(@"LEDGER = ON \(APPEND_ONLY = ON\)")]
    private static partial Regex LedgerClause();
}
