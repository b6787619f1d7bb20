using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>
/// The columns and rows the security officers' screens read but no hash covers: the filter columns
/// beside each record and the child-link rows behind WhoAccessedChild. An insider who frames
/// someone with one INSERT, or hides an access by editing a column or deleting a link, is named by
/// verification, and the queries leave out what the hashed record does not say. Destructive, so on
/// a directory of its own.
/// </summary>
public abstract class AuditDerivedDataTamperTests(DirectoryServer server)
{
    [Fact]
    public async Task ForgedChildLink_FramingSomeoneWithOneInsert_IsNamedByVerification_AndLeftOutOfWhoAccessedChild()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var victim = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        var unrelated = await AuditTestKit.LookUpAsync(server);

        await using (var db = server.CreateDbContext())
        {
            // No trigger dropped: the link table is not append-only-protected against inserts.
            Assert.True(Core.Identifiers.ChildId.TryParse(victim.ChildId, out var stored));
            db.AuditChildLinks.Add(new AuditChildLink { ChildId = stored, Sequence = unrelated.Sequence });
            await db.SaveChangesAsync();
        }

        var accesses = await officer.WhoAccessedChildAsync(new WhoAccessedChildRequest { ChildId = victim.ChildId });
        Assert.DoesNotContain(accesses.Records, r => r.Sequence == unrelated.Sequence);
        Assert.Equal(1, accesses.InconsistentRows);
        var verified = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        AuditTamperEvidenceTests.AssertNames(verified.Intact, verified.Problems, $"record {unrelated.Sequence}", "1 extra");
    }

    [Fact]
    public async Task AccessHiddenByAlteringTheActorAndDeletingItsLink_IsNamedByVerification()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var hidden = await AuditTestKit.LookUpAsync(server);

        await using (var db = server.CreateDbContext())
        {
            await AuditTestKit.DisableAppendOnlyAsync(db, server.Database);
            await db.AuditEntries.Where(e => e.Sequence == hidden.Sequence).ExecuteUpdateAsync(e => e.SetProperty(x => x.ActorSubject, "someone-else"));
            await db.AuditChildLinks.Where(l => l.Sequence == hidden.Sequence).ExecuteDeleteAsync();
        }

        var byActor = await officer.QueryAuditAsync(new QueryAuditRequest { ActorSubject = "someone-else" });
        Assert.DoesNotContain(byActor.Records, r => r.Sequence == hidden.Sequence);
        Assert.True(byActor.InconsistentRows >= 1);
        var verified = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        AuditTamperEvidenceTests.AssertNames(verified.Intact, verified.Problems, $"record {hidden.Sequence}", "ActorSubject");
        AuditTamperEvidenceTests.AssertNames(verified.Intact, verified.Problems, $"record {hidden.Sequence}", "1 missing");
    }

    [Fact]
    public async Task RecordForgedAtANegativeSequence_IsNamedByVerification_AndLeftOutOfWhoAccessedChild()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var victim = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        var template = await AuditTestKit.LookUpAsync(server);
        // A look-up of the victim, well formed in every column and link, at a sequence no trail has.
        var forged = template.Clone();
        forged.Sequence = -7;
        forged.ChildIds.Clear();
        forged.ChildIds.Add(victim.ChildId);
        var bytes = forged.ToByteArray();
        var row = AuditRow.Of(forged, bytes, ChildIndex.Audit.MerkleTree.LeafHash(bytes));
        await using (var db = server.CreateDbContext())
        {
            db.AuditEntries.Add(new AuditEntry
            {
                Sequence = row.Sequence, TimeUnixMs = row.TimeUnixMs, Action = row.Action, Outcome = row.Outcome,
                ActorSubject = row.ActorSubject, ActorOrganisation = row.ActorOrganisation, Record = bytes, LeafHash = row.LeafHash,
            });
            db.AuditChildLinks.AddRange(row.ChildIds.Select(id => new AuditChildLink { ChildId = id, Sequence = row.Sequence }));
            await db.SaveChangesAsync();
        }

        var accesses = await officer.WhoAccessedChildAsync(new WhoAccessedChildRequest { ChildId = victim.ChildId });
        Assert.DoesNotContain(accesses.Records, r => r.Sequence == forged.Sequence);
        Assert.True(accesses.InconsistentRows >= 1);
        var verified = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        AuditTamperEvidenceTests.AssertNames(verified.Intact, verified.Problems, "-7", "forged");
    }

    [Fact]
    public async Task TamperingSpreadOverManyPages_IsNamedWhicheverReaderReadIt()
    {
        // Pages of two records: the records below fall to different pages, read by different
        // readers (one per core) and folded in order.
        var looks = new List<AuditRecord>();
        for (var i = 0; i < 9; i++)
        {
            looks.Add(await AuditTestKit.LookUpAsync(server));
        }

        var framed = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        await using (var db = server.CreateDbContext())
        {
            Assert.True(Core.Identifiers.ChildId.TryParse(framed.ChildId, out var stored));
            db.AuditChildLinks.Add(new AuditChildLink { ChildId = stored, Sequence = looks[4].Sequence });
            await db.SaveChangesAsync();
            await AuditTestKit.DisableAppendOnlyAsync(db, server.Database);
            await db.AuditEntries.Where(e => e.Sequence == looks[1].Sequence).ExecuteUpdateAsync(e => e.SetProperty(x => x.Outcome, "NOT_FOUND"));
            await db.AuditChildLinks.Where(l => l.Sequence == looks[7].Sequence).ExecuteDeleteAsync();
        }

        // Signed up to here, as VerifyAuditTrail seals before it reads.
        await server.Services.GetRequiredService<Api.Auditing.AuditWriter>().SealAsync(CancellationToken.None);
        var (result, reads) = await SyntheticTrail.VerifyAsync(server, pageSize: 2);

        AuditTamperEvidenceTests.AssertNames(result.Intact, result.Problems, $"record {looks[1].Sequence}", "Outcome");
        AuditTamperEvidenceTests.AssertNames(result.Intact, result.Problems, $"record {looks[4].Sequence}", "1 extra");
        AuditTamperEvidenceTests.AssertNames(result.Intact, result.Problems, $"record {looks[7].Sequence}", "1 missing");
        Assert.Equal((result.RecordsChecked + 1) / 2, reads.RecordPages);
    }
}

/// <summary>A directory of its own: these tests damage its trail.</summary>
public sealed class SqliteDerivedTamperDirectoryServer() : DirectoryServer(TestDatabase.Sqlite);

/// <summary>A directory of its own: these tests damage its trail.</summary>
public sealed class PostgresDerivedTamperDirectoryServer() : DirectoryServer(TestDatabase.PostgreSql);

public sealed class SqliteAuditDerivedDataTamperTests(SqliteDerivedTamperDirectoryServer server) : AuditDerivedDataTamperTests(server), IClassFixture<SqliteDerivedTamperDirectoryServer>;

public sealed class PostgresAuditDerivedDataTamperTests(PostgresDerivedTamperDirectoryServer server) : AuditDerivedDataTamperTests(server), IClassFixture<PostgresDerivedTamperDirectoryServer>;
