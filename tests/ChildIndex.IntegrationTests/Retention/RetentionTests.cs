using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Time;
using ChildIndex.IntegrationTests.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Retention;

/// <summary>A directory of its own: these tests archive and purge, which no other test expects.</summary>
public sealed class SqliteRetentionDirectoryServer() : DirectoryServer(TestDatabase.Sqlite);

public sealed class PostgresRetentionDirectoryServer() : DirectoryServer(TestDatabase.PostgreSql);

public abstract class RetentionTests(DirectoryServer server)
{
    private static readonly DateOnly Today = UkCalendar.Today(TimeProvider.System);

    private IndexManagement.IndexManagementClient Admin => new(server.Channel);

    [Fact]
    public async Task ChildTurning18Today_IsArchivedByTheRun_ThenHiddenFromPractitioners_ButOpenToTheIndexTeam()
    {
        var (childId, details) = await RegisterAsync(Today.AddYears(-18));

        var dryRun = await Admin.RunRetentionAsync(new RunRetentionRequest { DryRun = true });
        Assert.Equal("18th birthday", Assert.Single(dryRun.Changes, c => c.ChildId == childId && c.Action == RetentionChange.Types.Action.Archive).Rule);
        Assert.Equal(RecordStatus.Active, (await IndexTeamGetAsync(childId)).Status);

        var run = await Admin.RunRetentionAsync(new RunRetentionRequest());

        Assert.Contains(run.Changes, c => c.ChildId == childId && c.Action == RetentionChange.Types.Action.Archive);
        var archived = await IndexTeamGetAsync(childId);
        Assert.Equal(RecordStatus.Archived, archived.Status);
        Assert.Equal(TestRequests.Date(Today.Year, Today.Month, Today.Day), archived.ArchivedOn);
        var practitioner = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        var hidden = await Assert.ThrowsAsync<RpcException>(async () => await practitioner.GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = TestRequests.Purpose() }));
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        var found = await practitioner.SearchChildrenAsync(new SearchChildrenRequest
        {
            Purpose = TestRequests.Purpose(),
            Name = new NameSearch { FamilyName = details.Name.FamilyName, DateOfBirth = details.DateOfBirth },
        });
        Assert.DoesNotContain(found.Children, c => c.ChildId == childId);
        var records = await AuditTestKit.CallRecordsAfterAsync(server, 0);
        Assert.Contains(records, r => r.ChildIds.Contains(childId) && r.Detail == "archived: 18th birthday");
    }

    [Fact]
    public async Task ExtensionTo25_KeepsAnEighteenYearOldActive()
    {
        var (childId, _) = await RegisterAsync(Today.AddYears(-18).AddDays(-3));
        var state = await Admin.SetRetentionExtensionAsync(new SetRetentionExtensionRequest { ChildId = childId, Extension = RetentionExtension.CareLeaver });

        var run = await Admin.RunRetentionAsync(new RunRetentionRequest());

        Assert.DoesNotContain(run.Changes, c => c.ChildId == childId);
        Assert.Equal(Today.AddYears(7).AddDays(-3).Year, state.ArchiveDue.Year);
        Assert.Equal(RecordStatus.Active, (await IndexTeamGetAsync(childId)).Status);
    }

    [Fact]
    public async Task RecordedDeath_ShowsDeceased_AndIsArchivedAYearLater()
    {
        var (recent, _) = await RegisterAsync(Today.AddYears(-9));
        var (longAgo, _) = await RegisterAsync(Today.AddYears(-9));
        await Admin.RecordDeathAsync(new RecordDeathRequest { ChildId = recent, DateOfDeath = Date(Today.AddDays(-100)) });
        await Admin.RecordDeathAsync(new RecordDeathRequest { ChildId = longAgo, DateOfDeath = Date(Today.AddYears(-1)) });

        var run = await Admin.RunRetentionAsync(new RunRetentionRequest());

        Assert.Equal(RecordStatus.Deceased, (await IndexTeamGetAsync(recent)).Status);
        Assert.Equal(Date(Today.AddDays(-100)), (await IndexTeamGetAsync(recent)).DateOfDeath);
        Assert.Equal("a year after death", Assert.Single(run.Changes, c => c.ChildId == longAgo).Rule);
        Assert.Equal(RecordStatus.Archived, (await IndexTeamGetAsync(longAgo)).Status);
    }

    [Fact]
    public async Task ArchivedSixYearsAgo_IsPurgedFromEveryTable_UnlessHeld_AndTheTrailStillVerifies()
    {
        var (purged, _) = await RegisterAsync(Today.AddYears(-24), withInvolvement: true);
        var (held, _) = await RegisterAsync(Today.AddYears(-24));
        await Admin.RunRetentionAsync(new RunRetentionRequest());
        await SetArchivedOnAsync(Today.AddYears(-6), purged, held);
        await Admin.SetLegalHoldAsync(new SetLegalHoldRequest { ChildId = held, Hold = true, Reason = "inquiry into the care home" });

        var dryRun = await Admin.RunRetentionAsync(new RunRetentionRequest { DryRun = true });
        Assert.Contains(dryRun.Changes, c => c.ChildId == purged && c.Action == RetentionChange.Types.Action.Purge);
        Assert.True(await ExistsAsync(purged));
        var run = await Admin.RunRetentionAsync(new RunRetentionRequest());

        Assert.Contains(run.Changes, c => c.ChildId == purged && c.Action == RetentionChange.Types.Action.Purge);
        Assert.Contains(run.Changes, c => c.ChildId == held && c.Action == RetentionChange.Types.Action.Held);
        Assert.False(await ExistsAsync(purged));
        Assert.True(await ExistsAsync(held));
        var gone = await Assert.ThrowsAsync<RpcException>(() => IndexTeamGetAsync(purged));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var verified = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
    }

    [Fact]
    public async Task ArchivedOverAYearAgo_OpensToTheIndexTeamOnlyForASeriousEnquiry()
    {
        var (childId, _) = await RegisterAsync(Today.AddYears(-20));
        await Admin.RunRetentionAsync(new RunRetentionRequest());
        await SetArchivedOnAsync(Today.AddYears(-1), childId);

        var refused = await Assert.ThrowsAsync<RpcException>(() => IndexTeamGetAsync(childId));
        var opened = await server.Directory.GetChildAsync(new GetChildRequest
        {
            ChildId = childId,
            Purpose = new AccessPurpose { Code = AccessPurposeCode.SeriousCaseReview, Justification = "review of the case" },
        });

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("serious enquiry", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(RecordStatus.Archived, opened.Status);
    }

    [Fact]
    public async Task BadRetentionRequests_AreRefusedClearly()
    {
        var (childId, _) = await RegisterAsync(new DateOnly(2015, 5, 5));

        var future = await Assert.ThrowsAsync<RpcException>(async () => await Admin.RecordDeathAsync(new RecordDeathRequest { ChildId = childId, DateOfDeath = Date(Today.AddDays(1)) }));
        var beforeBirth = await Assert.ThrowsAsync<RpcException>(async () => await Admin.RecordDeathAsync(new RecordDeathRequest { ChildId = childId, DateOfDeath = Date(new DateOnly(2015, 5, 4)) }));
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await Admin.RecordDeathAsync(new RecordDeathRequest { ChildId = childId }));
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await Admin.RecordDeathAsync(new RecordDeathRequest { ChildId = ChildId.Format(ChildId.New()), DateOfDeath = Date(Today) }));
        var noReason = await Assert.ThrowsAsync<RpcException>(async () => await Admin.SetLegalHoldAsync(new SetLegalHoldRequest { ChildId = childId, Hold = true }));
        var notHeld = await Assert.ThrowsAsync<RpcException>(async () => await Admin.SetLegalHoldAsync(new SetLegalHoldRequest { ChildId = childId, Hold = false, Reason = "lifted" }));
        var badExtension = await Assert.ThrowsAsync<RpcException>(async () => await Admin.SetRetentionExtensionAsync(new SetRetentionExtensionRequest { ChildId = childId, Extension = (RetentionExtension)9 }));
        await Admin.RecordDeathAsync(new RecordDeathRequest { ChildId = childId, DateOfDeath = Date(Today) });
        var twice = await Assert.ThrowsAsync<RpcException>(async () => await Admin.RecordDeathAsync(new RecordDeathRequest { ChildId = childId, DateOfDeath = Date(Today) }));

        Assert.All([future, beforeBirth, missing, noReason, badExtension], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.All([future, beforeBirth, missing], e => Assert.Contains("date_of_death", e.Status.Detail, StringComparison.Ordinal));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, notHeld.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
    }

    private static Google.Type.Date Date(DateOnly date) => TestRequests.Date(date.Year, date.Month, date.Day);

    [Fact]
    public async Task IndexTeamSearchOfArchived_FindsARecordForAYear_ThenOnlyForASeriousEnquiry_AndIsRefusedToPractitioners()
    {
        var (childId, details) = await RegisterAsync(Today.AddYears(-18).AddDays(-40));
        await Admin.RunRetentionAsync(new RunRetentionRequest());
        SearchChildrenRequest Search(AccessPurposeCode code, bool includeArchived) => new()
        {
            Purpose = new AccessPurpose { Code = code, Justification = "checking an archived record" },
            Name = new NameSearch { FamilyName = details.Name.FamilyName, DateOfBirth = details.DateOfBirth },
            IncludeArchived = includeArchived,
        };
        async Task<bool> FoundAsync(AccessPurposeCode code, bool includeArchived) =>
            (await server.Directory.SearchChildrenAsync(Search(code, includeArchived))).Children.Any(c => c.ChildId == childId && c.Status == RecordStatus.Archived);

        Assert.False(await FoundAsync(AccessPurposeCode.DataQuality, includeArchived: false));
        Assert.True(await FoundAsync(AccessPurposeCode.DataQuality, includeArchived: true));
        var practitioner = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await practitioner.SearchChildrenAsync(Search(AccessPurposeCode.ServiceDelivery, includeArchived: true)));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);

        await SetArchivedOnAsync(Today.AddYears(-2), childId);

        Assert.False(await FoundAsync(AccessPurposeCode.DataQuality, includeArchived: true));
        Assert.True(await FoundAsync(AccessPurposeCode.SeriousCaseReview, includeArchived: true));
    }

    [Fact]
    public async Task PurgedChild_LeavesNoNameDateOfBirthOrIdentifier_InAnyTableOrAuditRecord_AndTheTrailStillVerifies()
    {
        var born = Today.AddYears(-24).AddDays(-211);
        var details = TestRequests.Details(dateOfBirth: Date(born));
        details.Name.GivenNames = TestRequests.NewFamilyName();
        var nhsNumber = TestRequests.NewNhsNumber();
        var childId = (await server.Registration.RegisterChildAsync(TestRequests.Registration(details, nhsNumber))).ChildId;
        var practitioner = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        await practitioner.SearchChildrenAsync(new SearchChildrenRequest
        {
            Purpose = new AccessPurpose { Code = AccessPurposeCode.ServiceDelivery, Justification = $"home visit to {details.Name.GivenNames}" },
            Name = new NameSearch { FamilyName = details.Name.FamilyName, GivenName = details.Name.GivenNames, DateOfBirth = details.DateOfBirth },
        });
        await practitioner.SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose(), NhsNumber = nhsNumber });
        // A reason typed by a person about the child, which names it.
        await Admin.SetLegalHoldAsync(new SetLegalHoldRequest { ChildId = childId, Hold = true, Reason = $"claim by {details.Name.FamilyName}'s family" });
        await Admin.SetLegalHoldAsync(new SetLegalHoldRequest { ChildId = childId, Hold = false, Reason = "claim settled" });
        var needles = new[] { details.Name.FamilyName, details.Name.GivenNames, nhsNumber };
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var before = await officer.WhoAccessedChildAsync(new WhoAccessedChildRequest { ChildId = childId });
        // What the trail's readers see while the child is on the index: the criteria and the reason.
        Assert.Contains(before.Records, r => r.Search?.Name?.FamilyName == details.Name.FamilyName && r.PersonalData == PersonalData.Opened);
        Assert.Contains(before.Records, r => r.Search?.NhsNumber == nhsNumber);
        Assert.Contains(before.Records, r => r.Purpose?.Justification == $"home visit to {details.Name.GivenNames}");
        Assert.Contains(before.Records, r => r.Detail.Contains(details.Name.FamilyName, StringComparison.Ordinal));

        await Admin.RunRetentionAsync(new RunRetentionRequest());
        await SetArchivedOnAsync(Today.AddYears(-6), childId);
        var run = await Admin.RunRetentionAsync(new RunRetentionRequest());

        Assert.Contains(run.Changes, c => c.ChildId == childId && c.Action == RetentionChange.Types.Action.Purge);
        // A look-up of the purged id afterwards makes no new key for it: its record falls to the month's.
        var lookUp = await Assert.ThrowsAsync<RpcException>(async () => await practitioner.GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = TestRequests.Purpose() }));
        Assert.Equal(StatusCode.NotFound, lookUp.StatusCode);
        await using (var db = server.CreateDbContext())
        {
            Assert.True(ChildId.TryParse(childId, out var indexId));
            Assert.False(await db.AuditKeys.AnyAsync(k => k.Subject == indexId));
            Assert.Empty(await DatabaseScan.FindAsync(db, needles, born));
            var stored = (await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync()).Select(AuditTestKit.Parse).ToList();
            var opened = await SealedRecords.OpenAsync(db, stored, CancellationToken.None);
            Assert.DoesNotContain(opened, r => r.Search is { } search && (search.NhsNumber == nhsNumber || search.Name?.FamilyName == details.Name.FamilyName || search.Name?.DateOfBirth == details.DateOfBirth));
            Assert.DoesNotContain(opened, r => needles.Any(n => r.Detail.Contains(n, StringComparison.OrdinalIgnoreCase)
                || (r.Purpose?.Justification.Contains(n, StringComparison.OrdinalIgnoreCase) ?? false)));
        }

        var after = await officer.WhoAccessedChildAsync(new WhoAccessedChildRequest { ChildId = childId, PageSize = 100 });
        // Every record is still there, and still says who looked and when; only what it held of the child is gone.
        Assert.Subset(after.Records.Select(r => r.Sequence).ToHashSet(), before.Records.Select(r => r.Sequence).ToHashSet());
        Assert.All(after.Records.Where(r => r.Sequence <= before.Records[0].Sequence && r.Action.EndsWith("SearchChildren", StringComparison.Ordinal)),
            r => Assert.Equal(PersonalData.Erased, r.PersonalData));
        Assert.Contains(after.Records, r => r.Detail.StartsWith("purged: ", StringComparison.Ordinal));
        var verified = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
    }

    private async Task<(string ChildId, ChildDetails Details)> RegisterAsync(DateOnly born, bool withInvolvement = false)
    {
        var details = TestRequests.Details(dateOfBirth: Date(born));
        var registered = await server.Registration.RegisterChildAsync(TestRequests.Registration(details));
        if (withInvolvement)
        {
            await server.Registration.RecordInvolvementAsync(new RecordInvolvementRequest
            {
                ChildId = registered.ChildId, RequestId = TestRequests.NewRequestId(), Involvement = TestRequests.Involvement(),
            });
        }

        return (registered.ChildId, details);
    }

    private async Task<ChildRecord> IndexTeamGetAsync(string childId) =>
        await server.Directory.GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = new AccessPurpose { Code = AccessPurposeCode.DataQuality } });

    /// <summary>Moves archiving back in time, as the years would (the record's document with it).</summary>
    private async Task SetArchivedOnAsync(DateOnly archivedOn, params string[] childIds)
    {
        await using var db = server.CreateDbContext();
        foreach (var childId in childIds)
        {
            Assert.True(ChildId.TryParse(childId, out var indexId));
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Children.Where(c => c.IndexId == indexId).ExecuteUpdateAsync(set => set.SetProperty(c => c.ArchivedOn, archivedOn));
            await ChildDocuments.RefreshAsync(db, indexId, CancellationToken.None);
            await transaction.CommitAsync();
        }
    }

    /// <summary>Whether any table still holds a row of the child.</summary>
    private async Task<bool> ExistsAsync(string childId)
    {
        await using var db = server.CreateDbContext();
        Assert.True(ChildId.TryParse(childId, out var indexId));
        var key = await db.Children.Where(c => c.IndexId == indexId).Select(c => (long?)c.Id).SingleOrDefaultAsync();
        var rows = await db.ChildDocuments.CountAsync(d => d.IndexId == indexId)
            + await db.IdempotencyRecords.CountAsync(r => r.ChildIndexId == indexId);
        if (key is { } id)
        {
            rows += 1 + await db.SearchKeys.CountAsync(k => k.ChildId == id) + await db.Involvements.CountAsync(i => i.ChildId == id)
                + await db.OtherNames.CountAsync(n => n.ChildId == id) + await db.Carers.CountAsync(c => c.ChildId == id)
                + await db.LocalIdentifiers.CountAsync(l => l.ChildId == id) + await db.BreakGlassGrants.CountAsync(g => g.ChildId == id);
        }

        return rows > 0;
    }
}

public sealed class SqliteRetentionTests(SqliteRetentionDirectoryServer server) : RetentionTests(server), IClassFixture<SqliteRetentionDirectoryServer>;

public sealed class PostgresRetentionTests(PostgresRetentionDirectoryServer server) : RetentionTests(server), IClassFixture<PostgresRetentionDirectoryServer>;
