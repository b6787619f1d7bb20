using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Security;

/// <summary>
/// An agency system may not use RegisterChild to learn whether an NHS number (or UPN) is in the
/// index: a registration whose number names a child its other details disagree with is answered
/// exactly as one whose number the index has never seen, and the agency's registrations of a child
/// find each other again by its own identifier.
/// </summary>
public abstract class AgencyExistenceTests(DirectoryServer server)
{
    private const string Own = "LS1234";
    private static readonly Google.Type.Date OtherBirthDate = TestRequests.Date(2015, 1, 1);

    [Fact]
    public async Task RegisterChild_ByAgency_AnswersAlikeWhetherOrNotTheNhsNumberIsInTheIndex()
    {
        var agency = new Registration.RegistrationClient(await server.ChannelForRoleAsync(Roles.AgencySystem));
        var known = SecurityData.Child();
        var knownId = (await server.Registration.RegisterChildAsync(known)).ChildId;
        var probe = Probe(known.Identifiers.NhsNumber);
        var control = Probe(TestRequests.NewNhsNumber());

        var probed = await agency.RegisterChildAsync(probe);
        var controlled = await agency.RegisterChildAsync(control);
        var probedAgain = await agency.RegisterChildAsync(Again(probe));
        var controlledAgain = await agency.RegisterChildAsync(Again(control));

        Assert.Equal(Shape(controlled), Shape(probed));
        Assert.Equal(Shape(controlledAgain), Shape(probedAgain));
        Assert.Equal(RegistrationOutcome.Created, probed.Outcome);
        Assert.Equal(probed.ChildId, probedAgain.ChildId);
        Assert.Equal(controlled.ChildId, controlledAgain.ChildId);
        Assert.NotEqual(knownId, probed.ChildId);
        // The known child is untouched, and the agency's record does not take its number.
        var knownRecord = await GetAsAdminAsync(knownId);
        Assert.Equal(known.Details.DateOfBirth, knownRecord.Details.DateOfBirth);
        Assert.Empty(knownRecord.Identifiers.LocalIds);
        Assert.Equal("", (await GetAsAdminAsync(probed.ChildId)).Identifiers.NhsNumber);
        Assert.Equal(control.Identifiers.NhsNumber, (await GetAsAdminAsync(controlled.ChildId)).Identifiers.NhsNumber);
    }

    [Fact]
    public async Task RegisterChildren_ByAgency_AnswersAlikeWhetherOrNotTheUpnIsInTheIndex()
    {
        var agency = new Registration.RegistrationClient(await server.ChannelForRoleAsync(Roles.AgencySystem));
        var known = SecurityData.Child();
        await server.Registration.RegisterChildAsync(known);
        var probe = Probe(TestRequests.NewNhsNumber());
        probe.Identifiers.Upn = known.Identifiers.Upn;
        var control = Probe(TestRequests.NewNhsNumber());
        control.Identifiers.Upn = TestRequests.NewUpn();

        var results = await SecurityData.RegisterStreamAsync(agency, probe, control);

        Assert.Equal(2, results.Count);
        Assert.Equal(Shape(results[1].Registered), Shape(results[0].Registered));
        Assert.Equal(RegistrationOutcome.Created, results[0].Registered.Outcome);
    }

    [Fact]
    public async Task RegisterChild_ByAgencyWithoutAnIdentifierOfItsOwn_IsInvalid()
    {
        var agency = new Registration.RegistrationClient(await server.ChannelForRoleAsync(Roles.AgencySystem));
        var request = SecurityData.Child();

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => agency.RegisterChildAsync(request).ResponseAsync);

        Assert.Equal(["identifiers.local_ids"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task RegisterChild_ByTheIndexTeam_WithAKnownNhsNumberAndAnotherBirthDate_StillFailsPrecondition()
    {
        var known = SecurityData.Child();
        await server.Registration.RegisterChildAsync(known);

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => server.Registration.RegisterChildAsync(Probe(known.Identifiers.NhsNumber)).ResponseAsync);
    }

    /// <summary>What an agency can compare between two answers: everything but the random id.</summary>
    private static (RegistrationOutcome Outcome, long Version, int IdLength) Shape(RegisterChildResponse response) =>
        (response.Outcome, response.Version, response.ChildId.Length);

    private static RegisterChildRequest Probe(string nhsNumber)
    {
        var request = SecurityData.Child(Own);
        request.Identifiers.NhsNumber = nhsNumber;
        request.Identifiers.Upn = "";
        request.Details.DateOfBirth = OtherBirthDate;
        return request;
    }

    private static RegisterChildRequest Again(RegisterChildRequest request)
    {
        var again = request.Clone();
        again.RequestId = TestRequests.NewRequestId();
        return again;
    }

    private async Task<ChildRecord> GetAsAdminAsync(string childId) =>
        await server.Directory.GetChildAsync(new GetChildRequest { Purpose = SecurityData.Purpose(), ChildId = childId });
}

public sealed class SqliteAgencyExistenceTests(SqliteDirectoryServer server) : AgencyExistenceTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresAgencyExistenceTests(PostgresDirectoryServer server) : AgencyExistenceTests(server), IClassFixture<PostgresDirectoryServer>;
