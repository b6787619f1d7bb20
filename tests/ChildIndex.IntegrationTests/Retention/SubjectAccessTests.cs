using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Retention;

/// <summary>The disclosure to a data subject: the record as held and which organisations looked,
/// and when; itself in the trail.</summary>
public abstract class SubjectAccessTests(DirectoryServer server)
{
    [Fact]
    public async Task SubjectAccess_GivesTheRecordAndEveryAccessByOrganisationAndTime_AndIsItselfAudited()
    {
        var details = TestRequests.Details();
        var child = await server.Registration.RegisterChildAsync(TestRequests.Registration(details));
        var practitioner = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        await practitioner.GetChildAsync(new GetChildRequest { ChildId = child.ChildId, Purpose = new AccessPurpose { Code = AccessPurposeCode.Assessment } });
        await practitioner.SearchChildrenAsync(new SearchChildrenRequest
        {
            Purpose = TestRequests.Purpose(),
            Name = new NameSearch { FamilyName = details.Name.FamilyName, DateOfBirth = details.DateOfBirth },
        });
        var admin = new IndexManagement.IndexManagementClient(server.Channel);

        var report = await admin.SubjectAccessAsync(new SubjectAccessRequest { ChildId = child.ChildId });

        Assert.Equal(details.Name.FamilyName, report.Record.Details.Name.FamilyName);
        var lookUp = Assert.Single(report.Accesses, a => a.Action == "GetChild");
        Assert.Equal(PermissionTable.OrganisationOf(Roles.Practitioner), lookUp.OrganisationCode);
        Assert.Equal(AccessPurposeCode.Assessment, lookUp.Purpose);
        Assert.Equal("OK", lookUp.Outcome);
        Assert.Contains(report.Accesses, a => a.Action == "SearchChildren");
        Assert.Contains(report.Accesses, a => a.Action == "RegisterChild");
        Assert.Equal(report.Accesses.Select(a => a.Time.ToDateTimeOffset()).OrderDescending(), report.Accesses.Select(a => a.Time.ToDateTimeOffset()));
        Assert.Equal(0, report.InconsistentRows);
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var audited = await officer.QueryAuditAsync(new QueryAuditRequest { ChildId = child.ChildId });
        Assert.Contains(audited.Records, r => r.Action.EndsWith("/SubjectAccess", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubjectAccess_ForAnUnknownOrMalformedId_IsNotFoundOrInvalid()
    {
        var admin = new IndexManagement.IndexManagementClient(server.Channel);

        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await admin.SubjectAccessAsync(new SubjectAccessRequest { ChildId = Core.Identifiers.ChildId.Format(Core.Identifiers.ChildId.New()) }));
        var malformed = await Assert.ThrowsAsync<RpcException>(async () => await admin.SubjectAccessAsync(new SubjectAccessRequest { ChildId = "not-an-id" }));

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
    }
}

public sealed class SqliteSubjectAccessTests(SqliteDirectoryServer server) : SubjectAccessTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresSubjectAccessTests(PostgresDirectoryServer server) : SubjectAccessTests(server), IClassFixture<PostgresDirectoryServer>;
