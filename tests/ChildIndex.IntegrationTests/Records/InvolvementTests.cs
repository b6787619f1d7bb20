using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Records;

public abstract class InvolvementTests(DirectoryServer server)
{
    [Fact]
    public async Task RecordInvolvement_AppearsInTheChildsRecordWithContactDetails()
    {
        var child = await NewChild();

        var recorded = await Record(child, TestRequests.Involvement(ServiceType.SocialCare, lead: true));
        var record = await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child });

        var involvement = Assert.Single(record.Involvements);
        Assert.Equal(recorded.InvolvementId, involvement.InvolvementId);
        Assert.Equal(ServiceType.SocialCare, involvement.ServiceType);
        Assert.Equal("0113 496 0000", involvement.Phone);
        Assert.True(involvement.LeadProfessional);
        Assert.Null(involvement.EndDate);
    }

    [Fact]
    public async Task RecordInvolvement_RetriedWithSameRequestId_RecordsItOnce()
    {
        var child = await NewChild();
        var request = new RecordInvolvementRequest { ChildId = child, RequestId = TestRequests.NewRequestId(), Involvement = TestRequests.Involvement() };

        var first = await server.Registration.RecordInvolvementAsync(request);
        var retry = await server.Registration.RecordInvolvementAsync(request);
        var record = await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child });

        Assert.Equal(first.InvolvementId, retry.InvolvementId);
        Assert.Single(record.Involvements);
    }

    [Fact]
    public async Task RecordInvolvement_ReusingARequestIdForAnotherInvolvement_IsRefused()
    {
        var child = await NewChild();
        var requestId = TestRequests.NewRequestId();
        await server.Registration.RecordInvolvementAsync(new RecordInvolvementRequest { ChildId = child, RequestId = requestId, Involvement = TestRequests.Involvement() });

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => server.Registration.RecordInvolvementAsync(
            new RecordInvolvementRequest { ChildId = child, RequestId = requestId, Involvement = TestRequests.Involvement(ServiceType.GpPractice) }).ResponseAsync);

        Assert.Equal(["request_id"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task RecordInvolvement_SecondCurrentLeadProfessional_FailsPrecondition()
    {
        var child = await NewChild();
        await Record(child, TestRequests.Involvement(ServiceType.SocialCare, lead: true));

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Record(child, TestRequests.Involvement(ServiceType.EarlyHelp, lead: true)));
    }

    [Fact]
    public async Task RecordInvolvement_StartingBeforeBirth_IsRefused()
    {
        var child = await NewChild();
        var involvement = TestRequests.Involvement();
        involvement.StartDate = TestRequests.Date(2015, 1, 1);

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => Record(child, involvement));

        Assert.Equal(["involvement.start_date"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task RecordInvolvement_ForUnknownChild_IsNotFound() =>
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Record(Core.Identifiers.ChildId.New(), TestRequests.Involvement()));

    [Fact]
    public async Task EndInvolvement_SetsEndDate_AndRepeatingItChangesNothing()
    {
        var child = await NewChild();
        var recorded = await Record(child, TestRequests.Involvement(lead: true));
        var end = new EndInvolvementRequest { ChildId = child, InvolvementId = recorded.InvolvementId, EndDate = TestRequests.Date(2024, 7, 19) };

        var ended = await server.Registration.EndInvolvementAsync(end);
        var again = await server.Registration.EndInvolvementAsync(end);

        Assert.Equal(end.EndDate, ended.Involvement.EndDate);
        Assert.Equal(ended.Involvement, again.Involvement);
        // An ended lead professional no longer blocks a new one.
        await Record(child, TestRequests.Involvement(ServiceType.EarlyHelp, lead: true));
    }

    [Fact]
    public async Task EndInvolvement_AlreadyEndedOnAnotherDate_FailsPrecondition()
    {
        var child = await NewChild();
        var recorded = await Record(child, TestRequests.Involvement());
        await server.Registration.EndInvolvementAsync(new EndInvolvementRequest { ChildId = child, InvolvementId = recorded.InvolvementId, EndDate = TestRequests.Date(2024, 7, 19) });

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => server.Registration.EndInvolvementAsync(
            new EndInvolvementRequest { ChildId = child, InvolvementId = recorded.InvolvementId, EndDate = TestRequests.Date(2024, 7, 20) }).ResponseAsync);
    }

    [Fact]
    public async Task EndInvolvement_OfAnotherChildsInvolvement_IsNotFound()
    {
        var child = await NewChild();
        var otherChild = await NewChild();
        var recorded = await Record(child, TestRequests.Involvement());

        await RpcAssert.FailsWith(StatusCode.NotFound, () => server.Registration.EndInvolvementAsync(
            new EndInvolvementRequest { ChildId = otherChild, InvolvementId = recorded.InvolvementId, EndDate = TestRequests.Date(2024, 7, 19) }).ResponseAsync);
    }

    [Fact]
    public async Task EndInvolvement_BeforeItStarted_IsRefused()
    {
        var child = await NewChild();
        var recorded = await Record(child, TestRequests.Involvement());

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => server.Registration.EndInvolvementAsync(
            new EndInvolvementRequest { ChildId = child, InvolvementId = recorded.InvolvementId, EndDate = TestRequests.Date(2021, 8, 31) }).ResponseAsync);

        Assert.Equal(["end_date"], RpcAssert.ViolatedFields(error));
    }

    private async Task<string> NewChild() => (await server.Registration.RegisterChildAsync(TestRequests.Registration())).ChildId;

    private async Task<RecordInvolvementResponse> Record(string childId, Involvement involvement) =>
        await server.Registration.RecordInvolvementAsync(new RecordInvolvementRequest
        {
            ChildId = childId,
            RequestId = TestRequests.NewRequestId(),
            Involvement = involvement,
        });
}

public sealed class SqliteInvolvementTests(SqliteDirectoryServer server) : InvolvementTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresInvolvementTests(PostgresDirectoryServer server) : InvolvementTests(server), IClassFixture<PostgresDirectoryServer>;
