using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Records;

public abstract class UpdateTests(DirectoryServer server)
{
    [Fact]
    public async Task UpdateChildDetails_WithCurrentVersion_ReplacesDetailsAndSearchesFollow()
    {
        var registered = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        var newFamily = TestRequests.NewFamilyName();
        var details = TestRequests.Details(newFamily, postcode: "M1 1AE");
        details.Carers.Clear();

        var updated = await server.Registration.UpdateChildDetailsAsync(new UpdateChildDetailsRequest
        {
            ChildId = registered.ChildId,
            ExpectedVersion = registered.Version,
            Details = details,
        });
        var record = await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = registered.ChildId });
        var found = await server.Directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose(), Name = new NameSearch { FamilyName = newFamily, Postcode = "M1 1AE" } });

        Assert.Equal(registered.Version + 1, updated.Version);
        Assert.Equal(updated.Version, record.Version);
        Assert.Equal(newFamily, record.Details.Name.FamilyName);
        Assert.Empty(record.Details.Carers);
        Assert.Equal(registered.ChildId, Assert.Single(found.Children).ChildId);
    }

    [Fact]
    public async Task UpdateChildDetails_WithStaleVersion_IsAbortedAndChangesNothing()
    {
        var request = TestRequests.Registration();
        var registered = await server.Registration.RegisterChildAsync(request);
        await server.Registration.UpdateChildDetailsAsync(new UpdateChildDetailsRequest
        {
            ChildId = registered.ChildId,
            ExpectedVersion = 1,
            Details = request.Details,
        });

        await RpcAssert.FailsWith(StatusCode.Aborted, () => server.Registration.UpdateChildDetailsAsync(new UpdateChildDetailsRequest
        {
            ChildId = registered.ChildId,
            ExpectedVersion = 1,
            Details = TestRequests.Details("Overwritten"),
        }).ResponseAsync);
        var record = await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = registered.ChildId });

        Assert.Equal(request.Details.Name.FamilyName, record.Details.Name.FamilyName);
        Assert.Equal(2, record.Version);
    }

    [Fact]
    public async Task UpdateChildDetails_RacingFromTheSameVersion_OnlyOneWins()
    {
        var registered = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        var updates = Enumerable.Range(0, 4).Select(_ => Outcome(server.Registration.UpdateChildDetailsAsync(new UpdateChildDetailsRequest
        {
            ChildId = registered.ChildId,
            ExpectedVersion = 1,
            Details = TestRequests.Details(),
        }).ResponseAsync));

        var outcomes = await Task.WhenAll(updates);

        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Equal(StatusCode.Aborted, o));
    }

    [Fact]
    public async Task UpdateChildDetails_WithInvalidDetails_ReportsFieldsAndChangesNothing()
    {
        var request = TestRequests.Registration();
        var registered = await server.Registration.RegisterChildAsync(request);
        var details = TestRequests.Details();
        details.Name.FamilyName = "";

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => server.Registration.UpdateChildDetailsAsync(new UpdateChildDetailsRequest
        {
            ChildId = registered.ChildId,
            ExpectedVersion = 0,
            Details = details,
        }).ResponseAsync);

        Assert.Equal(["expected_version", "details.name.family_name"], RpcAssert.ViolatedFields(error));
        var record = await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = registered.ChildId });
        Assert.Equal(request.Details.Name.FamilyName, record.Details.Name.FamilyName);
    }

    [Fact]
    public async Task UpdateChildDetails_OfUnknownChild_IsNotFound() =>
        await RpcAssert.FailsWith(StatusCode.NotFound, () => server.Registration.UpdateChildDetailsAsync(new UpdateChildDetailsRequest
        {
            ChildId = Core.Identifiers.ChildId.New(),
            ExpectedVersion = 1,
            Details = TestRequests.Details(),
        }).ResponseAsync);

    private static async Task<StatusCode> Outcome(Task call)
    {
        try
        {
            await call;
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }
}

public sealed class SqliteUpdateTests(SqliteDirectoryServer server) : UpdateTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresUpdateTests(PostgresDirectoryServer server) : UpdateTests(server), IClassFixture<PostgresDirectoryServer>;
