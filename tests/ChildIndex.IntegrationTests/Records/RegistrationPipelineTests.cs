using System.Data.Common;
using ChildIndex.Common.Errors;
using ChildIndex.Common.Storage;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Registration;
using ChildIndex.Core.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ChildIndex.IntegrationTests.Records;

/// <summary>
/// RegisterChildren decides a whole batch from set-based look-ups and inserts it with one
/// SaveChanges (ADR 4). These call the registrar with batches of a known make-up, on the server's
/// database, and check that each item is answered as it would be alone, in order.
/// </summary>
public abstract class RegistrationPipelineTests(DirectoryServer server, ITestOutputHelper output)
{
    /// <summary>The answer to a retry: the first answer, marked as replayed.</summary>
    private static RegisterChildResponse Replayed(RegisterChildResponse first)
    {
        var again = first.Clone();
        again.Replayed = true;
        return again;
    }

    private static readonly Caller Agency = Caller.System("registration-pipeline-tests");

    [Fact]
    public async Task Batch_WithTheSameNhsNumberTwice_CreatesOneChildAndMatchesTheSecondItemToIt()
    {
        var first = TestRequests.Registration();
        var second = TestRequests.Registration(first.Details.Clone(), first.Identifiers.NhsNumber);
        second.Identifiers.Upn = TestRequests.NewUpn();

        var results = await RegisterBatchAsync([first, second]);

        Assert.Equal(RegistrationOutcome.Created, results[0].Response!.Outcome);
        Assert.Equal(RegistrationOutcome.MatchedExisting, results[1].Response!.Outcome);
        Assert.Equal(results[0].Response!.ChildId, results[1].Response!.ChildId);
        await using var db = server.CreateDbContext();
        var child = await db.Children.SingleAsync(c => c.NhsNumber == first.Identifiers.NhsNumber);
        Assert.Equal(second.Identifiers.Upn, child.Upn);
    }

    [Fact]
    public async Task Batch_WithTheSameRequestIdTwice_AnswersTheRepeatAsARetryAndRefusesADifferentRequest()
    {
        var request = TestRequests.Registration();
        var reused = TestRequests.Registration();
        reused.RequestId = request.RequestId;

        var results = await RegisterBatchAsync([request, request.Clone(), reused]);

        Assert.Equal(RegistrationOutcome.Created, results[0].Response!.Outcome);
        Assert.Equal(Replayed(results[0].Response!), results[1].Response);
        Assert.Equal(DomainErrorKind.Invalid, results[2].Error!.Kind);
        await using var db = server.CreateDbContext();
        Assert.Equal(1, await db.Children.CountAsync(c => c.NhsNumber == request.Identifiers.NhsNumber));
        Assert.Equal(0, await db.Children.CountAsync(c => c.NhsNumber == reused.Identifiers.NhsNumber));
    }

    [Fact]
    public async Task Batch_MixingNewMatchedRetriedAndRefusedItems_AnswersEachAsItWouldBeAnsweredAlone()
    {
        var existing = TestRequests.Registration();
        var answeredBefore = TestRequests.Registration();
        var before = await RegisterBatchAsync([existing, answeredBefore]);

        var fresh = TestRequests.Registration();
        var matched = TestRequests.Registration(existing.Details.Clone(), existing.Identifiers.NhsNumber);
        matched.Identifiers.LocalIds.Add(new LocalIdentifier { OrganisationCode = "LS123", Value = Guid.NewGuid().ToString("N")[..12] });
        var invalid = TestRequests.Registration(nhsNumber: "9434765918");
        var otherBirthDate = existing.Details.Clone();
        otherBirthDate.DateOfBirth = TestRequests.Date(2011, 2, 3);
        var disagreeing = TestRequests.Registration(otherBirthDate, existing.Identifiers.NhsNumber);
        var twoChildren = TestRequests.Registration(existing.Details.Clone(), existing.Identifiers.NhsNumber);
        twoChildren.Identifiers.Upn = TestRequests.NewUpn();
        var ownsThatUpn = TestRequests.Registration();
        ownsThatUpn.Identifiers.Upn = twoChildren.Identifiers.Upn;
        var byLocalId = TestRequests.Registration(existing.Details.Clone(), nhsNumber: null);
        byLocalId.Identifiers = new ChildIdentifiers();
        byLocalId.Identifiers.LocalIds.Add(matched.Identifiers.LocalIds[0].Clone());

        var results = await RegisterBatchAsync([fresh, matched, answeredBefore, invalid, disagreeing, ownsThatUpn, twoChildren, byLocalId]);

        var existingId = before[0].Response!.ChildId;
        Assert.Equal(RegistrationOutcome.Created, results[0].Response!.Outcome);
        Assert.Equal((RegistrationOutcome.MatchedExisting, existingId), (results[1].Response!.Outcome, results[1].Response!.ChildId));
        Assert.Equal(Replayed(before[1].Response!), results[2].Response);
        Assert.Equal(DomainErrorKind.Invalid, results[3].Error!.Kind);
        Assert.Equal(DomainErrorKind.Conflict, results[4].Error!.Kind);
        Assert.Equal(RegistrationOutcome.Created, results[5].Response!.Outcome);
        // The UPN is now the child created two items earlier, in this same batch.
        Assert.Equal(DomainErrorKind.Conflict, results[6].Error!.Kind);
        // The local id was added to the existing child by item 1 of this batch.
        Assert.Equal((RegistrationOutcome.MatchedExisting, existingId), (results[7].Response!.Outcome, results[7].Response!.ChildId));

        await using var db = server.CreateDbContext();
        var stored = await db.Children.Include(c => c.LocalIds).SingleAsync(c => c.NhsNumber == existing.Identifiers.NhsNumber);
        Assert.Equal(matched.Identifiers.LocalIds[0].Value, Assert.Single(stored.LocalIds).Value);
        Assert.Null(stored.Upn);
        var requestIds = new[] { fresh, matched, invalid, disagreeing, ownsThatUpn, twoChildren, byLocalId }.Select(r => Guid.Parse(r.RequestId)).ToList();
        Assert.Equal(4, await db.IdempotencyRecords.CountAsync(r => requestIds.Contains(r.RequestId)));
    }

    [Fact]
    public async Task Batch_FailingPartWayThroughItsInserts_LeavesNothingWritten()
    {
        // The database itself refuses the last child's carer, after the rows of the nine before it
        // (and the last child's own row) went in: whichever way the rows are written, nothing stays.
        var requests = Enumerable.Range(0, 10).Select(_ => TestRequests.Registration()).ToList();
        requests[^1].Details.Carers[0].Name.GivenNames = "Refused";
        await using (var setup = server.CreateDbContext())
        {
            await setup.Database.ExecuteSqlRawAsync(server.Database == TestDatabase.PostgreSql
                ? """
                  CREATE FUNCTION refuse_carer() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql;
                  CREATE TRIGGER refuse_carer BEFORE INSERT ON "Carers" FOR EACH ROW WHEN (NEW."GivenNames" = 'Refused') EXECUTE FUNCTION refuse_carer();
                  """
                : """CREATE TRIGGER refuse_carer BEFORE INSERT ON "Carers" WHEN NEW."GivenNames" = 'Refused' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;""");
        }

        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => RegisterBatchAsync(requests));
        }
        finally
        {
            await using var cleanup = server.CreateDbContext();
            await cleanup.Database.ExecuteSqlRawAsync(server.Database == TestDatabase.PostgreSql
                ? "DROP TRIGGER refuse_carer ON \"Carers\"; DROP FUNCTION refuse_carer();"
                : "DROP TRIGGER refuse_carer;");
        }

        await using var db = server.CreateDbContext();
        var nhsNumbers = requests.Select(r => r.Identifiers.NhsNumber).ToList();
        var requestIds = requests.Select(r => Guid.Parse(r.RequestId)).ToList();
        Assert.Equal(0, await db.Children.CountAsync(c => nhsNumbers.Contains(c.NhsNumber!)));
        Assert.Equal(0, await db.IdempotencyRecords.CountAsync(r => requestIds.Contains(r.RequestId)));
        Assert.Equal(0, await db.SearchKeys.CountAsync(k => !db.Children.Any(c => c.Id == k.ChildId)));
        Assert.Equal(0, await db.Carers.CountAsync(k => !db.Children.Any(c => c.Id == k.ChildId)));
    }

    [Fact]
    public async Task Batch_CostsTheSameLookUpsWhateverItsSize()
    {
        // Look-ups per child would add a statement per item; these batches differ by 56 items.
        var small = await CountStatementsAsync(8);
        var large = await CountStatementsAsync(64);
        var matching = await CountStatementsAsync(64, matchExisting: true);
        output.WriteLine($"8 new: {small}; 64 new: {large}; 64 matching existing children: {matching}");

        Assert.Equal(small.Reads, large.Reads);
        Assert.True(large.Reads <= 3, $"{large.Reads} reads for a batch of new children");
        Assert.True(matching.Reads <= 3 + 5, $"{matching.Reads} reads for a batch matching existing children (look-ups, then the changed children read whole)");
        Assert.Equal(small.NotWrites, large.NotWrites);
        Assert.Equal(0, large.Savepoints + matching.Savepoints);
        if (server.Database == TestDatabase.PostgreSql)
        {
            // The duplicate check locks all the batch's dates of birth in one statement.
            Assert.Equal(1, small.DateLocks);
            Assert.Equal(1, large.DateLocks);
            // EF Core sends the inserts as multi-statement batches; SQLite, in process, takes them one by one.
            Assert.True(large.Total <= 7, $"{large.Total} round trips for a batch of 64 new children");
            Assert.True(matching.Total <= 12, $"{matching.Total} round trips for a batch of 64 matching existing children");
        }
    }

    [Fact]
    public async Task ConcurrentStreams_RegisteringTheSameIdentifiers_CreateExactlyOneChildEach()
    {
        var first = Enumerable.Range(0, 200).Select(_ => TestRequests.Registration()).ToList();
        first.ForEach(r => r.Identifiers.Upn = TestRequests.NewUpn());
        var second = first.Select(r =>
        {
            var copy = r.Clone();
            copy.RequestId = TestRequests.NewRequestId();
            return copy;
        }).ToList();

        var answers = await Task.WhenAll(Task.Run(() => RegisterStreamAsync(first)), Task.Run(() => RegisterStreamAsync(second)));

        Assert.All(answers.SelectMany(a => a), r => Assert.Equal(RegisterChildrenResult.ResultOneofCase.Registered, r.ResultCase));
        Assert.Equal(answers[0].Select(r => r.Registered.ChildId), answers[1].Select(r => r.Registered.ChildId));
        Assert.Equal(200, answers[0].Concat(answers[1]).Count(r => r.Registered.Outcome == RegistrationOutcome.Created));
        await using var db = server.CreateDbContext();
        var nhsNumbers = first.Select(r => r.Identifiers.NhsNumber).ToList();
        Assert.Equal(200, await db.Children.CountAsync(c => nhsNumbers.Contains(c.NhsNumber!)));
    }

    private async Task<StatementCounts> CountStatementsAsync(int size, bool matchExisting = false)
    {
        var requests = Enumerable.Range(0, size).Select(_ => TestRequests.Registration()).ToList();
        if (matchExisting)
        {
            await RegisterBatchAsync(requests);
            requests = requests.Select(r =>
            {
                var again = TestRequests.Registration(r.Details.Clone(), r.Identifiers.NhsNumber);
                again.Identifiers.Upn = TestRequests.NewUpn();
                return again;
            }).ToList();
        }

        var statements = new StatementCounter();
        var results = await RegisterBatchAsync(requests, statements);
        Assert.All(results, r => Assert.NotNull(r.Response));
        output.WriteLine(string.Join("\n", statements.Texts.Select(t => t.Length > 160 ? t[..160] : t)));
        return new StatementCounts(statements.Reads, statements.Texts.Count(t => !IsWrite(t)), statements.Texts.Count(t => t.Contains("SAVEPOINT", StringComparison.OrdinalIgnoreCase)), statements.Total, statements.DateLocks);
    }

    /// <summary>The duplicate check's lock on the batch's dates of birth (PostgreSQL): one statement, not a read.</summary>
    private static bool IsDateLock(string statement) => statement.Contains("pg_advisory_xact_lock", StringComparison.Ordinal);

    private static bool IsWrite(string statement) =>
        statement.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || statement.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase);

    private sealed record StatementCounts(int Reads, int NotWrites, int Savepoints, int Total, int DateLocks);

    private async Task<IReadOnlyList<RegistrationResult>> RegisterBatchAsync(IReadOnlyList<RegisterChildRequest> requests, StatementCounter? statements = null)
    {
        var options = new DbContextOptionsBuilder<ChildIndexDbContext>();
        new DatabaseSettings(server.Database == TestDatabase.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql, server.ConnectionString).Apply(options);
        if (statements is not null)
        {
            options.AddInterceptors(statements);
        }

        await using var db = new ChildIndexDbContext(options.Options);
        using var scope = server.Services.CreateScope();
        // Outside a call CallAudit has no record to append: these count the registration's own statements.
        var registrar = new ChildRegistrar(db, scope.ServiceProvider.GetRequiredService<CallAudit>(), TimeProvider.System, scope.ServiceProvider.GetRequiredService<DuplicateCheck>(), NullLogger<ChildRegistrar>.Instance);
        return await registrar.RegisterManyAsync(requests, Agency, CancellationToken.None);
    }

    private Task<List<RegisterChildrenResult>> RegisterStreamAsync(IReadOnlyList<RegisterChildRequest> requests) =>
        SecurityData.RegisterStreamAsync(server.Registration, [.. requests]);

    /// <summary>Counts the statements a context sends through EF Core.</summary>
    private sealed class StatementCounter : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];
        public int Total => Texts.Count;
        public int Reads => Texts.Count(t => t.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && !IsDateLock(t));
        public int DateLocks => Texts.Count(IsDateLock);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Seen(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Seen(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Seen(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Seen(DbCommand command)
        {
            Texts.Add(command.CommandText);
        }
    }
}

public sealed class SqliteRegistrationPipelineTests(SqliteDirectoryServer server, ITestOutputHelper output)
    : RegistrationPipelineTests(server, output), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresRegistrationPipelineTests(PostgresDirectoryServer server, ITestOutputHelper output)
    : RegistrationPipelineTests(server, output), IClassFixture<PostgresDirectoryServer>;
