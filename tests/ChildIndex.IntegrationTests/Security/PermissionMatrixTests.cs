using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChildIndex.IntegrationTests.Security;

/// <summary>
/// Every cell of the Role x RPC table of docs/permissions.md, checked against the running service
/// with a real token of that role: allowed cells succeed on the caller's own organisation's data,
/// denied cells are PERMISSION_DENIED without a word about the child and change nothing.
/// </summary>
public abstract class PermissionMatrixTests(DirectoryServer server)
{
    [Fact]
    public void Table_HasThirtyOneRpcsAndSevenRoles_AndOnlyKnownRules()
    {
        var table = PermissionTable.Document;

        Assert.Equal(31, table.Rpcs.Count);
        Assert.Equal(7, table.Roles.Count);
        Assert.Equal(217, table.Rules.Count);
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), table.Roles.Order(StringComparer.Ordinal));
        Assert.All(table.Rules, cell => Assert.Contains(cell.Value, new[] { PermissionTable.Allow, PermissionTable.OwnOrganisation, PermissionTable.Deny }));
    }

    [Fact]
    public void Table_NamesEveryRpcOfTheDirectoryServices_AndNoOther()
    {
        var served = new[] { ChildDirectory.Descriptor, Registration.Descriptor, AuditTrail.Descriptor, IndexManagement.Descriptor }
            .SelectMany(service => service.Methods.Select(method => $"{service.Name}/{method.Name}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(served, PermissionTable.Document.Rpcs.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PermissionTable.Cells), MemberType = typeof(PermissionTable))]
    public async Task Call_WithATokenOfTheRole_IsAllowedOrDeniedAsTheTableSays(string rpc, string role, string rule)
    {
        var organisation = PermissionTable.OrganisationOf(role);
        var scenario = await PrepareAsync(rpc, organisation);
        var channel = await server.ChannelForRoleAsync(role);

        if (rule is PermissionTable.Allow or PermissionTable.OwnOrganisation)
        {
            await scenario.Call(channel);
        }
        else
        {
            Assert.Equal(PermissionTable.Deny, rule);
            var error = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => scenario.Call(channel));
            SecurityData.AssertDisclosesNothingAbout(error, scenario.Child, scenario.ChildId);
            await scenario.AssertUnchanged();
        }
    }

    /// <summary>
    /// A child prepared by the index team, and a call of <paramref name="rpc"/> that an allowed
    /// caller of <paramref name="organisation"/> makes successfully (it asserts its own success).
    /// </summary>
    private async Task<Scenario> PrepareAsync(string rpc, string organisation)
    {
        var child = SecurityData.Child(organisation);
        var registered = await server.Registration.RegisterChildAsync(child);
        var childId = registered.ChildId;
        switch (rpc)
        {
            case "ChildDirectory/SearchChildren":
                return new Scenario(child, childId, async channel =>
                {
                    var found = await new ChildDirectory.ChildDirectoryClient(channel).SearchChildrenAsync(
                        new SearchChildrenRequest { Purpose = SecurityData.Purpose(), NhsNumber = child.Identifiers.NhsNumber });
                    Assert.Equal(childId, Assert.Single(found.Children).ChildId);
                }, () => Task.CompletedTask);

            case "ChildDirectory/GetChild":
                return new Scenario(child, childId, async channel =>
                {
                    var record = await new ChildDirectory.ChildDirectoryClient(channel).GetChildAsync(new GetChildRequest { Purpose = SecurityData.Purpose(), ChildId = childId });
                    Assert.Equal(childId, record.ChildId);
                    Assert.Equal(child.Identifiers.LocalIds, record.Identifiers.LocalIds);
                }, () => Task.CompletedTask);

            case "Registration/RegisterChild":
            case "Registration/RegisterChildren":
            {
                // The known child again, with a further identifier of the caller's organisation.
                var again = child.Clone();
                again.RequestId = TestRequests.NewRequestId();
                again.Identifiers.LocalIds.Clear();
                again.Identifiers.LocalIds.Add(SecurityData.LocalId(organisation));
                var added = again.Identifiers.LocalIds[0];
                return new Scenario(child, childId, async channel =>
                {
                    var client = new Registration.RegistrationClient(channel);
                    RegisterChildResponse response;
                    if (rpc.EndsWith("RegisterChildren", StringComparison.Ordinal))
                    {
                        var result = Assert.Single(await SecurityData.RegisterStreamAsync(client, again));
                        Assert.Null(result.Error);
                        response = result.Registered;
                    }
                    else
                    {
                        response = await client.RegisterChildAsync(again);
                    }

                    Assert.Equal(RegistrationOutcome.MatchedExisting, response.Outcome);
                    Assert.Equal(childId, response.ChildId);
                    Assert.Contains(added, (await GetAsync(childId)).Identifiers.LocalIds);
                }, async () => Assert.DoesNotContain(added, (await GetAsync(childId)).Identifiers.LocalIds));
            }

            case "Registration/UpdateChildDetails":
            {
                var details = child.Details.Clone();
                details.Address.Lines[0] = "14 Hyde Park Road";
                return new Scenario(child, childId, async channel =>
                {
                    var updated = await new Registration.RegistrationClient(channel).UpdateChildDetailsAsync(
                        new UpdateChildDetailsRequest { ChildId = childId, ExpectedVersion = registered.Version, Details = details });
                    Assert.Equal(registered.Version + 1, updated.Version);
                    Assert.Equal("14 Hyde Park Road", (await GetAsync(childId)).Details.Address.Lines[0]);
                }, async () =>
                {
                    var record = await GetAsync(childId);
                    Assert.Equal(registered.Version, record.Version);
                    Assert.Equal(child.Details.Address.Lines[0], record.Details.Address.Lines[0]);
                });
            }

            case "Registration/RecordInvolvement":
            {
                var request = SecurityData.Record(childId, organisation);
                return new Scenario(child, childId, async channel =>
                {
                    var recorded = await new Registration.RegistrationClient(channel).RecordInvolvementAsync(request);
                    var involvement = Assert.Single((await GetAsync(childId)).Involvements);
                    Assert.Equal(recorded.InvolvementId, involvement.InvolvementId);
                    Assert.Equal(organisation, involvement.Organisation.Code);
                }, async () => Assert.Empty((await GetAsync(childId)).Involvements));
            }

            case "Registration/EndInvolvement":
            {
                var recorded = await server.Registration.RecordInvolvementAsync(SecurityData.Record(childId, organisation));
                return new Scenario(child, childId, async channel =>
                {
                    var ended = await new Registration.RegistrationClient(channel).EndInvolvementAsync(SecurityData.End(childId, recorded.InvolvementId));
                    Assert.Equal(SecurityData.InvolvementEnd, ended.Involvement.EndDate);
                }, async () => Assert.Null(Assert.Single((await GetAsync(childId)).Involvements).EndDate));
            }

            case var audit when audit.StartsWith("AuditTrail/", StringComparison.Ordinal):
                return new Scenario(child, childId, channel => CallAuditTrailAsync(audit, new AuditTrail.AuditTrailClient(channel), childId), () => Task.CompletedTask);

            case var management when management.StartsWith("IndexManagement/", StringComparison.Ordinal):
                return await IndexManagementScenarioAsync(management, child, childId);

            default:
                throw new InvalidOperationException($"docs/permissions.md names {rpc}, for which this test has no call: add one");
        }
    }

    /// <summary>A successful call of each AuditTrail RPC: the index team's preparation has already
    /// left records and checkpoints in the trail.</summary>
    private static async Task CallAuditTrailAsync(string rpc, AuditTrail.AuditTrailClient client, string childId)
    {
        switch (rpc)
        {
            case "AuditTrail/QueryAudit":
                Assert.NotEmpty((await client.QueryAuditAsync(new QueryAuditRequest { ChildId = childId })).Records);
                break;
            case "AuditTrail/ExportAudit":
                using (var export = client.ExportAudit(new ExportAuditRequest()))
                {
                    Assert.True(await export.ResponseStream.MoveNext(CancellationToken.None));
                    Assert.False(export.ResponseStream.Current.PublicKey.IsEmpty);
                }

                break;
            case "AuditTrail/WhoAccessedChild":
                Assert.NotEmpty((await client.WhoAccessedChildAsync(new WhoAccessedChildRequest { ChildId = childId })).Records);
                break;
            case "AuditTrail/VerifyAuditTrail":
                Assert.True((await client.VerifyAuditTrailAsync(new VerifyAuditTrailRequest())).Intact);
                break;
            case "AuditTrail/GetCheckpoint":
                Assert.True((await client.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize > 0);
                break;
            case "AuditTrail/GetInclusionProof":
                Assert.Equal(0, (await client.GetInclusionProofAsync(new GetInclusionProofRequest { Sequence = 0 })).Sequence);
                break;
            case "AuditTrail/GetConsistencyProof":
                var oldest = await client.GetCheckpointAsync(new GetCheckpointRequest { TreeSize = 1 });
                Assert.Equal(oldest.TreeSize, (await client.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = oldest.TreeSize })).FirstSize);
                break;
            case "AuditTrail/MisuseReport":
                await client.MisuseReportAsync(new MisuseReportRequest());
                break;
            default:
                throw new InvalidOperationException($"no call for {rpc}");
        }
    }

    /// <summary>A successful call of each IndexManagement RPC, on a child the index team has shielded
    /// (and, for the reviews, that a safeguarding lead has opened by break-glass).</summary>
    private async Task<Scenario> IndexManagementScenarioAsync(string rpc, RegisterChildRequest child, string childId)
    {
        static IndexManagement.IndexManagementClient Client(GrpcChannel channel) => new(channel);
        var admin = Client(server.Channel);
        if (rpc == "IndexManagement/ShieldChild")
        {
            return new Scenario(child, childId, async channel =>
            {
                Assert.True((await Client(channel).ShieldChildAsync(SecurityData.Shield(childId))).Shielded);
                Assert.True((await GetAsync(childId)).Shielded);
            }, async () => Assert.False((await GetAsync(childId)).Shielded));
        }

        var version = (await GetAsync(childId)).Version;
        Func<Task> versionUnchanged = async () => Assert.Equal(version, (await GetAsync(childId)).Version);
        switch (rpc)
        {
            case "IndexManagement/RecordDeath":
                return new Scenario(child, childId, async channel =>
                {
                    var state = await Client(channel).RecordDeathAsync(new RecordDeathRequest { ChildId = childId, DateOfDeath = new Google.Type.Date { Year = 2025, Month = 1, Day = 2 } });
                    Assert.Equal(RecordStatus.Deceased, state.Status);
                    Assert.Equal(RecordStatus.Deceased, (await GetAsync(childId)).Status);
                }, versionUnchanged);
            case "IndexManagement/SetRetentionExtension":
                return new Scenario(child, childId, async channel =>
                    Assert.Equal(RetentionExtension.CareLeaver, (await Client(channel).SetRetentionExtensionAsync(
                        new SetRetentionExtensionRequest { ChildId = childId, Extension = RetentionExtension.CareLeaver })).Extension), versionUnchanged);
            case "IndexManagement/SetLegalHold":
                return new Scenario(child, childId, async channel =>
                    Assert.True((await Client(channel).SetLegalHoldAsync(new SetLegalHoldRequest { ChildId = childId, Hold = true, Reason = "court order" })).LegalHold),
                    versionUnchanged);
            case "IndexManagement/SubjectAccess":
                return new Scenario(child, childId, async channel =>
                {
                    var report = await Client(channel).SubjectAccessAsync(new SubjectAccessRequest { ChildId = childId });
                    Assert.Equal(childId, report.Record.ChildId);
                    Assert.NotEmpty(report.Accesses);
                }, versionUnchanged);
            case "IndexManagement/ListPossibleDuplicates":
            {
                var near = await server.Registration.RegisterChildAsync(Records.DuplicateTestKit.Moved(child.Details));
                return new Scenario(child, childId, async channel =>
                {
                    var page = await Client(channel).ListPossibleDuplicatesAsync(new ListPossibleDuplicatesRequest { PageSize = 200 });
                    Assert.Equal(childId, Assert.Single(page.Tasks, t => t.NewChildId == near.ChildId).ExistingChildId);
                }, versionUnchanged);
            }

            case "IndexManagement/CloseDuplicateTask":
            {
                var near = await server.Registration.RegisterChildAsync(Records.DuplicateTestKit.Moved(child.Details));
                var task = (await Records.DuplicateTestKit.OpenTaskAsync(admin, near.ChildId))!;
                return new Scenario(child, childId, async channel =>
                {
                    var closed = await Client(channel).CloseDuplicateTaskAsync(new CloseDuplicateTaskRequest
                    {
                        TaskId = task.TaskId, Resolution = DuplicateResolution.NotADuplicate, Reason = "different children",
                    });
                    Assert.Equal(DuplicateTaskStatus.Closed, closed.Status);
                }, async () => Assert.NotNull(await Records.DuplicateTestKit.OpenTaskAsync(admin, near.ChildId)));
            }

            case "IndexManagement/RunRetention":
                // A dry run: the shared server's other children are not this test's to archive.
                return new Scenario(child, childId, async channel =>
                    Assert.True((await Client(channel).RunRetentionAsync(new RunRetentionRequest { DryRun = true })).DryRun), versionUnchanged);
            case "IndexManagement/MergeChildren":
            {
                var duplicate = await RegisterWithoutIdentifiersAsync();
                return new Scenario(child, childId, async channel =>
                {
                    var merged = await Client(channel).MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = childId, DuplicateId = duplicate, Reason = "same child" });
                    Assert.Equal(childId, merged.SurvivorId);
                    Assert.Equal(duplicate, (await GetAsync(duplicate)).RequestedChildId);
                }, async () =>
                {
                    Assert.Equal(duplicate, (await GetAsync(duplicate)).ChildId);
                    await versionUnchanged();
                });
            }

            case "IndexManagement/UnmergeChildren":
            {
                var duplicate = await RegisterWithoutIdentifiersAsync();
                await admin.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = childId, DuplicateId = duplicate, Reason = "same child" });
                return new Scenario(child, childId, async channel =>
                {
                    await Client(channel).UnmergeChildrenAsync(new UnmergeChildrenRequest { DuplicateId = duplicate, Reason = "two children after all" });
                    Assert.Equal(duplicate, (await GetAsync(duplicate)).ChildId);
                }, async () => Assert.Equal(childId, (await GetAsync(duplicate)).ChildId));
            }

            case "IndexManagement/MarkNotSameChild":
            {
                var other = await RegisterWithoutIdentifiersAsync();
                return new Scenario(child, childId, async channel =>
                    Assert.Equal(MergeDecision.Types.Kind.NotSameChild, (await Client(channel).MarkNotSameChildAsync(
                        new MarkNotSameChildRequest { ChildA = childId, ChildB = other, Reason = "twins" })).Kind),
                    async () => Assert.Empty((await admin.ListMergeHistoryAsync(new ListMergeHistoryRequest { ChildId = childId })).Decisions));
            }

            case "IndexManagement/ListMergeHistory":
                return new Scenario(child, childId, async channel =>
                    Assert.Empty((await Client(channel).ListMergeHistoryAsync(new ListMergeHistoryRequest { ChildId = childId })).Decisions), versionUnchanged);
        }

        await admin.ShieldChildAsync(SecurityData.Shield(childId));
        switch (rpc)
        {
            case "IndexManagement/UnshieldChild":
                return new Scenario(child, childId, async channel =>
                {
                    Assert.False((await Client(channel).UnshieldChildAsync(new UnshieldChildRequest { ChildId = childId, Justification = "the risk has passed" })).Shielded);
                    Assert.False((await GetAsync(childId)).Shielded);
                }, async () => Assert.True((await GetAsync(childId)).Shielded));

            case "IndexManagement/BreakGlass":
                return new Scenario(child, childId, async channel =>
                {
                    var grant = await Client(channel).BreakGlassAsync(SecurityData.BreakGlass(childId));
                    Assert.Equal(childId, grant.ChildId);
                    var record = await new ChildDirectory.ChildDirectoryClient(channel).GetChildAsync(new GetChildRequest { Purpose = SecurityData.Purpose(), ChildId = childId });
                    Assert.Equal(grant.ExpiresAt, record.BreakGlassUntil);
                    Assert.Equal(child.Identifiers.NhsNumber, record.Identifiers.NhsNumber);
                }, async () => Assert.DoesNotContain((await admin.ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest())).Reviews, r => r.ChildId == childId));
        }

        var lead = Client(await server.ChannelForRoleAsync(Roles.SafeguardingLead));
        var opened = await lead.BreakGlassAsync(SecurityData.BreakGlass(childId));
        async Task<BreakGlassReview> ReviewAsync() =>
            Assert.Single((await admin.ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest())).Reviews, r => r.ReviewId == opened.ReviewId);
        return rpc switch
        {
            "IndexManagement/ListBreakGlassReviews" => new Scenario(child, childId, async channel =>
            {
                var open = await Client(channel).ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest { OpenOnly = true });
                Assert.Equal(childId, Assert.Single(open.Reviews, r => r.ReviewId == opened.ReviewId).ChildId);
            }, () => Task.CompletedTask),
            "IndexManagement/CloseBreakGlassReview" => new Scenario(child, childId, async channel =>
            {
                var closed = await Client(channel).CloseBreakGlassReviewAsync(new CloseBreakGlassReviewRequest
                {
                    ReviewId = opened.ReviewId, Outcome = ReviewOutcome.Justified, ReviewNote = "confirmed with the lead",
                });
                Assert.Equal(ReviewStatus.Closed, closed.Status);
                Assert.Equal(ReviewStatus.Closed, (await ReviewAsync()).Status);
            }, async () => Assert.Equal(ReviewStatus.Open, (await ReviewAsync()).Status)),
            _ => throw new InvalidOperationException($"docs/permissions.md names {rpc}, for which this test has no call: add one"),
        };
    }

    private async Task<ChildRecord> GetAsync(string childId) =>
        await server.Directory.GetChildAsync(new GetChildRequest { Purpose = SecurityData.Purpose(), ChildId = childId });

    /// <summary>Another record, with nothing that could stop its merge with the scenario's child.</summary>
    private async Task<string> RegisterWithoutIdentifiersAsync()
    {
        var request = TestRequests.Registration();
        request.Identifiers = new ChildIdentifiers();
        return (await server.Registration.RegisterChildAsync(request)).ChildId;
    }

    /// <param name="Call">Makes the call over the channel and asserts that it did what it should.</param>
    /// <param name="AssertUnchanged">Asserts, as the index team, that the record is as prepared.</param>
    private sealed record Scenario(RegisterChildRequest Child, string ChildId, Func<GrpcChannel, Task> Call, Func<Task> AssertUnchanged);
}

public sealed class SqlitePermissionMatrixTests(SqliteDirectoryServer server) : PermissionMatrixTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresPermissionMatrixTests(PostgresDirectoryServer server) : PermissionMatrixTests(server), IClassFixture<PostgresDirectoryServer>;
