using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>Who looked at a child and why: what a security officer finds with WhoAccessedChild and
/// QueryAudit after a practitioner's look-up.</summary>
public abstract class AuditQueryTests(DirectoryServer server)
{
    private static readonly int[] PagesOfTwo = [2, 2, 1];
    private static readonly int[] PagesOfThree = [3, 3, 1];
    private static readonly string[] CallsTouchingTheChild =
        ["childindex.v1.ChildDirectory/SearchChildren", "childindex.v1.ChildDirectory/GetChild", "childindex.v1.Registration/RegisterChild"];

    private static readonly AccessPurpose Safeguarding = new() { Code = AccessPurposeCode.SafeguardingConcern, Justification = "bruising reported by school nurse today" };

    [Fact]
    public async Task PractitionersLookUp_WithAPurposeAndJustification_ShowsNewestFirstInWhoAccessedChild()
    {
        var childId = (await server.Registration.RegisterChildAsync(TestRequests.Registration())).ChildId;
        var practitioner = await AuditTestKit.SubjectOfRoleAsync(server, Roles.Practitioner);
        var admin = await AuditTestKit.SubjectOfRoleAsync(server, Roles.IndexAdmin);
        var startedAt = DateTimeOffset.UtcNow;

        await GetChildAsPractitionerAsync(childId);

        var who = await (await AuditTestKit.SecurityOfficerAsync(server)).WhoAccessedChildAsync(new WhoAccessedChildRequest { ChildId = childId });
        Assert.Equal(2, who.Records.Count);
        Assert.Empty(who.NextPageToken);
        var newest = who.Records[0];
        Assert.True(newest.Sequence > who.Records[1].Sequence);
        Assert.Equal("childindex.v1.ChildDirectory/GetChild", newest.Action);
        Assert.Equal("OK", newest.Outcome);
        Assert.Equal(practitioner, newest.Actor.Subject);
        Assert.Equal(new[] { Roles.Practitioner }, newest.Actor.Roles);
        Assert.Equal("LS1234", newest.Actor.OrganisationCode);
        Assert.Equal(Safeguarding, newest.Purpose);
        Assert.Equal(new[] { childId }, newest.ChildIds);
        Assert.InRange(newest.Time.ToDateTimeOffset(), startedAt.AddSeconds(-1), DateTimeOffset.UtcNow);
        // Before it, the index team's registration of the child.
        Assert.Equal("childindex.v1.Registration/RegisterChild", who.Records[1].Action);
        Assert.Equal(admin, who.Records[1].Actor.Subject);
    }

    [Fact]
    public async Task WhoAccessedChild_PagesNewestFirst_WithoutOverlapOrGap()
    {
        var childId = (await server.Registration.RegisterChildAsync(TestRequests.Registration())).ChildId;
        for (var i = 0; i < 4; i++)
        {
            await GetChildAsPractitionerAsync(childId);
        }

        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var pages = await AllPagesAsync(async token =>
        {
            var page = await officer.WhoAccessedChildAsync(new WhoAccessedChildRequest { ChildId = childId, PageSize = 2, PageToken = token });
            return (page.Records.ToList(), page.NextPageToken);
        });

        Assert.Equal(PagesOfTwo, pages.Select(p => p.Count));
        var sequences = pages.SelectMany(p => p).Select(r => r.Sequence).ToList();
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.Equal(5, sequences.Distinct().Count());
    }

    [Fact]
    public async Task QueryAudit_ByChild_FindsEveryCallThatTouchedIt_SearchesIncluded()
    {
        var request = TestRequests.Registration();
        var childId = (await server.Registration.RegisterChildAsync(request)).ChildId;
        await GetChildAsPractitionerAsync(childId);
        var directory = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        await directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = Safeguarding, NhsNumber = request.Identifiers.NhsNumber });

        var found = await (await OfficerAsync()).QueryAuditAsync(new QueryAuditRequest { ChildId = childId.ToLowerInvariant() });

        Assert.Equal(CallsTouchingTheChild, found.Records.Select(r => r.Action));
        Assert.All(found.Records, r => Assert.Contains(childId, r.ChildIds.Concat(r.ResultChildIds)));
        Assert.Equal(new[] { childId }, found.Records[0].ResultChildIds);
        Assert.Equal(request.Identifiers.NhsNumber, found.Records[0].Search.NhsNumber);
    }

    [Fact]
    public async Task QueryAudit_ByActorOrganisationActionAndOutcome_ReturnsOnlyMatchingRecords()
    {
        var childId = (await server.Registration.RegisterChildAsync(TestRequests.Registration())).ChildId;
        await GetChildAsPractitionerAsync(childId);
        var practitionerChannel = await server.ChannelForRoleAsync(Roles.Practitioner);
        // A refused call of the same practitioner.
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => new Registration.RegistrationClient(practitionerChannel).RegisterChildAsync(TestRequests.Registration()).ResponseAsync);
        var practitioner = await AuditTestKit.SubjectOfRoleAsync(server, Roles.Practitioner);
        var officer = await OfficerAsync();

        var byActor = await officer.QueryAuditAsync(new QueryAuditRequest { ActorSubject = practitioner, PageSize = 100 });
        var byOrganisation = await officer.QueryAuditAsync(new QueryAuditRequest { OrganisationCode = " ls1234 ", PageSize = 100 });
        var byShortAction = await officer.QueryAuditAsync(new QueryAuditRequest { Action = "GetChild", PageSize = 100 });
        var byFullAction = await officer.QueryAuditAsync(new QueryAuditRequest { Action = "childindex.v1.ChildDirectory/GetChild", PageSize = 100 });
        var denied = await officer.QueryAuditAsync(new QueryAuditRequest { ActorSubject = practitioner, Outcome = "permission_denied" });
        var combined = await officer.QueryAuditAsync(new QueryAuditRequest { ActorSubject = practitioner, Action = "GetChild", ChildId = childId });

        Assert.NotEmpty(byActor.Records);
        Assert.All(byActor.Records, r => Assert.Equal(practitioner, r.Actor.Subject));
        Assert.Contains(byActor.Records, r => r.Outcome == "PERMISSION_DENIED");
        Assert.All(byOrganisation.Records, r => Assert.Equal("LS1234", r.Actor.OrganisationCode));
        Assert.Contains(byOrganisation.Records, r => r.Actor.Subject == practitioner);
        Assert.DoesNotContain(byOrganisation.Records, r => r.Actor.Roles.Contains(Roles.IndexAdmin));
        Assert.NotEmpty(byShortAction.Records);
        Assert.All(byShortAction.Records, r => Assert.Equal("childindex.v1.ChildDirectory/GetChild", r.Action));
        Assert.Equal(byShortAction.Records.Select(r => r.Sequence), byFullAction.Records.Select(r => r.Sequence));
        var refusal = Assert.Single(denied.Records);
        Assert.Equal("childindex.v1.Registration/RegisterChild", refusal.Action);
        Assert.Equal(childId, Assert.Single(combined.Records).ChildIds.Single());
    }

    [Fact]
    public async Task QueryAudit_WithAnEmptyTimeRangeAndABadChildId_NamesBothFields()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () =>
            officer.QueryAuditAsync(new QueryAuditRequest { ChildId = "NOT-AN-ID", From = now, To = now }).ResponseAsync);

        Assert.Equal(["child_id", "to"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task QueryAudit_ByTimeRange_ReturnsRecordsFromInclusiveToExclusive()
    {
        var childId = (await server.Registration.RegisterChildAsync(TestRequests.Registration())).ChildId;
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await GetChildAsPractitionerAsync(childId);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        var officer = await OfficerAsync();
        var record = Assert.Single((await officer.QueryAuditAsync(new QueryAuditRequest { ChildId = childId, Action = "GetChild" })).Records);

        QueryAuditRequest Range(DateTimeOffset? from, DateTimeOffset? to) => new()
        {
            ChildId = childId,
            Action = "GetChild",
            From = from is { } f ? Timestamp.FromDateTimeOffset(f) : null,
            To = to is { } t ? Timestamp.FromDateTimeOffset(t) : null,
        };

        Assert.Single((await officer.QueryAuditAsync(Range(before, after))).Records);
        Assert.Single((await officer.QueryAuditAsync(Range(record.Time.ToDateTimeOffset(), null))).Records);
        Assert.Empty((await officer.QueryAuditAsync(Range(null, record.Time.ToDateTimeOffset()))).Records);
        Assert.Empty((await officer.QueryAuditAsync(Range(before.AddHours(-2), before.AddHours(-1)))).Records);
        Assert.Empty((await officer.QueryAuditAsync(Range(after, after.AddHours(1)))).Records);
    }

    [Fact]
    public async Task QueryAudit_PagesWithPageTokens_NewestFirst_UntilAnEmptyToken()
    {
        var childId = (await server.Registration.RegisterChildAsync(TestRequests.Registration())).ChildId;
        for (var i = 0; i < 6; i++)
        {
            await GetChildAsPractitionerAsync(childId);
        }

        var officer = await OfficerAsync();
        var all = await officer.QueryAuditAsync(new QueryAuditRequest { ChildId = childId });
        var pages = await AllPagesAsync(async token =>
        {
            var page = await officer.QueryAuditAsync(new QueryAuditRequest { ChildId = childId, PageSize = 3, PageToken = token });
            return (page.Records.ToList(), page.NextPageToken);
        });

        Assert.Equal(7, all.Records.Count);
        Assert.Equal(PagesOfThree, pages.Select(p => p.Count));
        Assert.Equal(all.Records.Select(r => r.Sequence), pages.SelectMany(p => p).Select(r => r.Sequence));
        Assert.Equal(all.Records.Select(r => r.Sequence).OrderDescending(), all.Records.Select(r => r.Sequence));
    }

    [Theory]
    [InlineData(0, "not-a-token", "page_token")]
    [InlineData(101, "", "page_size")]
    [InlineData(-1, "", "page_size")]
    public async Task QueryAudit_WithABadPageSizeOrToken_IsInvalidArgument(int pageSize, string pageToken, string field)
    {
        var officer = await OfficerAsync();
        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () =>
            officer.QueryAuditAsync(new QueryAuditRequest { PageSize = pageSize, PageToken = pageToken }).ResponseAsync);

        Assert.Contains(field, RpcAssert.ViolatedFields(error));
    }

    [Theory]
    [InlineData("action", "GetChild\0")]
    [InlineData("outcome", "OK\u0007")]
    [InlineData("actor_subject", "a\nb")]
    [InlineData("organisation_code", "LS12345678901")]
    public async Task QueryAudit_WithAControlCharacterOrOverlongFilter_IsInvalidArgumentNamingIt(string field, string value)
    {
        var officer = await OfficerAsync();
        var request = field switch
        {
            "action" => new QueryAuditRequest { Action = value },
            "outcome" => new QueryAuditRequest { Outcome = value },
            "actor_subject" => new QueryAuditRequest { ActorSubject = value },
            _ => new QueryAuditRequest { OrganisationCode = value },
        };

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => officer.QueryAuditAsync(request).ResponseAsync);

        Assert.Contains(field, RpcAssert.ViolatedFields(error));
    }

    private Task<AuditTrail.AuditTrailClient> OfficerAsync() => AuditTestKit.SecurityOfficerAsync(server);

    private async Task GetChildAsPractitionerAsync(string childId)
    {
        var directory = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        Assert.Equal(childId, (await directory.GetChildAsync(new GetChildRequest { Purpose = Safeguarding, ChildId = childId })).ChildId);
    }

    private static async Task<List<List<AuditRecord>>> AllPagesAsync(Func<string, Task<(List<AuditRecord> Records, string Next)>> page)
    {
        var pages = new List<List<AuditRecord>>();
        var token = string.Empty;
        do
        {
            var (records, next) = await page(token);
            pages.Add(records);
            token = next;
            Assert.True(pages.Count < 20, "paging does not end");
        }
        while (token.Length > 0);

        return pages;
    }
}

public sealed class SqliteAuditQueryTests(SqliteDirectoryServer server) : AuditQueryTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresAuditQueryTests(PostgresDirectoryServer server) : AuditQueryTests(server), IClassFixture<PostgresDirectoryServer>;
