using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Shielding;

/// <summary>
/// Sensitive services (reg 11(3), 6(3)(a)): recorded only with a legal basis; everyone but the
/// index team sees only that one is involved, with its dates, and contacts the index team.
/// </summary>
public abstract class SensitiveServiceTests(DirectoryServer server)
{
    private const string ClinicOrganisation = "LS1234";
    private readonly ShieldingKit _kit = new(server);

    [Theory]
    [InlineData(ServiceType.SexualHealth)]
    [InlineData(ServiceType.MentalHealth)]
    [InlineData(ServiceType.SubstanceMisuse)]
    public async Task RecordInvolvement_SensitiveWithoutLegalBasis_IsInvalid(ServiceType service)
    {
        var child = await _kit.RegisterAsync();

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () =>
            server.Registration.RecordInvolvementAsync(Request(child.ChildId, Sensitive(service, LegalBasis.Unspecified))).ResponseAsync);

        Assert.Equal(["involvement.legal_basis"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task RecordInvolvement_LegalBasisOnAnOrdinaryService_IsInvalid()
    {
        var child = await _kit.RegisterAsync();
        var involvement = TestRequests.Involvement(ServiceType.Camhs);
        involvement.LegalBasis = LegalBasis.Consent;

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () =>
            server.Registration.RecordInvolvementAsync(Request(child.ChildId, involvement)).ResponseAsync);

        Assert.Equal(["involvement.legal_basis"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task RecordInvolvement_SensitiveUndisclosed_IsOutputOnly()
    {
        var child = await _kit.RegisterAsync();

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () =>
            server.Registration.RecordInvolvementAsync(Request(child.ChildId, Sensitive(ServiceType.SensitiveUndisclosed, LegalBasis.Consent))).ResponseAsync);

        Assert.Contains("involvement.service_type", RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task GetChild_ByPractitioner_ShowsOnlyThatASensitiveServiceIsInvolved()
    {
        var child = await _kit.RegisterAsync();
        var involvement = Sensitive(ServiceType.MentalHealth, LegalBasis.SignificantHarmSuspected);
        involvement.LeadProfessional = true;
        involvement.CafCompleted = true;
        var recorded = await server.Registration.RecordInvolvementAsync(Request(child.ChildId, involvement));

        var record = await _kit.GetAsync(Roles.Practitioner, child.ChildId);

        var shown = Assert.Single(record.Involvements, i => i.InvolvementId == recorded.InvolvementId);
        var stored = Assert.Single((await ShieldingKit.GetAsync(server.Channel, child.ChildId)).Involvements, i => i.InvolvementId == recorded.InvolvementId);
        Assert.Equal(
            new Involvement
            {
                InvolvementId = recorded.InvolvementId,
                ServiceType = ServiceType.SensitiveUndisclosed,
                StartDate = involvement.StartDate,
                LeadProfessional = true,
                RecordedAt = stored.RecordedAt,
                ContactViaIndexTeam = true,
            },
            shown);
        Assert.Equal(ShieldingKit.DefaultIndexTeam, record.IndexTeamContact);
        ShieldingKit.AssertHides(record, ["Riverside Clinic", "Dr Ama Owusu", "0113 496 0777", "clinic@riverside.example.nhs.uk", "SIGNIFICANT_HARM", "MENTAL_HEALTH"]);
        // The ordinary involvement is shown as it is.
        Assert.Equal("Jo Bloggs", Assert.Single(record.Involvements, i => i.InvolvementId == child.InvolvementId).PractitionerName);
    }

    [Fact]
    public async Task GetChild_ByIndexAdmin_ShowsTheSensitiveServiceWithItsLegalBasis()
    {
        var child = await _kit.RegisterAsync();
        var involvement = Sensitive(ServiceType.SexualHealth, LegalBasis.Consent);
        var recorded = await server.Registration.RecordInvolvementAsync(Request(child.ChildId, involvement));

        var record = await ShieldingKit.GetAsync(server.Channel, child.ChildId);

        var shown = Assert.Single(record.Involvements, i => i.InvolvementId == recorded.InvolvementId);
        Assert.Equal(ServiceType.SexualHealth, shown.ServiceType);
        Assert.Equal(LegalBasis.Consent, shown.LegalBasis);
        Assert.Equal("Dr Ama Owusu", shown.PractitionerName);
        Assert.Equal("0113 496 0777", shown.Phone);
        Assert.False(shown.ContactViaIndexTeam);
    }

    [Fact]
    public async Task GetChild_WithoutSensitiveServices_CarriesNoIndexTeamContact()
    {
        var child = await _kit.RegisterAsync();

        var record = await _kit.GetAsync(Roles.Practitioner, child.ChildId);

        Assert.Null(record.IndexTeamContact);
        Assert.False(record.Shielded);
    }

    [Theory]
    [InlineData(Roles.AgencySystem)]
    [InlineData(Roles.PractitionerEditor)]
    public async Task RecordAndEndInvolvement_OwnSensitiveService_Work(string role)
    {
        var child = await _kit.RegisterAsync();
        var registration = new Registration.RegistrationClient(await server.ChannelForRoleAsync(role));

        var recorded = await registration.RecordInvolvementAsync(Request(child.ChildId, Sensitive(ServiceType.SubstanceMisuse, LegalBasis.Consent)));
        var ended = await registration.EndInvolvementAsync(SecurityData.End(child.ChildId, recorded.InvolvementId));

        Assert.Equal(SecurityData.InvolvementEnd, ended.Involvement.EndDate);
        Assert.Equal(ServiceType.SubstanceMisuse, ended.Involvement.ServiceType);
        var shown = Assert.Single((await _kit.GetAsync(Roles.Practitioner, child.ChildId)).Involvements, i => i.InvolvementId == recorded.InvolvementId);
        Assert.Equal(ServiceType.SensitiveUndisclosed, shown.ServiceType);
        Assert.Equal(SecurityData.InvolvementEnd, shown.EndDate);
    }

    private static RecordInvolvementRequest Request(string childId, Involvement involvement) =>
        new() { ChildId = childId, RequestId = TestRequests.NewRequestId(), Involvement = involvement };

    private static Involvement Sensitive(ServiceType service, LegalBasis basis) => new()
    {
        ServiceType = service,
        LegalBasis = basis,
        Organisation = new Organisation { Code = ClinicOrganisation, Name = "Riverside Clinic" },
        PractitionerName = "Dr Ama Owusu",
        Role = "Consultant",
        Phone = "0113 496 0777",
        Email = "clinic@riverside.example.nhs.uk",
        StartDate = TestRequests.Date(2024, 1, 8),
    };
}

public sealed class SqliteSensitiveServiceTests(SqliteDirectoryServer server) : SensitiveServiceTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresSensitiveServiceTests(PostgresDirectoryServer server) : SensitiveServiceTests(server), IClassFixture<PostgresDirectoryServer>;
