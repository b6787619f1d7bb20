using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChildIndex.IntegrationTests.Shielding;

/// <summary>A child registered with everything a record may hold, as the shielding tests need it.</summary>
public sealed record FullChild(RegisterChildRequest Request, string ChildId, string InvolvementId);

/// <summary>Children, calls and checks shared by the shielding, sensitive-service and break-glass tests.</summary>
public sealed class ShieldingKit(DirectoryServer server)
{
    /// <summary>The demo index team the server reports when INDEX_TEAM_* are not configured.</summary>
    public static readonly IndexTeamContact DefaultIndexTeam = new()
    {
        Name = "Leeds City Council Index Team",
        Phone = "0113 496 0999",
        Email = "index.team@leeds.example.gov.uk",
    };

    public IndexManagement.IndexManagementClient Admin => new(server.Channel);

    public static IndexManagement.IndexManagementClient Management(GrpcChannel channel) => new(channel);

    /// <summary>A child with another name, a carer with address and contact details, local
    /// identifiers of the test principals' organisation and another, and an involvement.</summary>
    public async Task<FullChild> RegisterAsync()
    {
        var request = SecurityData.Child(PermissionTable.OrganisationOf(Roles.Practitioner), SecurityData.OtherOrganisation);
        request.Details.OtherNames.Add(new OtherName
        {
            Name = new PersonName { GivenNames = "Formergiven", FamilyName = TestRequests.NewFamilyName() },
            Kind = OtherNameKind.Former,
        });
        // Not Leeds: the index team's own name says Leeds, and the town must be seen to be hidden.
        request.Details.Address.Town = "Headingley";
        var carer = request.Details.Carers[0];
        carer.Email = "carer@example.org";
        carer.Address = new Address { Lines = { "7 Refuge Lane" }, Town = "Bradford", Postcode = "BD1 1AA" };
        var registered = await server.Registration.RegisterChildAsync(request);
        var involvement = await server.Registration.RecordInvolvementAsync(SecurityData.Record(registered.ChildId, "LS123"));
        return new FullChild(request, registered.ChildId, involvement.InvolvementId);
    }

    public async Task<FullChild> RegisterShieldedAsync()
    {
        var child = await RegisterAsync();
        await Admin.ShieldChildAsync(SecurityData.Shield(child.ChildId));
        return child;
    }

    public static async Task<ChildRecord> GetAsync(GrpcChannel channel, string childId) =>
        await new ChildDirectory.ChildDirectoryClient(channel).GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = childId });

    public async Task<ChildRecord> GetAsync(string role, string childId) => await GetAsync(await server.ChannelForRoleAsync(role), childId);

    /// <summary>Every audit record naming the child, newest first, as a security officer reads them.</summary>
    public async Task<IReadOnlyList<AuditRecord>> AuditOfAsync(string childId)
    {
        var client = new AuditTrail.AuditTrailClient(await server.ChannelForRoleAsync(Roles.SecurityOfficer));
        return (await client.WhoAccessedChildAsync(new WhoAccessedChildRequest { ChildId = childId, PageSize = 100 })).Records;
    }

    /// <summary>The newest audit record of <paramref name="rpc"/> ("ChildDirectory/GetChild") naming the child.</summary>
    public async Task<AuditRecord> LastAuditAsync(string childId, string rpc) =>
        (await AuditOfAsync(childId)).First(r => r.Action == $"childindex.v1.{rpc}");

    /// <summary>A person of <paramref name="role"/> no other test uses, and a channel carrying their token.</summary>
    public async Task<(GrpcChannel Channel, string Subject)> NewPersonAsync(string role)
    {
        var user = await server.Identity.CreateUserAsync(role, PermissionTable.OrganisationOf(role));
        var token = (await server.Identity.SignInAsync(user)).AccessToken!;
        return (server.ChannelWithToken(token), SubjectOf(token));
    }

    /// <summary>The record as text, for checking that nothing hidden is in it anywhere.</summary>
    public static string Text(IMessage message) => JsonFormatter.Default.Format(message);

    /// <summary>What a shielded record hides from everyone but the index team.</summary>
    public static IReadOnlyList<string> HiddenByShield(FullChild child)
    {
        var details = child.Request.Details;
        var carer = details.Carers[0];
        return
        [
            details.Address.Lines[0], details.Address.Town, details.Address.Postcode,
            details.OtherNames[0].Name.FamilyName,
            carer.Phone, carer.Email, carer.Address.Lines[0], carer.Address.Postcode,
            child.Request.Identifiers.NhsNumber, child.Request.Identifiers.Upn,
            .. child.Request.Identifiers.LocalIds.Select(l => l.Value),
            child.InvolvementId, "Jo Bloggs", "0113 496 0000", "LS123",
        ];
    }

    public static void AssertHides(IMessage shown, IEnumerable<string> hidden)
    {
        var text = Text(shown);
        foreach (var value in hidden)
        {
            Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"\"{value}\" is shown: {text}");
        }
    }

    private static string SubjectOf(string token) => new JsonWebToken(token).Subject;
}
