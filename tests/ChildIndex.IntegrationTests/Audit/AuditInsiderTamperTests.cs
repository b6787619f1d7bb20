using ChildIndex.Audit;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>
/// An insider with the database owner's rights switches the protection off and rewrites records
/// in place: the service's own check, and an export checked offline, name the records changed.
/// Destructive, so on a directory of its own.
/// </summary>
public abstract class AuditInsiderTamperTests(DirectoryServer server)
{
    [Fact]
    public async Task RecordsRewrittenOrDeletedInTheDatabase_WithTheProtectionDisabled_AreNamedByVerifyAuditTrailAndByTheExport()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var first = await LookUpAsync();
        await LookUpAsync();
        var second = await LookUpAsync();
        await LookUpAsync();
        var third = await LookUpAsync();
        await LookUpAsync();
        var intact = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(intact.Intact, string.Join("\n", intact.Problems));

        await using (var db = server.CreateDbContext())
        {
            await AuditTestKit.DisableAppendOnlyAsync(db, server.Database);

            // The later record: its bytes rewritten, its stored leaf hash left as it was.
            var edited = Edited(await BytesAsync(db, second.Sequence));
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Record\" = {edited} WHERE \"Sequence\" = {second.Sequence}");
        }

        var afterOne = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        AuditTamperEvidenceTests.AssertNames(afterOne.Intact, afterOne.Problems, $"record {second.Sequence}", "edited");

        await using (var db = server.CreateDbContext())
        {
            // The earlier record: rewritten with its leaf hash recomputed, as a careful forger would.
            var edited = Edited(await BytesAsync(db, first.Sequence));
            var leafHash = MerkleTree.LeafHash(edited);
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Record\" = {edited}, \"LeafHash\" = {leafHash} WHERE \"Sequence\" = {first.Sequence}");
        }

        var afterTwo = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        AuditTamperEvidenceTests.AssertNames(afterTwo.Intact, afterTwo.Problems, $"record {first.Sequence}", $"tree size {first.Sequence + 1}");
        AuditTamperEvidenceTests.AssertNames(afterTwo.Intact, afterTwo.Problems, $"record {second.Sequence}", "edited");

        await using (var db = server.CreateDbContext())
        {
            // And a third record removed.
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {third.Sequence}");
        }

        var afterThree = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        AuditTamperEvidenceTests.AssertNames(afterThree.Intact, afterThree.Problems, $"record {third.Sequence}", "deleted");

        var export = await AuditTestKit.ExportAsync(officer);
        using var key = export.Key();
        var offline = TrailVerifier.Verify(export.Records, export.Checkpoints, key);
        AuditTamperEvidenceTests.AssertNames(offline.Intact, offline.Problems, $"record {first.Sequence}", $"tree size {first.Sequence + 1}");
        AuditTamperEvidenceTests.AssertNames(offline.Intact, offline.Problems, $"record {second.Sequence}", "edited");
        AuditTamperEvidenceTests.AssertNames(offline.Intact, offline.Problems, $"record {third.Sequence}", "deleted");
    }

    private static async Task<byte[]> BytesAsync(Core.Storage.ChildIndexDbContext db, long sequence) =>
        await db.AuditEntries.Where(e => e.Sequence == sequence).Select(e => e.Record).SingleAsync();

    private static byte[] Edited(byte[] bytes)
    {
        var record = AuditRecord.Parser.ParseFrom(bytes);
        record.Actor.Subject = "someone-else";
        record.Purpose = new AccessPurpose { Code = AccessPurposeCode.DataQuality };
        return record.ToByteArray();
    }

    private Task<AuditRecord> LookUpAsync() => AuditTestKit.LookUpAsync(server);
}

/// <summary>A directory of its own: these tests damage its trail. It signs a checkpoint after
/// every record, so that verification can name each tampered record exactly.</summary>
public sealed class SqliteTamperedDirectoryServer() : CheckpointEveryRecordDirectoryServer(TestDatabase.Sqlite);

/// <summary>A directory of its own: these tests damage its trail (a checkpoint after every record).</summary>
public sealed class PostgresTamperedDirectoryServer() : CheckpointEveryRecordDirectoryServer(TestDatabase.PostgreSql);

public sealed class SqliteAuditInsiderTamperTests(SqliteTamperedDirectoryServer server) : AuditInsiderTamperTests(server), IClassFixture<SqliteTamperedDirectoryServer>;

public sealed class PostgresAuditInsiderTamperTests(PostgresTamperedDirectoryServer server) : AuditInsiderTamperTests(server), IClassFixture<PostgresTamperedDirectoryServer>;
