using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>
/// The trail fails closed: while it cannot take records, look-ups disclose nothing (UNAVAILABLE) and
/// writes change nothing; once it can, everything works again and the trail is intact. Destructive,
/// so on a directory of its own.
/// </summary>
public abstract class AuditFailClosedTests(DirectoryServer server)
{
    [Fact]
    public async Task WhileTheTrailCannotAppend_LookUpsAnswerUnavailableWithNoChildData_AndWritesLeaveNothing_ThenAllWorksAgain()
    {
        var child = SecurityData.Child();
        var registered = await server.Registration.RegisterChildAsync(child);
        var directory = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        var get = new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = registered.ChildId };
        var search = new SearchChildrenRequest { Purpose = TestRequests.Purpose(), NhsNumber = child.Identifiers.NhsNumber };
        var newChild = TestRequests.Registration();
        var countBefore = await ChildCountAsync();

        await BreakTheTrailAsync();
        try
        {
            var refusedGet = await RpcAssert.FailsWith(StatusCode.Unavailable, () => directory.GetChildAsync(get).ResponseAsync);
            var refusedSearch = await RpcAssert.FailsWith(StatusCode.Unavailable, () => directory.SearchChildrenAsync(search).ResponseAsync);
            SecurityData.AssertDisclosesNothingAbout(refusedGet, child, childId: null);
            SecurityData.AssertDisclosesNothingAbout(refusedSearch, child, registered.ChildId);
            Assert.Contains("audit trail", refusedGet.Status.Detail, StringComparison.Ordinal);

            var refusedWrite = await Assert.ThrowsAsync<RpcException>(() => server.Registration.RegisterChildAsync(newChild).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, refusedWrite.StatusCode);
            Assert.Equal(countBefore, await ChildCountAsync());
            await using var db = server.CreateDbContext();
            Assert.False(await db.Children.AnyAsync(c => c.NhsNumber == newChild.Identifiers.NhsNumber));
            Assert.False(await db.IdempotencyRecords.AnyAsync(r => r.RequestId == Guid.Parse(newChild.RequestId)));
        }
        finally
        {
            await RepairTheTrailAsync();
        }

        Assert.Equal(registered.ChildId, (await directory.GetChildAsync(get)).ChildId);
        Assert.Equal(registered.ChildId, Assert.Single((await directory.SearchChildrenAsync(search)).Children).ChildId);
        var retried = await server.Registration.RegisterChildAsync(newChild);
        Assert.Equal(RegistrationOutcome.Created, retried.Outcome);
        var verified = await (await AuditTestKit.SecurityOfficerAsync(server)).VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
        await using (var db = server.CreateDbContext())
        {
            // Nothing of the refused calls was kept, so the sequence runs on without a gap.
            var sequences = await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
            Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => (long)i), sequences);
        }
    }

    private async Task<int> ChildCountAsync()
    {
        await using var db = server.CreateDbContext();
        return await db.Children.CountAsync();
    }

    /// <summary>The records table is moved away, as a full disk or a broken permission would stop appends.</summary>
    private async Task BreakTheTrailAsync()
    {
        await using var db = server.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditEntries\" RENAME TO \"AuditEntriesAway\"");
    }

    private async Task RepairTheTrailAsync()
    {
        await using var db = server.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditEntriesAway\" RENAME TO \"AuditEntries\"");
    }
}

/// <summary>A directory of its own: these tests break its trail for a while.</summary>
public sealed class SqliteFailClosedDirectoryServer() : DirectoryServer(TestDatabase.Sqlite);

/// <summary>A directory of its own: these tests break its trail for a while.</summary>
public sealed class PostgresFailClosedDirectoryServer() : DirectoryServer(TestDatabase.PostgreSql);

public sealed class SqliteAuditFailClosedTests(SqliteFailClosedDirectoryServer server) : AuditFailClosedTests(server), IClassFixture<SqliteFailClosedDirectoryServer>;

public sealed class PostgresAuditFailClosedTests(PostgresFailClosedDirectoryServer server) : AuditFailClosedTests(server), IClassFixture<PostgresFailClosedDirectoryServer>
{
    private readonly PostgresFailClosedDirectoryServer _server = server;

    /// <summary>
    /// A write appends its record inside its own transaction; if that transaction then fails to
    /// commit, the record goes with it, and the failed call must still be recorded (once). A
    /// deferred constraint trigger makes the commit of a successful registration's record fail.
    /// </summary>
    [Fact]
    public async Task WriteWhoseCommitFails_AfterItsRecordWasAppended_IsStillRecordedOnce_AndLeavesNoChild()
    {
        var request = TestRequests.Registration();
        await using (var db = _server.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE FUNCTION fail_registration_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW."Action" = 'childindex.v1.Registration/RegisterChild' AND NEW."Outcome" = 'OK' THEN
                    RAISE EXCEPTION 'commit refused by the test';
                  END IF;
                  RETURN NEW;
                END;
                $$;
                CREATE CONSTRAINT TRIGGER fail_registration_commit AFTER INSERT ON "AuditEntries"
                  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_registration_commit();
                """);
        }

        var before = await AuditTestKit.NewestSequenceAsync(_server);
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => _server.Registration.RegisterChildAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        }
        finally
        {
            await using var db = _server.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER fail_registration_commit ON \"AuditEntries\"; DROP FUNCTION fail_registration_commit();");
        }

        var record = Assert.Single(await AuditTestKit.CallRecordsAfterAsync(_server, before));
        Assert.Equal("childindex.v1.Registration/RegisterChild", record.Action);
        Assert.Equal("UNAVAILABLE", record.Outcome);
        Assert.Equal(request.RequestId, record.RequestId);
        await using (var db = _server.CreateDbContext())
        {
            Assert.False(await db.Children.AnyAsync(c => c.NhsNumber == request.Identifiers.NhsNumber));
        }

        var verified = await (await AuditTestKit.SecurityOfficerAsync(_server)).VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
    }
}
