using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Merging;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Time;
using ChildIndex.IntegrationTests.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Merging;

/// <summary>A directory of its own: these tests archive and purge, which no other test expects.</summary>
public sealed class SqliteMergeDirectoryServer() : DirectoryServer(TestDatabase.Sqlite);

public sealed class PostgresMergeDirectoryServer() : DirectoryServer(TestDatabase.PostgreSql);

public abstract class MergeTests(DirectoryServer server)
{
    private const string Reason = "same child: school and GP registrations";

    private static readonly DateOnly Today = UkCalendar.Today(TimeProvider.System);

    private static readonly string[] ReasonAndSurvivor = ["reason", "survivor_id"];

    private IndexManagement.IndexManagementClient Admin => new(server.Channel);

    [Fact]
    public async Task SubjectAccess_OnTheSurvivor_ListsTheAccessesMadeUnderTheMergedId()
    {
        var pair = await RegisterPairAsync();
        var practitioner = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        await practitioner.GetChildAsync(new GetChildRequest { ChildId = pair.Duplicate, Purpose = TestRequests.Purpose() });
        var before = await Admin.SubjectAccessAsync(new SubjectAccessRequest { ChildId = pair.Survivor });

        await Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Duplicate, Reason = Reason });
        var after = await Admin.SubjectAccessAsync(new SubjectAccessRequest { ChildId = pair.Survivor });

        Assert.DoesNotContain(before.Accesses, a => a.Action == "GetChild" && a.OrganisationCode == "LS1234");
        Assert.Contains(after.Accesses, a => a.Action == "GetChild" && a.OrganisationCode == "LS1234");
    }

    [Fact]
    public async Task Merge_GivesTheSurvivorEverythingOfBoth_AndTheOldIdAnswersWithTheSurvivor()
    {
        var pair = await RegisterPairAsync();
        var after = await AuditTestKit.NewestSequenceAsync(server);

        var merged = await Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Duplicate, Reason = Reason });

        Assert.Equal(pair.Survivor, merged.SurvivorId);
        Assert.Equal(pair.Duplicate, merged.DuplicateId);
        var viaOldId = await IndexTeamGetAsync(pair.Duplicate);
        Assert.Equal(pair.Survivor, viaOldId.ChildId);
        Assert.Equal(pair.Duplicate, viaOldId.RequestedChildId);
        Assert.Equal(pair.SurvivorNhs, viaOldId.Identifiers.NhsNumber);
        Assert.Equal(pair.DuplicateUpn, viaOldId.Identifiers.Upn);
        Assert.Contains(viaOldId.Identifiers.LocalIds, l => l.Value == pair.DuplicateLocalId);
        var alias = Assert.Single(viaOldId.Details.OtherNames);
        Assert.Equal(OtherNameKind.Alias, alias.Kind);
        Assert.Equal("Amarah", alias.Name.GivenNames);
        Assert.Equal(2, viaOldId.Details.Carers.Count);
        Assert.Equal(2, viaOldId.Involvements.Count);
        Assert.Equal(string.Empty, (await IndexTeamGetAsync(pair.Survivor)).RequestedChildId);

        var practitioner = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        var seen = await practitioner.GetChildAsync(new GetChildRequest { ChildId = pair.Duplicate, Purpose = TestRequests.Purpose() });
        Assert.Equal(pair.Survivor, seen.ChildId);
        Assert.Equal(pair.Duplicate, seen.RequestedChildId);

        var records = await AuditTestKit.CallRecordsAfterAsync(server, after);
        var mergeRecord = Assert.Single(records, r => r.Action == "childindex.v1.IndexManagement/MergeChildren");
        Assert.Equal(new[] { pair.Survivor, pair.Duplicate }, mergeRecord.ChildIds);
        Assert.Contains(Reason, mergeRecord.Detail, StringComparison.Ordinal);
        var lookUp = records.Last(r => r.Action == "childindex.v1.ChildDirectory/GetChild");
        Assert.Equal(new[] { pair.Duplicate, pair.Survivor }, lookUp.ChildIds);
    }

    [Fact]
    public async Task Search_ShowsTheSurvivorOnce_NeverTheMergedRecord()
    {
        var pair = await RegisterPairAsync();
        await Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Duplicate, Reason = Reason });

        var byName = await server.Directory.SearchChildrenAsync(new SearchChildrenRequest
        {
            Purpose = TestRequests.Purpose(),
            Name = new NameSearch { FamilyName = pair.FamilyName, DateOfBirth = pair.Born },
        });
        var byAlias = await server.Directory.SearchChildrenAsync(new SearchChildrenRequest
        {
            Purpose = TestRequests.Purpose(),
            Name = new NameSearch { FamilyName = pair.FamilyName, GivenName = "Amarah", DateOfBirth = pair.Born },
        });
        var byOldId = await server.Directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose(), ChildId = pair.Duplicate });
        var byMovedUpn = await server.Directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose(), Upn = pair.DuplicateUpn });

        Assert.Single(byName.Children, c => c.ChildId == pair.Survivor);
        Assert.DoesNotContain(byName.Children, c => c.ChildId == pair.Duplicate);
        Assert.Single(byAlias.Children, c => c.ChildId == pair.Survivor);
        Assert.DoesNotContain(byAlias.Children, c => c.ChildId == pair.Duplicate);
        var redirected = Assert.Single(byOldId.Children);
        Assert.Equal(pair.Survivor, redirected.ChildId);
        Assert.Contains(redirected.MatchReasons, r => r.Contains(pair.Duplicate, StringComparison.Ordinal));
        Assert.Equal(pair.Survivor, Assert.Single(byMovedUpn.Children).ChildId);
    }

    [Fact]
    public async Task WritesNamingTheOldId_ActOnTheSurvivor_AndAnInvolvementRecordedSoGoesBackOnUnmerge()
    {
        var pair = await RegisterPairAsync();
        var merged = await Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Duplicate, Reason = Reason });

        var throughOldId = await RecordInvolvementAsync(pair.Duplicate, "Hillside Health Visiting Team");
        var onSurvivor = await RecordInvolvementAsync(pair.Survivor, "Leeds Early Help Hub");
        var survivor = await IndexTeamGetAsync(pair.Survivor);
        Assert.Contains(survivor.Involvements, i => i.InvolvementId == throughOldId);
        Assert.Contains(survivor.Involvements, i => i.InvolvementId == onSurvivor);
        var details = survivor.Details.Clone();
        details.Address.Lines[0] = "3 Cardigan Road";
        var updated = await server.Registration.UpdateChildDetailsAsync(new UpdateChildDetailsRequest { ChildId = pair.Duplicate, ExpectedVersion = survivor.Version, Details = details });
        Assert.Equal(pair.Survivor, updated.ChildId);
        var ended = await server.Registration.EndInvolvementAsync(new EndInvolvementRequest
        {
            ChildId = pair.Duplicate, InvolvementId = pair.SurvivorInvolvement, EndDate = Date(Today),
        });
        Assert.Equal(Date(Today), ended.Involvement.EndDate);

        await Admin.UnmergeChildrenAsync(new UnmergeChildrenRequest { MergeId = merged.MergeId, Reason = "twins, not one child" });

        var duplicateAfter = await IndexTeamGetAsync(pair.Duplicate);
        var survivorAfter = await IndexTeamGetAsync(pair.Survivor);
        Assert.Equal(pair.Duplicate, duplicateAfter.ChildId);
        Assert.Contains(duplicateAfter.Involvements, i => i.InvolvementId == throughOldId);
        Assert.Contains(duplicateAfter.Involvements, i => i.InvolvementId == pair.DuplicateInvolvement);
        Assert.DoesNotContain(duplicateAfter.Involvements, i => i.InvolvementId == onSurvivor);
        Assert.Contains(survivorAfter.Involvements, i => i.InvolvementId == onSurvivor);
        Assert.DoesNotContain(survivorAfter.Involvements, i => i.InvolvementId == throughOldId);
        Assert.Equal("3 Cardigan Road", survivorAfter.Details.Address.Lines[0]);
    }

    [Fact]
    public async Task Unmerge_RestoresBothRecordsAsTheyWereBeforeTheMerge()
    {
        var pair = await RegisterPairAsync();
        var survivorBefore = await IndexTeamGetAsync(pair.Survivor);
        var duplicateBefore = await IndexTeamGetAsync(pair.Duplicate);
        await Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Duplicate, Reason = Reason });

        var undone = await Admin.UnmergeChildrenAsync(new UnmergeChildrenRequest { DuplicateId = pair.Duplicate, Reason = "twins, not one child" });

        var survivorAfter = await IndexTeamGetAsync(pair.Survivor);
        var duplicateAfter = await IndexTeamGetAsync(pair.Duplicate);
        Assert.Equal(WithoutVersion(survivorBefore), WithoutVersion(survivorAfter));
        Assert.Equal(WithoutVersion(duplicateBefore), WithoutVersion(duplicateAfter));
        Assert.True(survivorAfter.Version > survivorBefore.Version);
        Assert.Equal(duplicateAfter.Version, undone.DuplicateVersion);
        var found = await server.Directory.SearchChildrenAsync(new SearchChildrenRequest
        {
            Purpose = TestRequests.Purpose(),
            Name = new NameSearch { FamilyName = pair.FamilyName, GivenName = "Amarah", DateOfBirth = pair.Born },
        });
        Assert.Contains(found.Children, c => c.ChildId == pair.Duplicate);
        await using var db = server.CreateDbContext();
        Assert.True(await db.ChildDocuments.AnyAsync(d => d.IndexId == Canonical(pair.Duplicate)));
    }

    [Fact]
    public async Task NotSameChild_RefusesTheMergeEitherWayRound_AndHistoryListsMergeUnmergeAndTheDecision()
    {
        var pair = await RegisterPairAsync();
        var third = await RegisterAsync(pair.FamilyName, pair.Born, "Amelia");
        await Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Duplicate, Reason = Reason });
        await Admin.UnmergeChildrenAsync(new UnmergeChildrenRequest { DuplicateId = pair.Duplicate, Reason = "twins, not one child" });

        var decision = await Admin.MarkNotSameChildAsync(new MarkNotSameChildRequest { ChildA = third, ChildB = pair.Survivor, Reason = "sisters: different birth certificates" });
        var refused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = third, Reason = Reason }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = third, DuplicateId = pair.Survivor, Reason = Reason }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.MarkNotSameChildAsync(new MarkNotSameChildRequest { ChildA = pair.Survivor, ChildB = third, Reason = "again" }).ResponseAsync);

        Assert.Equal(MergeDecision.Types.Kind.NotSameChild, decision.Kind);
        Assert.Contains("not the same child", refused.Status.Detail, StringComparison.Ordinal);
        var history = (await Admin.ListMergeHistoryAsync(new ListMergeHistoryRequest { ChildId = pair.Survivor })).Decisions;
        Assert.Equal(
            new[] { MergeDecision.Types.Kind.NotSameChild, MergeDecision.Types.Kind.Unmerge, MergeDecision.Types.Kind.Merge },
            history.Select(d => d.Kind));
        Assert.All(history, d => Assert.NotEmpty(d.DecidedBy));
        Assert.Equal("sisters: different birth certificates", history[0].Reason);
        Assert.Equal(new[] { pair.Survivor, pair.Duplicate }, new[] { history[2].ChildId, history[2].OtherId });
        Assert.Equal(Reason, history[2].Reason);
        Assert.Equal(history[1].MergeId, history[2].MergeId);
        Assert.Equal(2, (await Admin.ListMergeHistoryAsync(new ListMergeHistoryRequest { ChildId = pair.Duplicate })).Decisions.Count);

        await using var db = server.CreateDbContext();
        var indexIds = new[] { Canonical(third), Canonical(pair.Survivor), Canonical(pair.Duplicate) };
        var keys = await db.Children.Where(c => indexIds.Contains(c.IndexId)).ToDictionaryAsync(c => c.IndexId, c => c.Id);
        var (thirdKey, survivorKey, duplicateKey) = (keys[Canonical(third)], keys[Canonical(pair.Survivor)], keys[Canonical(pair.Duplicate)]);
        Assert.True(await NotSameChild.IsMarkedAsync(db, survivorKey, thirdKey));
        Assert.True(await NotSameChild.IsMarkedAsync(db, thirdKey, survivorKey));
        Assert.False(await NotSameChild.IsMarkedAsync(db, survivorKey, duplicateKey));
        Assert.Equal(new[] { thirdKey }, await NotSameChild.MarkedAmongAsync(db, survivorKey, [duplicateKey, thirdKey]));
    }

    [Fact]
    public async Task MergeCalls_AreRefusedForPractitioners_AndChangeNothing()
    {
        var pair = await RegisterPairAsync();
        foreach (var role in new[] { Roles.Practitioner, Roles.PractitionerEditor, Roles.AgencySystem })
        {
            var client = new IndexManagement.IndexManagementClient(await server.ChannelForRoleAsync(role));
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => client.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Duplicate, Reason = Reason }).ResponseAsync);
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => client.UnmergeChildrenAsync(new UnmergeChildrenRequest { DuplicateId = pair.Duplicate, Reason = Reason }).ResponseAsync);
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => client.MarkNotSameChildAsync(new MarkNotSameChildRequest { ChildA = pair.Survivor, ChildB = pair.Duplicate, Reason = Reason }).ResponseAsync);
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => client.ListMergeHistoryAsync(new ListMergeHistoryRequest { ChildId = pair.Survivor }).ResponseAsync);
        }

        Assert.Equal(pair.Duplicate, (await IndexTeamGetAsync(pair.Duplicate)).ChildId);
        Assert.Empty((await Admin.ListMergeHistoryAsync(new ListMergeHistoryRequest { ChildId = pair.Survivor })).Decisions);
    }

    [Fact]
    public async Task BadMergeRequests_AreRefusedClearly()
    {
        var pair = await RegisterPairAsync();
        var unknown = ChildId.Format(ChildId.New());
        var withNhs = await RegisterAsync(pair.FamilyName, pair.Born, "Amy", nhsNumber: TestRequests.NewNhsNumber());
        var shielded = await RegisterAsync(pair.FamilyName, pair.Born, "Amie");
        await Admin.ShieldChildAsync(new ShieldChildRequest { ChildId = shielded, Reason = ShieldReason.DomesticAbuse });
        var archived = await RegisterAsync(pair.FamilyName, pair.Born, "Aimee");
        await SetArchivedAsync(archived);

        var invalid = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = "NOT-AN-ID", DuplicateId = pair.Duplicate }).ResponseAsync);
        var noMerge = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => Admin.UnmergeChildrenAsync(new UnmergeChildrenRequest { Reason = Reason }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => Admin.UnmergeChildrenAsync(new UnmergeChildrenRequest { MergeId = "not-a-merge", Reason = Reason }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => Admin.MarkNotSameChildAsync(new MarkNotSameChildRequest { ChildA = pair.Survivor, ChildB = pair.Duplicate }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = unknown, Reason = Reason }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Admin.UnmergeChildrenAsync(new UnmergeChildrenRequest { DuplicateId = pair.Duplicate, Reason = Reason }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Admin.UnmergeChildrenAsync(new UnmergeChildrenRequest { MergeId = Guid.NewGuid().ToString(), Reason = Reason }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Admin.ListMergeHistoryAsync(new ListMergeHistoryRequest { ChildId = unknown }).ResponseAsync);
        var same = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Survivor, Reason = Reason }).ResponseAsync);
        var twoNhs = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = withNhs, Reason = Reason }).ResponseAsync);
        var shieldMismatch = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = shielded, DuplicateId = pair.Duplicate, Reason = Reason }).ResponseAsync);
        var archivedRefused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = archived, Reason = Reason }).ResponseAsync);
        var merged = await Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Duplicate, Reason = Reason });
        var twice = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Duplicate, Reason = Reason }).ResponseAsync);
        var deathOfMerged = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.RecordDeathAsync(new RecordDeathRequest { ChildId = pair.Duplicate, DateOfDeath = Date(Today) }).ResponseAsync);
        var shieldOfMerged = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.ShieldChildAsync(new ShieldChildRequest { ChildId = pair.Duplicate, Reason = ShieldReason.OtherRisk }).ResponseAsync);
        await Admin.UnmergeChildrenAsync(new UnmergeChildrenRequest { MergeId = merged.MergeId, Reason = "wrong" });
        var undoneTwice = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Admin.UnmergeChildrenAsync(new UnmergeChildrenRequest { MergeId = merged.MergeId, Reason = "wrong" }).ResponseAsync);

        Assert.Equal(ReasonAndSurvivor, RpcAssert.ViolatedFields(invalid).Order(StringComparer.Ordinal));
        Assert.Equal("merge", Assert.Single(RpcAssert.ViolatedFields(noMerge)));
        Assert.Contains("same record", same.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("NHS numbers", twoNhs.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("shielded", shieldMismatch.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("archived", archivedRefused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("merged already", twice.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("undone already", undoneTwice.Status.Detail, StringComparison.Ordinal);
        Assert.All([deathOfMerged, shieldOfMerged], e => Assert.Contains($"merged into {pair.Survivor}", e.Status.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Purge_TakesTheMergedRecordWithItsSurvivor_AndEveryDecisionNamingThem()
    {
        var born = Date(Today.AddYears(-24));
        var pair = await RegisterPairAsync(born);
        var other = await RegisterAsync(pair.FamilyName, born, "Amelia");
        await Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = pair.Survivor, DuplicateId = pair.Duplicate, Reason = Reason });
        await Admin.MarkNotSameChildAsync(new MarkNotSameChildRequest { ChildA = pair.Survivor, ChildB = other, Reason = "sisters" });
        await Admin.RunRetentionAsync(new RunRetentionRequest());
        await SetArchivedAsync(pair.Survivor, Today.AddYears(-6));
        await SetArchivedAsync(other, Today.AddYears(-6));
        await Admin.SetLegalHoldAsync(new SetLegalHoldRequest { ChildId = other, Hold = true, Reason = "inquiry" });

        var run = await Admin.RunRetentionAsync(new RunRetentionRequest());

        Assert.Contains(run.Changes, c => c.ChildId == pair.Survivor && c.Action == RetentionChange.Types.Action.Purge);
        await using var db = server.CreateDbContext();
        var ids = new[] { Canonical(pair.Survivor), Canonical(pair.Duplicate) };
        Assert.False(await db.Children.AnyAsync(c => ids.Contains(c.IndexId)));
        Assert.False(await db.ChildDocuments.AnyAsync(d => ids.Contains(d.IndexId)));
        var otherKey = await db.Children.Where(c => c.IndexId == Canonical(other)).Select(c => c.Id).SingleAsync();
        Assert.False(await db.NotSameChildPairs.AnyAsync(p => p.FirstChildId == otherKey || p.SecondChildId == otherKey));
        Assert.Empty((await Admin.ListMergeHistoryAsync(new ListMergeHistoryRequest { ChildId = other })).Decisions);
        Assert.False(await db.ChildMerges.AnyAsync(m => !db.Children.Any(c => c.Id == m.SurvivorId) || !db.Children.Any(c => c.Id == m.DuplicateId)));
        var gone = await RpcAssert.FailsWith(StatusCode.NotFound, () => IndexTeamGetAsync(pair.Duplicate));
        Assert.DoesNotContain(pair.FamilyName, gone.Status.Detail, StringComparison.Ordinal);
        var verified = await (await AuditTestKit.SecurityOfficerAsync(server)).VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
    }

    private static Google.Type.Date Date(DateOnly date) => TestRequests.Date(date.Year, date.Month, date.Day);

    private static string Canonical(string childId) => ChildId.TryParse(childId, out var id) ? id : throw new ArgumentException(childId);

    /// <summary>The record as GetChild shows it, less what any change moves on.</summary>
    private static ChildRecord WithoutVersion(ChildRecord record)
    {
        var copy = record.Clone();
        copy.Version = 0;
        copy.UpdatedAt = null;
        return copy;
    }

    /// <summary>
    /// Two records of one child, as two agencies registered her: the survivor with an NHS number, the
    /// mother and a school; the duplicate with another spelling of her given name, a UPN, an agency's
    /// own identifier, the father and a GP practice.
    /// </summary>
    private async Task<Pair> RegisterPairAsync(Google.Type.Date? born = null)
    {
        var family = TestRequests.NewFamilyName();
        var dateOfBirth = born ?? TestRequests.Date(2015, 1 + Random.Shared.Next(12), 1 + Random.Shared.Next(28));
        var nhs = TestRequests.NewNhsNumber();
        var survivor = await server.Registration.RegisterChildAsync(TestRequests.Registration(TestRequests.Details(family, dateOfBirth), nhs));

        var details = TestRequests.Details(family, dateOfBirth, postcode: "LS4 2QT");
        details.Name.GivenNames = "Amarah";
        details.Carers[0] = new Carer
        {
            Name = new PersonName { GivenNames = "Chidi", FamilyName = family },
            Relationship = CarerRelationship.Father,
            HasParentalResponsibility = true,
            Email = "chidi@example.org",
        };
        var upn = TestRequests.NewUpn();
        var localId = $"MIS-{Guid.NewGuid():N}"[..20];
        var request = TestRequests.Registration(details);
        request.Identifiers = new ChildIdentifiers { Upn = upn, LocalIds = { new LocalIdentifier { OrganisationCode = "LS1234", Value = localId } } };
        var duplicate = await server.Registration.RegisterChildAsync(request);

        var survivorInvolvement = await RecordInvolvementAsync(survivor.ChildId, "Hyde Park Primary School");
        var gp = TestRequests.Involvement(ServiceType.GpPractice);
        gp.Organisation = new Organisation { Code = "B86001", Name = "Burley Park Medical Centre" };
        var duplicateInvolvement = (await server.Registration.RecordInvolvementAsync(new RecordInvolvementRequest
        {
            ChildId = duplicate.ChildId, RequestId = TestRequests.NewRequestId(), Involvement = gp,
        })).InvolvementId;
        return new Pair(survivor.ChildId, duplicate.ChildId, family, dateOfBirth, nhs, upn, localId, survivorInvolvement, duplicateInvolvement);
    }

    private async Task<string> RegisterAsync(string family, Google.Type.Date born, string givenNames, string? nhsNumber = null)
    {
        var details = TestRequests.Details(family, born, postcode: "LS7 3PD");
        details.Name.GivenNames = givenNames;
        var request = TestRequests.Registration(details);
        request.Identifiers = new ChildIdentifiers { NhsNumber = nhsNumber ?? string.Empty };
        return (await server.Registration.RegisterChildAsync(request)).ChildId;
    }

    private async Task<string> RecordInvolvementAsync(string childId, string practitioner)
    {
        var involvement = TestRequests.Involvement();
        involvement.PractitionerName = practitioner;
        return (await server.Registration.RecordInvolvementAsync(new RecordInvolvementRequest
        {
            ChildId = childId, RequestId = TestRequests.NewRequestId(), Involvement = involvement,
        })).InvolvementId;
    }

    private async Task<ChildRecord> IndexTeamGetAsync(string childId) =>
        await server.Directory.GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = new AccessPurpose { Code = AccessPurposeCode.DataQuality } });

    /// <summary>Archives a record (its document with it), as the retention run would on the day.</summary>
    private async Task SetArchivedAsync(string childId, DateOnly? on = null)
    {
        await using var db = server.CreateDbContext();
        var indexId = Canonical(childId);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Children.Where(c => c.IndexId == indexId).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.Status, Core.Records.RecordStatus.Archived)
            .SetProperty(c => c.ArchivedOn, on ?? Today));
        await ChildDocuments.RefreshAsync(db, indexId, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private sealed record Pair(
        string Survivor, string Duplicate, string FamilyName, Google.Type.Date Born, string SurvivorNhs, string DuplicateUpn, string DuplicateLocalId,
        string SurvivorInvolvement, string DuplicateInvolvement);
}

public sealed class SqliteMergeTests(SqliteMergeDirectoryServer server) : MergeTests(server), IClassFixture<SqliteMergeDirectoryServer>;

public sealed class PostgresMergeTests(PostgresMergeDirectoryServer server) : MergeTests(server), IClassFixture<PostgresMergeDirectoryServer>;
