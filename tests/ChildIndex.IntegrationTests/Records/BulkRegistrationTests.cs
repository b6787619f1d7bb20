using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using Google.Rpc;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Records;

public abstract class BulkRegistrationTests(DirectoryServer server)
{
    [Fact]
    public async Task RegisterChildren_WithOneBadItem_RegistersTheOthersAndReportsItsFields()
    {
        var good1 = TestRequests.Registration();
        var bad = TestRequests.Registration(nhsNumber: "9434765918");
        var good2 = TestRequests.Registration();

        var results = await RegisterAll([good1, bad, good2]);

        Assert.Equal([0L, 1L, 2L], results.Select(r => r.Sequence));
        Assert.Equal([good1.RequestId, bad.RequestId, good2.RequestId], results.Select(r => r.RequestId));
        Assert.Equal(RegistrationOutcome.Created, results[0].Registered.Outcome);
        Assert.Equal(RegistrationOutcome.Created, results[2].Registered.Outcome);
        Assert.Equal((int)Code.InvalidArgument, results[1].Error.Code);
        var violation = Assert.Single(results[1].Error.Details.Single().Unpack<BadRequest>().FieldViolations);
        Assert.Equal("identifiers.nhs_number", violation.Field);
        foreach (var good in new[] { results[0], results[2] })
        {
            await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = good.Registered.ChildId });
        }
    }

    [Fact]
    public async Task RegisterChildren_SameNhsNumberTwiceInOneStream_SecondMatchesFirst()
    {
        var first = TestRequests.Registration();
        var second = TestRequests.Registration(first.Details.Clone(), first.Identifiers.NhsNumber);

        var results = await RegisterAll([first, second]);

        Assert.Equal(RegistrationOutcome.MatchedExisting, results[1].Registered.Outcome);
        Assert.Equal(results[0].Registered.ChildId, results[1].Registered.ChildId);
    }

    [Fact]
    public async Task RegisterChildren_ResentAfterALostStream_CreatesNoDuplicates()
    {
        var requests = Enumerable.Range(0, 50).Select(_ => TestRequests.Registration()).ToList();
        foreach (var r in requests)
        {
            r.Identifiers = new ChildIdentifiers();
        }

        var first = await RegisterAll(requests);
        var resent = await RegisterAll(requests);

        Assert.Equal(first.Select(r => r.Registered.ChildId), resent.Select(r => r.Registered.ChildId));
    }

    [Fact]
    public async Task RegisterChildren_ManyItems_AreAllCommittedAndAnsweredInOrder()
    {
        var family = TestRequests.NewFamilyName();
        var requests = Enumerable.Range(0, 500).Select(i => TestRequests.Registration(TestRequests.Details(family, TestRequests.Date(2010 + (i % 15), 1 + (i % 12), 1 + (i % 28))))).ToList();

        var results = await RegisterAll(requests);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), results.Select(r => r.Sequence));
        Assert.All(results, r => Assert.Equal(RegistrationOutcome.Created, r.Registered.Outcome));
        Assert.Equal(500, results.Select(r => r.Registered.ChildId).Distinct().Count());
        await using var db = server.CreateDbContext();
        Assert.Equal(500, db.Children.Count(c => c.FamilyName == family));
    }

    [Fact]
    public async Task RegisterChildren_WithAnOversizedItem_EndsTheStreamWithResourceExhausted()
    {
        var huge = TestRequests.Registration();
        huge.Details.Name.GivenNames = new string('a', 100_000);
        using var call = server.Registration.RegisterChildren();

        try
        {
            await call.RequestStream.WriteAsync(TestRequests.Registration());
            await call.RequestStream.WriteAsync(huge);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may end the call while the client is still writing; its status is read below.
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var result in call.ResponseStream.ReadAllAsync())
            {
                Assert.NotNull(result.Registered);
            }
        });
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    private Task<List<RegisterChildrenResult>> RegisterAll(IReadOnlyList<RegisterChildRequest> requests) =>
        SecurityData.RegisterStreamAsync(server.Registration, [.. requests]);
}

public sealed class SqliteBulkRegistrationTests(SqliteDirectoryServer server) : BulkRegistrationTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresBulkRegistrationTests(PostgresDirectoryServer server) : BulkRegistrationTests(server), IClassFixture<PostgresDirectoryServer>;
