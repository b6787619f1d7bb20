using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Time;
using ChildIndex.IntegrationTests.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Records;

/// <summary>A directory of its own: these tests raise and close duplicate tasks and purge, which no other test expects.</summary>
public sealed class SqliteDuplicatesDirectoryServer() : DirectoryServer(TestDatabase.Sqlite);

public sealed class PostgresDuplicatesDirectoryServer() : DirectoryServer(TestDatabase.PostgreSql);

/// <summary>Registration that does not create duplicates (ADR 16): a registration no identifier
/// links is scored against the children the index holds; the same child is matched, a possible
/// duplicate is created with a task for the index team, anything else is created.</summary>
public abstract class DuplicateRegistrationTests(DirectoryServer server)
{
    private IndexManagement.IndexManagementClient Admin => new(server.Channel);

    [Fact]
    public async Task SameChildFromAnotherAgency_WithAMisspeltFamilyNameAndNoSharedIdentifier_IsMatchedToTheRecordTheIndexHolds()
    {
        var details = DuplicateTestKit.Child(givenNames: "Aisha Grace");
        var agency = new Registration.RegistrationClient(await server.ChannelForRoleAsync(Roles.AgencySystem));
        var first = TestRequests.AgencyRegistration();
        first.Details = details;
        var existing = await agency.RegisterChildAsync(first);
        var again = DuplicateTestKit.Again(details);
        var family = again.Details.Name.FamilyName.ToCharArray();
        family[6] = family[6] == 'x' ? 'y' : 'x';
        again.Details.Name.FamilyName = new string(family);
        var before = await AuditTestKit.NewestSequenceAsync(server);

        var registered = await server.Registration.RegisterChildAsync(again);

        Assert.Equal(RegistrationOutcome.MatchedExisting, registered.Outcome);
        Assert.Equal(existing.ChildId, registered.ChildId);
        var record = await server.Directory.GetChildAsync(new GetChildRequest { ChildId = existing.ChildId, Purpose = TestRequests.Purpose() });
        Assert.Contains(record.Identifiers.LocalIds, l => l.OrganisationCode == "B82001");
        var audited = Assert.Single(await AuditTestKit.CallRecordsAfterAsync(server, before), r => r.Action.EndsWith("/RegisterChild", StringComparison.Ordinal));
        Assert.Contains($"{existing.ChildId} matched existing on its details", audited.Detail, StringComparison.Ordinal);
        Assert.Contains("upper 0.999", audited.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(details.Name.FamilyName, audited.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Aisha", audited.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await DuplicateTestKit.OpenTaskAsync(Admin, existing.ChildId));
    }

    [Fact]
    public async Task SameNewChildFromTwoAgenciesAtOnce_IsCreatedOnce_AndTheOtherRegistrationIsMatchedToIt()
    {
        // Two feeds send one child the index has never seen, with no identifier in common, at the
        // same moment. Eight such pairs at once: when both registrations looked up before either
        // committed, both created the child (PostgreSQL, before the duplicate check's lock). In half
        // the pairs the second feed misspells the family name, so the two share no family key:
        // the lock must be one they meet on through the other names and the date.
        var agency = new Registration.RegistrationClient(await server.ChannelForRoleAsync(Roles.AgencySystem));
        var pairs = Enumerable.Range(0, 8).Select(i => DuplicateTestKit.Child(givenNames: $"Theodore {(char)('A' + i)}")).ToList();
        var calls = pairs.SelectMany((details, i) =>
        {
            var first = TestRequests.AgencyRegistration();
            first.Details = details;
            var again = DuplicateTestKit.Again(details);
            if (i % 2 == 1)
            {
                var family = again.Details.Name.FamilyName.ToCharArray();
                family[6] = family[6] == 'x' ? 'y' : 'x';
                again.Details.Name.FamilyName = new string(family);
            }

            return new[] { agency.RegisterChildAsync(first).ResponseAsync, server.Registration.RegisterChildAsync(again).ResponseAsync };
        }).ToList();

        var answers = await Task.WhenAll(calls);

        foreach (var pair in answers.Chunk(2))
        {
            Assert.Single(pair, a => a.Outcome == RegistrationOutcome.Created);
            Assert.Single(pair, a => a.Outcome == RegistrationOutcome.MatchedExisting);
            Assert.Equal(pair[0].ChildId, pair[1].ChildId);
        }
    }

    [Fact]
    public async Task NearMatch_SameFamilyNameAndDateButAnotherPostcodeAndAShortForm_IsCreatedAndRaisesATaskForTheIndexTeam()
    {
        var details = DuplicateTestKit.Child();
        var existing = await server.Registration.RegisterChildAsync(TestRequests.Registration(details));
        var before = await AuditTestKit.NewestSequenceAsync(server);

        var registered = await server.Registration.RegisterChildAsync(DuplicateTestKit.NearMatch(details));

        Assert.Equal(RegistrationOutcome.CreatedPossibleDuplicate, registered.Outcome);
        Assert.NotEqual(existing.ChildId, registered.ChildId);
        var task = await DuplicateTestKit.OpenTaskAsync(Admin, registered.ChildId);
        Assert.NotNull(task);
        Assert.Equal(existing.ChildId, task.ExistingChildId);
        Assert.Equal(DuplicateTaskStatus.Open, task.Status);
        Assert.InRange(task.Score, task.LowerThreshold, 1);
        Assert.Equal(0.5, task.LowerThreshold);
        Assert.Equal(0.999, task.UpperThreshold);
        Assert.NotEqual(MatchBand.Unspecified, task.MatchBand);
        Assert.NotNull(task.RaisedAt);
        var audited = Assert.Single(await AuditTestKit.CallRecordsAfterAsync(server, before), r => r.Action.EndsWith("/RegisterChild", StringComparison.Ordinal));
        Assert.Contains($"{registered.ChildId} created, possible duplicate of {existing.ChildId}", audited.Detail, StringComparison.Ordinal);
        Assert.Contains($"task {task.TaskId}", audited.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(details.Name.FamilyName, audited.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DecidingThePair_ByMergeOrByNotSameChild_ClosesItsTask()
    {
        var (same, duplicate) = await DuplicateTestKit.RaiseAsync(server);
        var (twin, otherTwin) = await DuplicateTestKit.RaiseAsync(server);
        Assert.NotNull(await DuplicateTestKit.OpenTaskAsync(Admin, duplicate));
        Assert.NotNull(await DuplicateTestKit.OpenTaskAsync(Admin, otherTwin));

        await Admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = same, DuplicateId = duplicate, Reason = "one child, confirmed with the school" });
        await Admin.MarkNotSameChildAsync(new MarkNotSameChildRequest { ChildA = otherTwin, ChildB = twin, Reason = "twins, confirmed with the GP" });

        Assert.Null(await DuplicateTestKit.OpenTaskAsync(Admin, duplicate));
        Assert.Null(await DuplicateTestKit.OpenTaskAsync(Admin, otherTwin));
    }

    [Fact]
    public async Task UnrelatedChild_IsCreated_AndRaisesNoTask()
    {
        var registered = await server.Registration.RegisterChildAsync(DuplicateTestKit.Again(DuplicateTestKit.Child(givenNames: "Oluwaseun")));

        Assert.Equal(RegistrationOutcome.Created, registered.Outcome);
        Assert.Null(await DuplicateTestKit.OpenTaskAsync(Admin, registered.ChildId));
    }

    [Fact]
    public async Task BulkStream_DecidesEveryItemOnItsOwn_IncludingAChildSentTwiceInOneFeed()
    {
        var held = DuplicateTestKit.Child();
        var existing = await server.Registration.RegisterChildAsync(TestRequests.Registration(held));
        var unrelated = DuplicateTestKit.Child(givenNames: "Marek");

        var results = await SecurityData.RegisterStreamAsync(server.Registration,
        [
            DuplicateTestKit.Again(held),
            DuplicateTestKit.NearMatch(held),
            DuplicateTestKit.Again(unrelated, "B82001"),
            DuplicateTestKit.Again(unrelated, "Y02345"),
        ]);

        Assert.Equal(
            [RegistrationOutcome.MatchedExisting, RegistrationOutcome.CreatedPossibleDuplicate, RegistrationOutcome.Created, RegistrationOutcome.MatchedExisting],
            results.Select(r => r.Registered.Outcome));
        Assert.Equal(existing.ChildId, results[0].Registered.ChildId);
        Assert.Equal(existing.ChildId, (await DuplicateTestKit.OpenTaskAsync(Admin, results[1].Registered.ChildId))?.ExistingChildId);
        Assert.Equal(results[2].Registered.ChildId, results[3].Registered.ChildId);
        Assert.Null(await DuplicateTestKit.OpenTaskAsync(Admin, results[2].Registered.ChildId));
    }

    [Fact]
    public async Task ClosingATask_TakesItOffTheQueue_AndBadClosesAreRefusedClearly()
    {
        var (existing, created) = await DuplicateTestKit.RaiseAsync(server);
        var task = (await DuplicateTestKit.OpenTaskAsync(Admin, created))!;

        var closed = await Admin.CloseDuplicateTaskAsync(new CloseDuplicateTaskRequest
        {
            TaskId = task.TaskId, Resolution = DuplicateResolution.NotADuplicate, Reason = "different children: checked with the school",
        });

        Assert.Equal(DuplicateTaskStatus.Closed, closed.Status);
        Assert.Equal(DuplicateResolution.NotADuplicate, closed.Resolution);
        Assert.Equal(existing, closed.ExistingChildId);
        Assert.NotEmpty(closed.ClosedBy);
        Assert.NotNull(closed.ClosedAt);
        Assert.Null(await DuplicateTestKit.OpenTaskAsync(Admin, created));
        var twice = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () => await Admin.CloseDuplicateTaskAsync(new CloseDuplicateTaskRequest
        {
            TaskId = task.TaskId, Resolution = DuplicateResolution.Merged, Reason = "merged",
        }));
        Assert.Contains("already closed", twice.Status.Detail, StringComparison.Ordinal);
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await Admin.CloseDuplicateTaskAsync(new CloseDuplicateTaskRequest
        {
            TaskId = long.MaxValue, Resolution = DuplicateResolution.Other, Reason = "no such task",
        }));
        var invalid = await RpcAssert.FailsWith(StatusCode.InvalidArgument, async () => await Admin.CloseDuplicateTaskAsync(new CloseDuplicateTaskRequest()));
        Assert.Equal(["reason", "resolution", "task_id"], RpcAssert.ViolatedFields(invalid).Order(StringComparer.Ordinal));
        var badPage = await RpcAssert.FailsWith(StatusCode.InvalidArgument, async () => await Admin.ListPossibleDuplicatesAsync(
            new ListPossibleDuplicatesRequest { PageSize = 201, PageToken = "x" }));
        Assert.Equal(["page_size", "page_token"], RpcAssert.ViolatedFields(badPage).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OpenTasks_AreListedNewestFirst_APageAtATime()
    {
        var (_, older) = await DuplicateTestKit.RaiseAsync(server);
        var (_, newer) = await DuplicateTestKit.RaiseAsync(server);

        var first = await Admin.ListPossibleDuplicatesAsync(new ListPossibleDuplicatesRequest { PageSize = 1 });
        var second = await Admin.ListPossibleDuplicatesAsync(new ListPossibleDuplicatesRequest { PageSize = 1, PageToken = first.NextPageToken });

        Assert.Equal(newer, Assert.Single(first.Tasks).NewChildId);
        Assert.Equal(older, Assert.Single(second.Tasks).NewChildId);
        Assert.True(first.Tasks[0].TaskId > second.Tasks[0].TaskId);
    }

    [Fact]
    public async Task Practitioner_IsRefusedTheDuplicateQueue()
    {
        var practitioner = new IndexManagement.IndexManagementClient(await server.ChannelForRoleAsync(Roles.Practitioner));

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await practitioner.ListPossibleDuplicatesAsync(new ListPossibleDuplicatesRequest()));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await practitioner.CloseDuplicateTaskAsync(new CloseDuplicateTaskRequest
        {
            TaskId = 1, Resolution = DuplicateResolution.Other, Reason = "not mine to close",
        }));
    }

    [Fact]
    public async Task Purge_DeletesTheTasksNamingThePurgedChild()
    {
        var born = UkCalendar.Today(TimeProvider.System).AddYears(-24);
        var details = DuplicateTestKit.Child();
        details.DateOfBirth = TestRequests.Date(born.Year, born.Month, born.Day);
        var existing = await server.Registration.RegisterChildAsync(TestRequests.Registration(details));
        var near = await server.Registration.RegisterChildAsync(DuplicateTestKit.NearMatch(details));
        Assert.Equal(RegistrationOutcome.CreatedPossibleDuplicate, near.Outcome);
        Assert.True(await TasksNamingAsync(existing.ChildId) > 0);

        await Admin.RunRetentionAsync(new RunRetentionRequest());
        await SetArchivedOnAsync(UkCalendar.Today(TimeProvider.System).AddYears(-6), existing.ChildId);
        var run = await Admin.RunRetentionAsync(new RunRetentionRequest());

        Assert.Contains(run.Changes, c => c.ChildId == existing.ChildId && c.Action == RetentionChange.Types.Action.Purge);
        Assert.Equal(0, await TasksNamingAsync(existing.ChildId));
        Assert.Equal(0, await TasksNamingAsync(near.ChildId));
    }

    private async Task<int> TasksNamingAsync(string childId)
    {
        await using var db = server.CreateDbContext();
        Assert.True(ChildId.TryParse(childId, out var indexId));
        return await db.PossibleDuplicates.CountAsync(d =>
            db.Children.Any(c => c.IndexId == indexId && (c.Id == d.NewChildId || c.Id == d.ExistingChildId)))
            + await db.PossibleDuplicates.CountAsync(d => !db.Children.Any(c => c.Id == d.NewChildId) || !db.Children.Any(c => c.Id == d.ExistingChildId));
    }

    /// <summary>Moves archiving back in time, as the years would (the record's document with it).</summary>
    private async Task SetArchivedOnAsync(DateOnly archivedOn, string childId)
    {
        await using var db = server.CreateDbContext();
        Assert.True(ChildId.TryParse(childId, out var indexId));
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Children.Where(c => c.IndexId == indexId).ExecuteUpdateAsync(set => set.SetProperty(c => c.ArchivedOn, archivedOn));
        await ChildDocuments.RefreshAsync(db, indexId, CancellationToken.None);
        await transaction.CommitAsync();
    }
}

public sealed class SqliteDuplicateRegistrationTests(SqliteDuplicatesDirectoryServer server)
    : DuplicateRegistrationTests(server), IClassFixture<SqliteDuplicatesDirectoryServer>;

public sealed class PostgresDuplicateRegistrationTests(PostgresDuplicatesDirectoryServer server)
    : DuplicateRegistrationTests(server), IClassFixture<PostgresDuplicatesDirectoryServer>;
