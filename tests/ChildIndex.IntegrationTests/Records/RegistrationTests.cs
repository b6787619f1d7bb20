using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Records;

public abstract class RegistrationTests(DirectoryServer server)
{
    [Fact]
    public async Task RegisterChild_WithNewChild_CreatesRecordThatGetChildReturns()
    {
        var request = TestRequests.Registration();

        var registered = await server.Registration.RegisterChildAsync(request);
        var record = await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = registered.ChildId });

        Assert.Equal(RegistrationOutcome.Created, registered.Outcome);
        Assert.Equal(1, registered.Version);
        Assert.Equal(registered.ChildId, record.ChildId);
        Assert.Equal(request.Details.Name.FamilyName, record.Details.Name.FamilyName);
        Assert.Equal(request.Identifiers.NhsNumber, record.Identifiers.NhsNumber);
        Assert.Equal("LS6 2AB", record.Details.Address.Postcode);
        Assert.Single(record.Details.Carers);
    }

    [Fact]
    public async Task RegisterChild_RetriedWithSameRequestId_ReturnsFirstAnswerWithoutSecondChild()
    {
        var request = TestRequests.Registration();
        request.Identifiers = new ChildIdentifiers();

        var first = await server.Registration.RegisterChildAsync(request);
        var retry = await server.Registration.RegisterChildAsync(request);
        var found = await server.Directory.SearchChildrenAsync(new SearchChildrenRequest
        {
            Purpose = TestRequests.Purpose(),
            Name = new NameSearch { FamilyName = request.Details.Name.FamilyName, DateOfBirth = request.Details.DateOfBirth },
        });

        Assert.Equal(first.ChildId, retry.ChildId);
        Assert.Equal(RegistrationOutcome.Created, retry.Outcome);
        Assert.Single(found.Children);
    }

    [Fact]
    public async Task RegisterChild_WithKnownNhsNumber_ReturnsExistingChild()
    {
        var first = TestRequests.Registration();
        var second = TestRequests.Registration(first.Details.Clone(), first.Identifiers.NhsNumber);

        var created = await server.Registration.RegisterChildAsync(first);
        var matched = await server.Registration.RegisterChildAsync(second);

        Assert.Equal(RegistrationOutcome.MatchedExisting, matched.Outcome);
        Assert.Equal(created.ChildId, matched.ChildId);
    }

    [Fact]
    public async Task RegisterChild_MatchingExisting_AddsTheAgencysLocalIdentifier()
    {
        var first = TestRequests.Registration();
        var created = await server.Registration.RegisterChildAsync(first);
        var second = TestRequests.Registration(first.Details.Clone(), first.Identifiers.NhsNumber);
        second.Identifiers.LocalIds.Add(new LocalIdentifier { OrganisationCode = "LS123", Value = Guid.NewGuid().ToString("N")[..12] });

        var matched = await server.Registration.RegisterChildAsync(second);
        var record = await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = created.ChildId });

        Assert.Equal(created.ChildId, matched.ChildId);
        Assert.Equal(second.Identifiers.LocalIds[0], Assert.Single(record.Identifiers.LocalIds));
    }

    [Fact]
    public async Task RegisterChild_WithIdentifiersOfTwoDifferentChildren_FailsPreconditionAndCreatesNothing()
    {
        var a = TestRequests.Registration();
        var b = TestRequests.Registration();
        b.Identifiers.Upn = TestRequests.NewUpn();
        await server.Registration.RegisterChildAsync(a);
        await server.Registration.RegisterChildAsync(b);
        var mixed = TestRequests.Registration(a.Details.Clone(), a.Identifiers.NhsNumber);
        mixed.Identifiers.Upn = b.Identifiers.Upn;

        var error = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => server.Registration.RegisterChildAsync(mixed).ResponseAsync);

        Assert.DoesNotContain(a.Details.Name.FamilyName, error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(b.Details.Name.FamilyName, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterChild_KnownNhsNumberWithAnotherDateOfBirth_FailsPrecondition()
    {
        var first = TestRequests.Registration();
        await server.Registration.RegisterChildAsync(first);
        var wrongBirthday = TestRequests.Registration(TestRequests.Details(first.Details.Name.FamilyName, TestRequests.Date(2016, 3, 15)), first.Identifiers.NhsNumber);

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => server.Registration.RegisterChildAsync(wrongBirthday).ResponseAsync);
    }

    [Fact]
    public async Task RegisterChild_ReusingRequestIdForAnotherChild_IsRefused()
    {
        var first = TestRequests.Registration();
        await server.Registration.RegisterChildAsync(first);
        var other = TestRequests.Registration();
        other.RequestId = first.RequestId;

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => server.Registration.RegisterChildAsync(other).ResponseAsync);

        Assert.Equal(["request_id"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task RegisterChild_SameRequestSentConcurrently_CreatesOneChild()
    {
        var request = TestRequests.Registration();
        request.Identifiers = new ChildIdentifiers();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => server.Registration.RegisterChildAsync(request).ResponseAsync));

        Assert.Single(responses.Select(r => r.ChildId).Distinct());
    }

    [Fact]
    public async Task RegisterChild_SameNhsNumberConcurrentlyWithDifferentRequestIds_CreatesOneChild()
    {
        var nhs = TestRequests.NewNhsNumber();
        var details = TestRequests.Details();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            server.Registration.RegisterChildAsync(TestRequests.Registration(details.Clone(), nhs)).ResponseAsync));

        Assert.Single(responses.Select(r => r.ChildId).Distinct());
        Assert.Equal(1, responses.Count(r => r.Outcome == RegistrationOutcome.Created));
    }

    [Fact]
    public async Task RegisterChild_WithoutDetailsOrRequestId_IsRefused()
    {
        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => server.Registration.RegisterChildAsync(new RegisterChildRequest()).ResponseAsync);

        Assert.Equal(["request_id", "details"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task RegisterChild_WithBadFields_ReportsEveryViolationAtOnce()
    {
        var request = TestRequests.Registration(nhsNumber: "1234567890");
        request.Details.Name.FamilyName = "Smith; notes: seen at A&E";
        request.Details.DateOfBirth = TestRequests.Date(2099, 1, 1);
        request.Details.Address.Postcode = "NOT A POSTCODE";
        request.Details.Carers[0].Email = "not-an-email";

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => server.Registration.RegisterChildAsync(request).ResponseAsync);

        Assert.Equal(
            ["details.name.family_name", "details.date_of_birth", "details.address.postcode", "details.carers[0].email", "identifiers.nhs_number"],
            RpcAssert.ViolatedFields(error));
    }
}

public sealed class SqliteRegistrationTests(SqliteDirectoryServer server) : RegistrationTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresRegistrationTests(PostgresDirectoryServer server) : RegistrationTests(server), IClassFixture<PostgresDirectoryServer>;
