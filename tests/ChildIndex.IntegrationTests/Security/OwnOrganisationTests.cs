using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Rpc;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Security;

/// <summary>
/// The record-level rules behind `own org` in docs/permissions.md: across organisations each call
/// is PERMISSION_DENIED and changes nothing, while the same call for the caller's own organisation
/// succeeds. Agency systems and people of roles practitioner / practitioner-editor are in LS1234.
/// </summary>
public abstract class OwnOrganisationTests(DirectoryServer server)
{
    private const string Own = "LS1234";
    private const string Other = SecurityData.OtherOrganisation;

    [Fact]
    public async Task RegisterChild_ByAgencyWithAnotherOrganisationsLocalId_IsDeniedAndCreatesNothing()
    {
        var agency = await RegistrationAsAsync(Roles.AgencySystem);
        var request = SecurityData.Child(Other);

        var error = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => agency.RegisterChildAsync(request).ResponseAsync);

        SecurityData.AssertDisclosesNothingAbout(error, request, childId: null);
        Assert.Empty(await SearchByNhsAsync(request.Identifiers.NhsNumber));
        // The same request id with the organisation's own identifier is a new request: nothing of
        // the refused one was kept, not even its idempotency record.
        var own = request.Clone();
        own.Identifiers.LocalIds[0].OrganisationCode = Own;
        Assert.Equal(RegistrationOutcome.Created, (await agency.RegisterChildAsync(own)).Outcome);
    }

    [Fact]
    public async Task RegisterChild_ByAgencyWithItsOwnAndAnotherOrganisationsLocalIds_IsDeniedAndCreatesNothing()
    {
        var agency = await RegistrationAsAsync(Roles.AgencySystem);
        var request = SecurityData.Child(Own, Other);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => agency.RegisterChildAsync(request).ResponseAsync);

        Assert.Empty(await SearchByNhsAsync(request.Identifiers.NhsNumber));
    }

    [Fact]
    public async Task RegisterChild_ByAgencyMatchingAKnownChild_WithAnotherOrganisationsLocalId_IsDeniedAndAddsNothing()
    {
        var agency = await RegistrationAsAsync(Roles.AgencySystem);
        var known = SecurityData.Child(Other);
        var childId = (await server.Registration.RegisterChildAsync(known)).ChildId;
        var request = known.Clone();
        request.RequestId = TestRequests.NewRequestId();
        request.Identifiers.LocalIds[0] = SecurityData.LocalId(Other);

        var error = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => agency.RegisterChildAsync(request).ResponseAsync);

        SecurityData.AssertDisclosesNothingAbout(error, known, childId);
        Assert.Equal(known.Identifiers.LocalIds, (await GetAsAdminAsync(childId)).Identifiers.LocalIds);
    }

    [Fact]
    public async Task RegisterChildren_ByAgency_ItemWithAnotherOrganisationsLocalId_IsDeniedAlone()
    {
        var agency = await RegistrationAsAsync(Roles.AgencySystem);
        var good = SecurityData.Child(Own);
        var foreign = SecurityData.Child(Other);

        var results = await SecurityData.RegisterStreamAsync(agency, good, foreign);

        Assert.Equal(2, results.Count);
        Assert.Equal(RegistrationOutcome.Created, results[0].Registered.Outcome);
        Assert.Equal((int)Code.PermissionDenied, results[1].Error.Code);
        Assert.Single(await SearchByNhsAsync(good.Identifiers.NhsNumber));
        Assert.Empty(await SearchByNhsAsync(foreign.Identifiers.NhsNumber));
    }

    [Fact]
    public async Task UpdateChildDetails_ByAgencyWhoseOrganisationHasNoLinkToTheChild_IsDeniedAndChangesNothing()
    {
        var agency = await RegistrationAsAsync(Roles.AgencySystem);
        // Known to another organisation by identifier and by involvement; not to the agency's.
        var child = SecurityData.Child(Other);
        var registered = await server.Registration.RegisterChildAsync(child);
        await server.Registration.RecordInvolvementAsync(SecurityData.Record(registered.ChildId, Other));
        var update = new UpdateChildDetailsRequest { ChildId = registered.ChildId, ExpectedVersion = registered.Version, Details = TestRequests.Details() };

        var error = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => agency.UpdateChildDetailsAsync(update).ResponseAsync);

        SecurityData.AssertDisclosesNothingAbout(error, child, childId: null);
        var record = await GetAsAdminAsync(registered.ChildId);
        Assert.Equal(registered.Version, record.Version);
        Assert.Equal(child.Details.Name.FamilyName, record.Details.Name.FamilyName);

        // Once its organisation is involved with the child, the same update goes through.
        await server.Registration.RecordInvolvementAsync(SecurityData.Record(registered.ChildId, Own));
        Assert.Equal(registered.Version + 1, (await agency.UpdateChildDetailsAsync(update)).Version);
    }

    [Fact]
    public async Task UpdateChildDetails_ByAgencyHoldingALocalIdForTheChild_Succeeds()
    {
        var agency = await RegistrationAsAsync(Roles.AgencySystem);
        var registered = await server.Registration.RegisterChildAsync(SecurityData.Child(Own));
        var details = TestRequests.Details();

        var updated = await agency.UpdateChildDetailsAsync(new UpdateChildDetailsRequest { ChildId = registered.ChildId, ExpectedVersion = registered.Version, Details = details });

        Assert.Equal(registered.Version + 1, updated.Version);
        Assert.Equal(details.Name.FamilyName, (await GetAsAdminAsync(registered.ChildId)).Details.Name.FamilyName);
    }

    [Theory]
    [InlineData(Roles.PractitionerEditor)]
    [InlineData(Roles.AgencySystem)]
    public async Task RecordInvolvement_ForAnotherOrganisation_IsDeniedAndRecordsNothing(string role)
    {
        var registration = await RegistrationAsAsync(role);
        var childId = (await server.Registration.RegisterChildAsync(SecurityData.Child())).ChildId;
        var request = SecurityData.Record(childId, Other);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => registration.RecordInvolvementAsync(request).ResponseAsync);

        Assert.Empty((await GetAsAdminAsync(childId)).Involvements);
        // The same request id for the caller's own organisation is a new request and is recorded.
        request.Involvement.Organisation.Code = Own;
        await registration.RecordInvolvementAsync(request);
        Assert.Equal(Own, Assert.Single((await GetAsAdminAsync(childId)).Involvements).Organisation.Code);
    }

    [Theory]
    [InlineData(Roles.PractitionerEditor)]
    [InlineData(Roles.AgencySystem)]
    public async Task EndInvolvement_OfAnotherOrganisationsInvolvement_IsDeniedAndEndsNothing(string role)
    {
        var registration = await RegistrationAsAsync(role);
        var childId = (await server.Registration.RegisterChildAsync(SecurityData.Child())).ChildId;
        var theirs = await server.Registration.RecordInvolvementAsync(SecurityData.Record(childId, Other));
        var ours = await server.Registration.RecordInvolvementAsync(SecurityData.Record(childId, Own));

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => registration.EndInvolvementAsync(SecurityData.End(childId, theirs.InvolvementId)).ResponseAsync);

        Assert.Null((await GetAsAdminAsync(childId)).Involvements.Single(i => i.InvolvementId == theirs.InvolvementId).EndDate);
        var ended = await registration.EndInvolvementAsync(SecurityData.End(childId, ours.InvolvementId));
        Assert.Equal(SecurityData.InvolvementEnd, ended.Involvement.EndDate);
    }

    [Fact]
    public async Task GetChild_ShowsAgencyLocalIdsOnlyToTheirIssuingOrganisation_AndAllToTheIndexTeam()
    {
        var child = SecurityData.Child(Own, "LCC", Other);
        var childId = (await server.Registration.RegisterChildAsync(child)).ChildId;
        var byOrganisation = child.Identifiers.LocalIds.ToDictionary(l => l.OrganisationCode);
        var lccPractitioner = await server.Identity.SignInAsync(await server.Identity.CreateUserAsync(Roles.Practitioner, "LCC"));
        using var lccChannel = server.ChannelWithToken(lccPractitioner.AccessToken!);

        async Task<IReadOnlyList<LocalIdentifier>> SeenBy(Grpc.Net.Client.GrpcChannel channel) =>
            [.. (await new ChildDirectory.ChildDirectoryClient(channel).GetChildAsync(new GetChildRequest { Purpose = SecurityData.Purpose(), ChildId = childId })).Identifiers.LocalIds];

        Assert.Equal([byOrganisation[Own]], await SeenBy(await server.ChannelForRoleAsync(Roles.Practitioner)));
        Assert.Equal([byOrganisation[Own]], await SeenBy(await server.ChannelForRoleAsync(Roles.PractitionerEditor)));
        Assert.Equal([byOrganisation["LCC"]], await SeenBy(lccChannel));
        Assert.Equal(
            child.Identifiers.LocalIds.OrderBy(l => l.OrganisationCode, StringComparer.Ordinal),
            (await SeenBy(server.Channel)).OrderBy(l => l.OrganisationCode, StringComparer.Ordinal));
    }

    private async Task<Registration.RegistrationClient> RegistrationAsAsync(string role) =>
        new(await server.ChannelForRoleAsync(role));

    private async Task<ChildRecord> GetAsAdminAsync(string childId) =>
        await server.Directory.GetChildAsync(new GetChildRequest { Purpose = SecurityData.Purpose(), ChildId = childId });

    private async Task<IReadOnlyList<ChildSummary>> SearchByNhsAsync(string nhsNumber) =>
        (await server.Directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = SecurityData.Purpose(), NhsNumber = nhsNumber })).Children;
}

public sealed class SqliteOwnOrganisationTests(SqliteDirectoryServer server) : OwnOrganisationTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresOwnOrganisationTests(PostgresDirectoryServer server) : OwnOrganisationTests(server), IClassFixture<PostgresDirectoryServer>;
