using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>
/// The database itself refuses to change or remove audit rows, whoever asks: SQLite and PostgreSQL
/// by triggers (PostgreSQL also for TRUNCATE), straight SQL on the service's own database.
/// </summary>
public abstract class AuditAppendOnlyTests(DirectoryServer server)
{
    public static TheoryData<string, string> Statements() => new()
    {
        { "AuditEntries", "UPDATE \"AuditEntries\" SET \"Outcome\" = 'OK'" },
        { "AuditEntries", "UPDATE \"AuditEntries\" SET \"Record\" = \"Record\", \"LeafHash\" = \"LeafHash\" WHERE \"Sequence\" = 0" },
        { "AuditEntries", "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 0" },
        { "AuditEntries", "DELETE FROM \"AuditEntries\"" },
        { "AuditChildLinks", "UPDATE \"AuditChildLinks\" SET \"ChildId\" = 'ZZZZZZZZ0'" },
        { "AuditChildLinks", "DELETE FROM \"AuditChildLinks\"" },
        { "AuditCheckpoints", "UPDATE \"AuditCheckpoints\" SET \"RootHash\" = \"Signature\"" },
        { "AuditCheckpoints", "DELETE FROM \"AuditCheckpoints\" WHERE \"TreeSize\" = (SELECT MIN(\"TreeSize\") FROM \"AuditCheckpoints\")" },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task Database_RefusesToUpdateOrDeleteAuditRows(string table, string statement)
    {
        var before = await SnapshotAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var db = server.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync(statement);
        });

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Contains(table, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(before.Entries));
    }

    [Fact]
    public async Task Database_StillTakesNewRecords_AndTheTrailStaysIntact()
    {
        var before = await SnapshotAsync();
        await using (var db = server.CreateDbContext())
        {
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\""));
        }

        await GetChildAsync();

        Assert.True((await SnapshotAsync()).Entries > before.Entries);
        var verified = await (await AuditTestKit.SecurityOfficerAsync(server)).VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
    }

    /// <summary>The rows of each table up to record <paramref name="upTo"/> (the ingest may append
    /// meanwhile) and a hash of them; first making sure each table has some, when not given.</summary>
    protected async Task<Snapshot> SnapshotAsync(long? upTo = null)
    {
        await using var db = server.CreateDbContext();
        if (upTo is null)
        {
            await GetChildAsync();
            upTo = await db.AuditEntries.MaxAsync(e => e.Sequence) + 1;
        }

        var size = upTo.Value;
        var entries = await db.AuditEntries.Where(e => e.Sequence < size).OrderBy(e => e.Sequence).Select(e => e.Record).ToListAsync();
        var links = await db.AuditChildLinks.Where(l => l.Sequence < size).OrderBy(l => l.Sequence).ThenBy(l => l.ChildId).Select(l => l.ChildId).ToListAsync();
        var checkpoints = await db.AuditCheckpoints.Where(c => c.TreeSize <= size).OrderBy(c => c.TreeSize).Select(c => c.RootHash).ToListAsync();
        Assert.Equal(size, entries.Count);
        Assert.NotEmpty(links);
        Assert.NotEmpty(checkpoints);
        var hash = System.Security.Cryptography.SHA256.HashData([.. entries.SelectMany(r => r), .. links.SelectMany(l => System.Text.Encoding.ASCII.GetBytes(l)), .. checkpoints.SelectMany(h => h)]);
        return new Snapshot(size, links.Count, checkpoints.Count, Convert.ToHexString(hash));
    }

    private async Task GetChildAsync()
    {
        var child = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId });
    }

    protected sealed record Snapshot(long Entries, int Links, int Checkpoints, string Hash);
}

public sealed class SqliteAuditAppendOnlyTests(SqliteDirectoryServer server) : AuditAppendOnlyTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresAuditAppendOnlyTests(PostgresDirectoryServer server) : AuditAppendOnlyTests(server), IClassFixture<PostgresDirectoryServer>
{
    private readonly PostgresDirectoryServer _server = server;

    [Theory]
    [InlineData("AuditEntries", "TRUNCATE \"AuditEntries\"")]
    [InlineData("AuditChildLinks", "TRUNCATE \"AuditChildLinks\"")]
    [InlineData("AuditCheckpoints", "TRUNCATE \"AuditCheckpoints\"")]
    public async Task Database_RefusesToTruncateAuditTables(string table, string statement)
    {
        var before = await SnapshotAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var db = _server.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync(statement);
        });

        Assert.Contains($"append-only: TRUNCATE on {table} refused", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(before.Entries));
    }
}
