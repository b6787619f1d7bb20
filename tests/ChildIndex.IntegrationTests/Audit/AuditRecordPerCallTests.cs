using ChildIndex.Api.GrpcServices;
using ChildIndex.Api.Auditing;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>
/// Every RPC of ChildDirectory, Registration and AuditTrail leaves exactly one record in the trail,
/// whether it is allowed, refused for the caller's role (PERMISSION_DENIED), refused for its request
/// (INVALID_ARGUMENT, NOT_FOUND) or refused for want of a token (UNAUTHENTICATED), and the record says
/// who called, what, why, about which children, what they were shown, and where the call came from.
/// </summary>
public abstract class AuditRecordPerCallTests(DirectoryServer server)
{
    public const string Allowed = "allowed";
    public const string WrongRole = "wrong-role";
    public const string BadRequest = "bad-request";
    public const string NoToken = "no-token";

    private static readonly string[] Rpcs =
    [
        "ChildDirectory/SearchChildren", "ChildDirectory/GetChild",
        "Registration/RegisterChild", "Registration/RegisterChildren", "Registration/UpdateChildDetails",
        "Registration/RecordInvolvement", "Registration/EndInvolvement",
        "AuditTrail/QueryAudit", "AuditTrail/ExportAudit", "AuditTrail/WhoAccessedChild", "AuditTrail/VerifyAuditTrail",
        "AuditTrail/GetCheckpoint", "AuditTrail/GetInclusionProof", "AuditTrail/GetConsistencyProof", "AuditTrail/MisuseReport",
        "IndexManagement/ShieldChild", "IndexManagement/UnshieldChild", "IndexManagement/BreakGlass",
        "IndexManagement/ListBreakGlassReviews", "IndexManagement/CloseBreakGlassReview",
        "IndexManagement/RecordDeath", "IndexManagement/SetRetentionExtension", "IndexManagement/SetLegalHold",
        "IndexManagement/RunRetention", "IndexManagement/SubjectAccess",
        "IndexManagement/ListPossibleDuplicates", "IndexManagement/CloseDuplicateTask",
        "IndexManagement/MergeChildren", "IndexManagement/UnmergeChildren", "IndexManagement/MarkNotSameChild", "IndexManagement/ListMergeHistory",
    ];

    /// <summary>RPCs whose requests have nothing that can be wrong.</summary>
    private static readonly string[] WithoutBadRequests = ["AuditTrail/ExportAudit", "AuditTrail/VerifyAuditTrail", "AuditTrail/MisuseReport", "IndexManagement/ListBreakGlassReviews", "IndexManagement/RunRetention"];

    public static TheoryData<string, string> Calls()
    {
        var data = new TheoryData<string, string>();
        foreach (var rpc in Rpcs)
        {
            foreach (var kind in new[] { Allowed, WrongRole, BadRequest, NoToken })
            {
                if (kind != BadRequest || !WithoutBadRequests.Contains(rpc))
                {
                    data.Add(rpc, kind);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Calls_CoverEveryRpcOfTheAuditedServices()
    {
        var served = new[] { ChildDirectory.Descriptor, Registration.Descriptor, AuditTrail.Descriptor, IndexManagement.Descriptor }
            .SelectMany(service => service.Methods.Select(method => $"{service.Name}/{method.Name}"));

        Assert.Equal(served.Order(StringComparer.Ordinal), Rpcs.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task EveryCall_AllowedOrRefused_LeavesExactlyOneRecordThatDescribesIt(string rpc, string kind)
    {
        var scenario = await PrepareAsync(rpc, kind);
        var caller = kind switch
        {
            NoToken => null,
            WrongRole => scenario.WrongRole ?? (scenario.AuditTrail ? Roles.IndexAdmin : Roles.SecurityOfficer),
            _ => scenario.Role ?? (scenario.AuditTrail ? Roles.SecurityOfficer : Roles.IndexAdmin),
        };
        var channel = caller is null ? server.AnonymousChannel : await server.ChannelForRoleAsync(caller);
        var expectedOutcome = kind switch
        {
            Allowed => "OK",
            WrongRole => "PERMISSION_DENIED",
            NoToken => "UNAUTHENTICATED",
            _ => scenario.BadRequestOutcome,
        };

        var record = await TheOneRecordOfAsync(async headers =>
        {
            if (expectedOutcome == "OK")
            {
                await scenario.Call(channel, headers);
            }
            else
            {
                await RpcAssert.FailsWith(Enum.Parse<StatusCode>(expectedOutcome.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true), () => scenario.Call(channel, headers));
            }
        });

        Assert.Equal($"childindex.v1.{rpc}", record.Action);
        Assert.Equal(expectedOutcome, record.Outcome);
        if (caller is null)
        {
            Assert.Equal(new AuditActor(), record.Actor);
            Assert.Contains("token", record.Detail, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(await AuditTestKit.SubjectOfRoleAsync(server, caller), record.Actor.Subject);
            Assert.Equal(new[] { caller }, record.Actor.Roles);
            Assert.Equal(PermissionTable.OrganisationOf(caller), record.Actor.OrganisationCode);
            Assert.Equal($"Test {caller}", record.Actor.DisplayName);
            Assert.Equal("user", record.Actor.PrincipalType);
            if (expectedOutcome != "OK")
            {
                Assert.NotEmpty(record.Detail);
            }

            // What the request said is recorded whatever the outcome; refusals before gRPC
            // (no token) never read the request.
            scenario.Check(record, kind);
        }
    }

    [Fact]
    public async Task SearchChildren_Record_HoldsThePurposeTheCriteriaAsSentAndTheChildrenShownInOrder()
    {
        var family = TestRequests.NewFamilyName();
        // A date of birth no other test uses: test family names share their first letters, which
        // fuzzy matching rightly finds alike, and the children shown must be exactly these two.
        var born = TestRequests.Date(2009, 1 + Random.Shared.Next(12), 1 + Random.Shared.Next(28));
        var first = await server.Registration.RegisterChildAsync(TestRequests.Registration(TestRequests.Details(family, born)));
        var second = await server.Registration.RegisterChildAsync(TestRequests.Registration(TestRequests.Details(family, born)));
        var request = new SearchChildrenRequest
        {
            Purpose = new AccessPurpose { Code = AccessPurposeCode.Assessment, Justification = "CAF assessment started" },
            Name = new NameSearch { FamilyName = family.ToUpperInvariant(), DateOfBirth = born },
        };
        SearchChildrenResponse? found = null;

        var record = await TheOneRecordOfAsync(async headers => found = await server.Directory.SearchChildrenAsync(request, headers));

        Assert.Equal(request.Purpose, record.Purpose);
        var criteria = request.Clone();
        criteria.Purpose = null;
        Assert.Equal(criteria, record.Search);
        Assert.Equal(found!.Children.Select(c => c.ChildId), record.ResultChildIds);
        Assert.Equal(new[] { first.ChildId, second.ChildId }.Order(StringComparer.Ordinal), record.ResultChildIds.Order(StringComparer.Ordinal));
        Assert.Empty(record.ChildIds);
    }

    [Fact]
    public async Task RegisterChildren_ALongerStream_LeavesOneRecordPerCommittedBatch_TogetherNamingEveryChildOnce()
    {
        var before = await AuditTestKit.NewestSequenceAsync(server);
        var (headers, traceId) = AuditTestKit.TraceParent();
        var requests = Enumerable.Range(0, RegistrationService.MaxBatch + 50).Select(_ => TestRequests.Registration()).ToArray();

        var results = await StreamAsync(server.Channel, headers, requests);

        var records = (await AuditTestKit.CallRecordsAfterAsync(server, before)).Where(r => r.TraceId == traceId).ToList();
        var batches = (int)Math.Ceiling(requests.Length / (double)RegistrationService.MaxBatch);
        Assert.InRange(records.Count, batches, requests.Length);
        Assert.All(records, r => Assert.Equal("childindex.v1.Registration/RegisterChildren", r.Action));
        Assert.Equal(
            results.Select(r => r.Registered.ChildId).Order(StringComparer.Ordinal),
            records.SelectMany(r => r.ChildIds).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RegisterChildren_AnEmptyStream_LeavesOneRecord()
    {
        var record = await TheOneRecordOfAsync(async headers => Assert.Empty(await StreamAsync(server.Channel, headers)));

        Assert.Equal("childindex.v1.Registration/RegisterChildren", record.Action);
        Assert.Empty(record.ChildIds);
    }

    [Fact]
    public async Task ExportAudit_IsRecordedBeforeItStreams_SoTheExportHoldsItsOwnRecord()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var before = await AuditTestKit.NewestSequenceAsync(server);
        var (headers, traceId) = AuditTestKit.TraceParent();

        using (var call = officer.ExportAudit(new ExportAuditRequest(), headers))
        {
            // The first item has left the server: its record is already in the trail.
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            var record = Assert.Single(await AuditTestKit.CallRecordsAfterAsync(server, before), r => r.TraceId == traceId);
            Assert.Equal("childindex.v1.AuditTrail/ExportAudit", record.Action);
        }

        var export = await AuditTestKit.ExportAsync(officer);
        Assert.Contains(export.Records, r => AuditRecord.Parser.ParseFrom(r.Record).TraceId == traceId);
    }

    [Fact]
    public async Task Records_NameTheServerInstanceAndTheClientAddress()
    {
        var child = await server.Registration.RegisterChildAsync(TestRequests.Registration());

        var record = await TheOneRecordOfAsync(async headers =>
            await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId }, headers));

        Assert.Equal(server.Services.GetRequiredService<ServerInstance>().Name, record.ServerInstance);
        Assert.False(string.IsNullOrEmpty(record.ServerInstance));
        // The in-process test server reports no remote address; a real connection's is recorded as given.
        Assert.Equal(ExpectedClientAddress, record.ClientAddress);
    }

    /// <summary>What the in-process test host gives as the remote address.</summary>
    protected virtual string ExpectedClientAddress => string.Empty;

    /// <summary>
    /// Runs <paramref name="call"/> (with a traceparent header), then asserts it left exactly one
    /// record of a directory or audit-trail call, carrying the call's trace id, and returns it.
    /// </summary>
    private async Task<AuditRecord> TheOneRecordOfAsync(Func<Metadata, Task> call)
    {
        var before = await AuditTestKit.NewestSequenceAsync(server);
        var (headers, traceId) = AuditTestKit.TraceParent();

        await call(headers);

        // A call refused before gRPC (no token) is recorded just after its answer.
        await AuditTestKit.EventuallyAsync(
            async () => (await AuditTestKit.CallRecordsAfterAsync(server, before)).Any(r => r.TraceId == traceId) ? new object() : null,
            TimeSpan.FromSeconds(5),
            "the call's record");
        // Anything more the call left would show by now. Records of earlier tests' calls that were
        // still being written carry their own trace ids, so they are told apart by trace id.
        await Task.Delay(250);
        var records = await AuditTestKit.CallRecordsAfterAsync(server, before);
        var record = Assert.Single(records, r => r.TraceId == traceId);
        Assert.Equal(server.Services.GetRequiredService<ServerInstance>().Name, record.ServerInstance);
        Assert.NotNull(record.Time);
        Assert.InRange(record.Time.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(5));
        return record;
    }

    private static Task<List<RegisterChildrenResult>> StreamAsync(GrpcChannel channel, Metadata headers, params RegisterChildRequest[] requests) =>
        SecurityData.RegisterStreamAsync(new Registration.RegistrationClient(channel), headers, requests);

    /// <summary>A call of one RPC, prepared (a child registered first, an involvement recorded...)
    /// before the trail is counted; and what its record must say beyond who and how it ended.</summary>
    /// <remarks>Allowed calls are made as <paramref name="Role"/>, refused ones as
    /// <paramref name="WrongRole"/>; by default the security officer and the index team, one
    /// allowed and the other not, as <paramref name="AuditTrail"/> says.</remarks>
    private sealed record Scenario(
        bool AuditTrail,
        Func<GrpcChannel, Metadata, Task> Call,
        Action<AuditRecord, string> Check,
        string BadRequestOutcome = "INVALID_ARGUMENT",
        string? Role = null,
        string? WrongRole = null);

    /// <summary>Another record, with nothing that could stop its merge with the scenario's child.</summary>
    private async Task<string> RegisterWithoutIdentifiersAsync()
    {
        var request = TestRequests.Registration();
        request.Identifiers = new ChildIdentifiers();
        return (await server.Registration.RegisterChildAsync(request)).ChildId;
    }

    private async Task<Scenario> PrepareAsync(string rpc, string kind)
    {
        var child = TestRequests.Registration();
        var registered = await server.Registration.RegisterChildAsync(child);
        var childId = registered.ChildId;
        var purpose = new AccessPurpose { Code = AccessPurposeCode.SafeguardingConcern, Justification = "audit test" };
        var bad = kind == BadRequest;
        static ChildDirectory.ChildDirectoryClient Directory(GrpcChannel channel) => new(channel);
        static Registration.RegistrationClient Writes(GrpcChannel channel) => new(channel);
        static AuditTrail.AuditTrailClient Trail(GrpcChannel channel) => new(channel);
        static IndexManagement.IndexManagementClient Management(GrpcChannel channel) => new(channel);
        var indexTeam = Management(server.Channel);

        switch (rpc)
        {
            case "ChildDirectory/SearchChildren":
            {
                var request = new SearchChildrenRequest { Purpose = purpose };
                if (!bad)
                {
                    request.NhsNumber = child.Identifiers.NhsNumber;
                }

                return new Scenario(false, async (channel, headers) =>
                {
                    var found = await Directory(channel).SearchChildrenAsync(request, headers);
                    Assert.Equal(childId, Assert.Single(found.Children).ChildId);
                }, (record, k) =>
                {
                    Assert.Equal(purpose, record.Purpose);
                    Assert.Equal(bad ? SearchChildrenRequest.CriteriaOneofCase.None : SearchChildrenRequest.CriteriaOneofCase.NhsNumber, record.Search.CriteriaCase);
                    Assert.Equal(bad ? string.Empty : child.Identifiers.NhsNumber, record.Search.NhsNumber);
                    Assert.Null(record.Search.Purpose);
                    Assert.Equal(k == Allowed ? new[] { childId } : [], record.ResultChildIds);
                });
            }

            case "ChildDirectory/GetChild":
            {
                var request = new GetChildRequest { Purpose = purpose, ChildId = bad ? "NOT-AN-ID" : childId };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(childId, (await Directory(channel).GetChildAsync(request, headers)).ChildId),
                    (record, _) =>
                    {
                        Assert.Equal(purpose, record.Purpose);
                        Assert.Equal(new[] { request.ChildId }, record.ChildIds);
                        Assert.Empty(record.ResultChildIds);
                    });
            }

            case "Registration/RegisterChild":
            {
                var request = bad ? new RegisterChildRequest { RequestId = TestRequests.NewRequestId() } : TestRequests.Registration();
                string? created = null;
                return new Scenario(false, async (channel, headers) =>
                {
                    var response = await Writes(channel).RegisterChildAsync(request, headers);
                    Assert.Equal(RegistrationOutcome.Created, response.Outcome);
                    created = response.ChildId;
                }, (record, k) =>
                {
                    Assert.Equal(request.RequestId, record.RequestId);
                    Assert.Equal(k == Allowed ? new[] { created! } : [], record.ChildIds);
                    Assert.Null(record.Purpose);
                });
            }

            case "Registration/RegisterChildren":
            {
                var request = bad ? new RegisterChildRequest { RequestId = TestRequests.NewRequestId() } : TestRequests.Registration();
                string? created = null;
                return new Scenario(false, async (channel, headers) =>
                {
                    var result = Assert.Single(await StreamAsync(channel, headers, request));
                    if (bad)
                    {
                        Assert.Equal((int)StatusCode.InvalidArgument, result.Error.Code);
                    }
                    else
                    {
                        created = result.Registered.ChildId;
                    }
                }, (record, k) =>
                {
                    // A stream's refused item is refused alone: the call, one committed batch, is OK.
                    Assert.Equal(k == Allowed ? new[] { created! } : [], record.ChildIds);
                    if (bad)
                    {
                        Assert.Equal("OK", record.Outcome);
                        Assert.Equal("1 of 1 refused", record.Detail);
                    }
                }, BadRequestOutcome: "OK");
            }

            case "Registration/UpdateChildDetails":
            {
                var details = child.Details.Clone();
                details.Address.Lines[0] = "14 Hyde Park Road";
                var request = new UpdateChildDetailsRequest { ChildId = childId, ExpectedVersion = bad ? 0 : registered.Version, Details = details };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(registered.Version + 1, (await Writes(channel).UpdateChildDetailsAsync(request, headers)).Version),
                    (record, _) => Assert.Equal(new[] { childId }, record.ChildIds));
            }

            case "Registration/RecordInvolvement":
            {
                var request = new RecordInvolvementRequest { ChildId = childId, RequestId = TestRequests.NewRequestId(), Involvement = bad ? null : TestRequests.Involvement() };
                string? involvementId = null;
                return new Scenario(false, async (channel, headers) =>
                    involvementId = (await Writes(channel).RecordInvolvementAsync(request, headers)).InvolvementId,
                    (record, k) =>
                    {
                        Assert.Equal(new[] { childId }, record.ChildIds);
                        Assert.Equal(request.RequestId, record.RequestId);
                        if (k == Allowed)
                        {
                            Assert.Equal($"involvement {involvementId}", record.Detail);
                        }
                    });
            }

            case "Registration/EndInvolvement":
            {
                var recorded = await server.Registration.RecordInvolvementAsync(new RecordInvolvementRequest { ChildId = childId, RequestId = TestRequests.NewRequestId(), Involvement = TestRequests.Involvement() });
                var request = new EndInvolvementRequest { ChildId = childId, InvolvementId = bad ? "not-an-involvement" : recorded.InvolvementId, EndDate = TestRequests.Date(2024, 7, 19) };
                return new Scenario(false, async (channel, headers) =>
                    Assert.NotNull((await Writes(channel).EndInvolvementAsync(request, headers)).Involvement.EndDate),
                    (record, _) => Assert.Equal(new[] { childId }, record.ChildIds));
            }

            case "AuditTrail/QueryAudit":
            {
                var request = new QueryAuditRequest { ChildId = childId, PageSize = bad ? 500 : 10 };
                return new Scenario(true, async (channel, headers) =>
                    Assert.NotEmpty((await Trail(channel).QueryAuditAsync(request, headers)).Records),
                    (record, _) => Assert.Empty(record.ResultChildIds));
            }

            case "AuditTrail/ExportAudit":
                return new Scenario(true, async (channel, headers) =>
                    Assert.NotEmpty((await AuditTestKit.ExportAsync(Trail(channel), headers)).Records),
                    (_, _) => { });

            case "AuditTrail/WhoAccessedChild":
            {
                var request = new WhoAccessedChildRequest { ChildId = bad ? "NOT-AN-ID" : childId };
                return new Scenario(true, async (channel, headers) =>
                    Assert.NotEmpty((await Trail(channel).WhoAccessedChildAsync(request, headers)).Records),
                    (record, _) => Assert.Equal(new[] { request.ChildId }, record.ChildIds));
            }

            case "AuditTrail/VerifyAuditTrail":
                return new Scenario(true, async (channel, headers) =>
                {
                    var verified = await Trail(channel).VerifyAuditTrailAsync(new VerifyAuditTrailRequest(), headers);
                    Assert.True(verified.Intact, string.Join("\n", verified.Problems));
                }, (_, _) => { });

            case "IndexManagement/ShieldChild":
            {
                var request = new ShieldChildRequest { ChildId = childId, Reason = bad ? ShieldReason.Unspecified : ShieldReason.DomesticAbuse };
                return new Scenario(false, async (channel, headers) =>
                    Assert.True((await Management(channel).ShieldChildAsync(request, headers)).Shielded),
                    (record, _) => Assert.Equal(new[] { childId }, record.ChildIds));
            }

            case "IndexManagement/UnshieldChild":
            {
                await indexTeam.ShieldChildAsync(new ShieldChildRequest { ChildId = childId, Reason = ShieldReason.OtherRisk });
                var request = new UnshieldChildRequest { ChildId = childId, Justification = bad ? string.Empty : "risk assessed as ended" };
                return new Scenario(false, async (channel, headers) =>
                    Assert.False((await Management(channel).UnshieldChildAsync(request, headers)).Shielded),
                    (record, _) => Assert.Equal(new[] { childId }, record.ChildIds));
            }

            case "IndexManagement/BreakGlass":
            {
                await indexTeam.ShieldChildAsync(new ShieldChildRequest { ChildId = childId, Reason = ShieldReason.OtherRisk });
                var request = new BreakGlassRequest { ChildId = childId, Purpose = purpose, Justification = bad ? "short" : "child disclosed harm at school today" };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(childId, (await Management(channel).BreakGlassAsync(request, headers)).ChildId),
                    (record, _) =>
                    {
                        Assert.Equal(purpose, record.Purpose);
                        Assert.Equal(new[] { childId }, record.ChildIds);
                    },
                    Role: Roles.SafeguardingLead,
                    WrongRole: Roles.IndexAdmin);
            }

            case "IndexManagement/RecordDeath":
            {
                var request = new RecordDeathRequest { ChildId = childId, DateOfDeath = bad ? null : TestRequests.Date(2025, 6, 1) };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(RecordStatus.Deceased, (await Management(channel).RecordDeathAsync(request, headers)).Status),
                    (record, _) => Assert.Equal(new[] { childId }, record.ChildIds));
            }

            case "IndexManagement/SetRetentionExtension":
            {
                var request = new SetRetentionExtensionRequest { ChildId = childId, Extension = bad ? (RetentionExtension)9 : RetentionExtension.LearningDifficulty };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(RetentionExtension.LearningDifficulty, (await Management(channel).SetRetentionExtensionAsync(request, headers)).Extension),
                    (record, _) => Assert.Equal(new[] { childId }, record.ChildIds));
            }

            case "IndexManagement/SetLegalHold":
            {
                var request = new SetLegalHoldRequest { ChildId = childId, Hold = true, Reason = bad ? string.Empty : "court order" };
                return new Scenario(false, async (channel, headers) =>
                    Assert.True((await Management(channel).SetLegalHoldAsync(request, headers)).LegalHold),
                    (record, _) => Assert.Equal(new[] { childId }, record.ChildIds));
            }

            case "IndexManagement/RunRetention":
                // A dry run: the shared server's children are not this test's to archive.
                return new Scenario(false, async (channel, headers) =>
                    Assert.True((await Management(channel).RunRetentionAsync(new RunRetentionRequest { DryRun = true }, headers)).DryRun),
                    (record, _) => Assert.Empty(record.ChildIds));

            case "IndexManagement/SubjectAccess":
            {
                var request = new SubjectAccessRequest { ChildId = bad ? "not-an-id" : childId };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(childId, (await Management(channel).SubjectAccessAsync(request, headers)).Record.ChildId),
                    (record, _) => Assert.Equal(bad ? [] : new[] { childId }, record.ChildIds.Where(id => id == childId)));
            }

            case "IndexManagement/MergeChildren":
            {
                var duplicate = await RegisterWithoutIdentifiersAsync();
                var request = new MergeChildrenRequest { SurvivorId = childId, DuplicateId = duplicate, Reason = bad ? string.Empty : "same child" };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(duplicate, (await Management(channel).MergeChildrenAsync(request, headers)).DuplicateId),
                    (record, _) => Assert.Equal(new[] { childId, duplicate }, record.ChildIds));
            }

            case "IndexManagement/UnmergeChildren":
            {
                var duplicate = await RegisterWithoutIdentifiersAsync();
                await indexTeam.MergeChildrenAsync(new MergeChildrenRequest { SurvivorId = childId, DuplicateId = duplicate, Reason = "same child" });
                var request = new UnmergeChildrenRequest { DuplicateId = duplicate, Reason = bad ? string.Empty : "two children after all" };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(childId, (await Management(channel).UnmergeChildrenAsync(request, headers)).SurvivorId),
                    (record, k) => Assert.Equal(k == Allowed ? new[] { duplicate, childId } : [duplicate], record.ChildIds));
            }

            case "IndexManagement/MarkNotSameChild":
            {
                var other = await RegisterWithoutIdentifiersAsync();
                var request = new MarkNotSameChildRequest { ChildA = childId, ChildB = other, Reason = bad ? string.Empty : "twins" };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(MergeDecision.Types.Kind.NotSameChild, (await Management(channel).MarkNotSameChildAsync(request, headers)).Kind),
                    (record, _) => Assert.Equal(new[] { childId, other }, record.ChildIds));
            }

            case "IndexManagement/ListMergeHistory":
            {
                var request = new ListMergeHistoryRequest { ChildId = bad ? "not-an-id" : childId };
                return new Scenario(false, async (channel, headers) =>
                    Assert.NotNull(await Management(channel).ListMergeHistoryAsync(request, headers)),
                    (record, _) => Assert.Equal(bad ? [] : new[] { childId }, record.ChildIds.Where(id => id == childId)));
            }

            case "IndexManagement/ListBreakGlassReviews":
                return new Scenario(false, async (channel, headers) =>
                    Assert.NotNull(await Management(channel).ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest(), headers)),
                    (record, _) => Assert.Empty(record.ChildIds));

            case "IndexManagement/CloseBreakGlassReview":
            {
                await indexTeam.ShieldChildAsync(new ShieldChildRequest { ChildId = childId, Reason = ShieldReason.OtherRisk });
                var grant = await Management(await server.ChannelForRoleAsync(Roles.SafeguardingLead)).BreakGlassAsync(
                    new BreakGlassRequest { ChildId = childId, Purpose = purpose, Justification = "child disclosed harm at school today" });
                var request = new CloseBreakGlassReviewRequest { ReviewId = grant.ReviewId, Outcome = ReviewOutcome.Justified, ReviewNote = bad ? string.Empty : "s47 enquiry confirmed" };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(ReviewStatus.Closed, (await Management(channel).CloseBreakGlassReviewAsync(request, headers)).Status),
                    (record, k) => Assert.Equal(k == Allowed ? new[] { childId } : [], record.ChildIds));
            }

            case "IndexManagement/ListPossibleDuplicates":
            {
                var request = new ListPossibleDuplicatesRequest { PageSize = bad ? -1 : 10 };
                return new Scenario(false, async (channel, headers) =>
                    Assert.NotNull(await Management(channel).ListPossibleDuplicatesAsync(request, headers)),
                    (record, _) => Assert.Empty(record.ChildIds));
            }

            case "IndexManagement/CloseDuplicateTask":
            {
                var (existing, created) = await Records.DuplicateTestKit.RaiseAsync(server);
                var task = (await Records.DuplicateTestKit.OpenTaskAsync(indexTeam, created))!;
                var request = new CloseDuplicateTaskRequest
                {
                    TaskId = task.TaskId, Resolution = DuplicateResolution.NotADuplicate, Reason = bad ? string.Empty : "different children",
                };
                return new Scenario(false, async (channel, headers) =>
                    Assert.Equal(DuplicateTaskStatus.Closed, (await Management(channel).CloseDuplicateTaskAsync(request, headers)).Status),
                    (record, k) =>
                    {
                        Assert.Equal(k == Allowed ? new[] { created, existing } : [], record.ChildIds);
                        Assert.Equal(k == Allowed ? $"possible-duplicate task {task.TaskId}: NotADuplicate" : record.Detail, record.Detail);
                    });
            }

            case "AuditTrail/GetCheckpoint":
            {
                var request = new GetCheckpointRequest { TreeSize = bad ? 1_000_000_000_000 : 0 };
                return new Scenario(true, async (channel, headers) =>
                    Assert.True((await Trail(channel).GetCheckpointAsync(request, headers)).TreeSize > 0),
                    (_, _) => { }, BadRequestOutcome: "NOT_FOUND");
            }

            case "AuditTrail/GetInclusionProof":
            {
                var request = new GetInclusionProofRequest { Sequence = bad ? -1 : 0 };
                return new Scenario(true, async (channel, headers) =>
                    Assert.Equal(0, (await Trail(channel).GetInclusionProofAsync(request, headers)).Sequence),
                    (_, _) => { });
            }

            case "AuditTrail/GetConsistencyProof":
            {
                var oldest = await new AuditTrail.AuditTrailClient(await server.ChannelForRoleAsync(Roles.SecurityOfficer)).GetCheckpointAsync(new GetCheckpointRequest { TreeSize = 1 });
                var request = new GetConsistencyProofRequest { FirstSize = bad ? 0 : oldest.TreeSize };
                return new Scenario(true, async (channel, headers) =>
                    Assert.Equal(oldest.TreeSize, (await Trail(channel).GetConsistencyProofAsync(request, headers)).FirstSize),
                    (_, _) => { });
            }

            case "AuditTrail/MisuseReport":
                return new Scenario(true, async (channel, headers) => await Trail(channel).MisuseReportAsync(new MisuseReportRequest(), headers), (_, _) => { });

            default:
                throw new InvalidOperationException($"no call for {rpc}: add one");
        }
    }
}

public sealed class SqliteAuditRecordPerCallTests(SqliteDirectoryServer server) : AuditRecordPerCallTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresAuditRecordPerCallTests(PostgresDirectoryServer server) : AuditRecordPerCallTests(server), IClassFixture<PostgresDirectoryServer>;
