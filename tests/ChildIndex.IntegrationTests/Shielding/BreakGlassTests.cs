using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Shielding;

/// <summary>
/// Break-glass: a safeguarding lead opens one shielded record in full, for themselves alone and for
/// a short time; the access is marked in the audit trail and opens a review the index team closes.
/// </summary>
public abstract class BreakGlassTests(DirectoryServer server)
{
    private readonly ShieldingKit _kit = new(server);

    [Fact]
    public async Task BreakGlass_BySafeguardingLead_ShowsTheFullRecordToThemAndIsMarkedInTheTrail()
    {
        var child = await _kit.RegisterShieldedAsync();
        var (lead, subject) = await _kit.NewPersonAsync(Roles.SafeguardingLead);

        var before = DateTimeOffset.UtcNow;
        var grant = await ShieldingKit.Management(lead).BreakGlassAsync(SecurityData.BreakGlass(child.ChildId));
        var record = await ShieldingKit.GetAsync(lead, child.ChildId);

        Assert.Equal(child.ChildId, grant.ChildId);
        Assert.InRange(grant.ExpiresAt.ToDateTimeOffset() - before, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(16));
        Assert.Equal(grant.ExpiresAt, record.BreakGlassUntil);
        Assert.True(record.Shielded);
        Assert.Equal(child.Request.Details.Address, record.Details.Address);
        Assert.Equal(child.Request.Identifiers.NhsNumber, record.Identifiers.NhsNumber);
        Assert.Equal(child.InvolvementId, Assert.Single(record.Involvements).InvolvementId);
        // Only the lead's own organisation's local identifier, as for any unshielded record.
        Assert.Equal(PermissionTable.OrganisationOf(Roles.SafeguardingLead), Assert.Single(record.Identifiers.LocalIds).OrganisationCode);

        var trail = await _kit.AuditOfAsync(child.ChildId);
        var broke = trail.First(r => r.Action == "childindex.v1.IndexManagement/BreakGlass");
        var opened = trail.First(r => r.Action == "childindex.v1.ChildDirectory/GetChild");
        Assert.True(broke.BreakGlass);
        Assert.Equal(subject, broke.Actor.Subject);
        Assert.Equal(AccessPurposeCode.ChildProtectionEnquiry, broke.Purpose.Code);
        Assert.Contains("section 47 enquiry opened tonight", broke.Detail, StringComparison.Ordinal);
        Assert.Equal([child.ChildId], broke.ShieldedChildIds);
        Assert.True(opened.BreakGlass);
        Assert.Equal(subject, opened.Actor.Subject);
        Assert.Equal([child.ChildId], opened.ShieldedChildIds);
    }

    [Fact]
    public async Task BreakGlass_OpensAReviewForTheIndexTeam()
    {
        var child = await _kit.RegisterShieldedAsync();
        var (lead, subject) = await _kit.NewPersonAsync(Roles.SafeguardingLead);

        var grant = await ShieldingKit.Management(lead).BreakGlassAsync(SecurityData.BreakGlass(child.ChildId));
        var open = await _kit.Admin.ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest { OpenOnly = true });

        var review = Assert.Single(open.Reviews, r => r.ReviewId == grant.ReviewId);
        Assert.Equal(child.ChildId, review.ChildId);
        Assert.Equal(subject, review.UserSubject);
        Assert.Equal($"Test {Roles.SafeguardingLead}", review.UserName);
        Assert.Equal(PermissionTable.OrganisationOf(Roles.SafeguardingLead), review.OrganisationCode);
        Assert.Equal("section 47 enquiry opened tonight", review.Justification);
        Assert.Equal(ReviewStatus.Open, review.Status);
        Assert.Equal(grant.ExpiresAt, review.ExpiresAt);
        Assert.All(open.Reviews, r => Assert.Equal(ReviewStatus.Open, r.Status));
    }

    [Fact]
    public async Task BreakGlass_DoesNotOpenTheRecordForAnyoneElse()
    {
        var child = await _kit.RegisterShieldedAsync();
        var (lead, _) = await _kit.NewPersonAsync(Roles.SafeguardingLead);
        var (otherLead, _) = await _kit.NewPersonAsync(Roles.SafeguardingLead);
        var other = await _kit.RegisterShieldedAsync();

        await ShieldingKit.Management(lead).BreakGlassAsync(SecurityData.BreakGlass(child.ChildId));

        foreach (var view in new[]
        {
            await ShieldingKit.GetAsync(otherLead, child.ChildId),
            await _kit.GetAsync(Roles.Practitioner, child.ChildId),
            await ShieldingKit.GetAsync(lead, other.ChildId),
        })
        {
            Assert.True(view.Shielded);
            Assert.Null(view.BreakGlassUntil);
            Assert.Null(view.Details.Address);
            Assert.Empty(view.Involvements);
        }

        Assert.False((await _kit.LastAuditAsync(child.ChildId, "ChildDirectory/GetChild")).BreakGlass);
    }

    [Fact]
    public async Task BreakGlass_KeepsSensitiveServicesHidden()
    {
        var child = await _kit.RegisterShieldedAsync();
        var sensitive = SecurityData.InvolvementOf("LS123");
        sensitive.ServiceType = ServiceType.SexualHealth;
        sensitive.LegalBasis = LegalBasis.Consent;
        await server.Registration.RecordInvolvementAsync(new RecordInvolvementRequest { ChildId = child.ChildId, RequestId = TestRequests.NewRequestId(), Involvement = sensitive });
        var (lead, _) = await _kit.NewPersonAsync(Roles.SafeguardingLead);

        await ShieldingKit.Management(lead).BreakGlassAsync(SecurityData.BreakGlass(child.ChildId));
        var record = await ShieldingKit.GetAsync(lead, child.ChildId);

        Assert.Equal(2, record.Involvements.Count);
        Assert.Single(record.Involvements, i => i.ServiceType == ServiceType.SensitiveUndisclosed && i.ContactViaIndexTeam && i.PractitionerName.Length == 0);
        Assert.Equal(ShieldingKit.DefaultIndexTeam, record.IndexTeamContact);
    }

    [Fact]
    public async Task BreakGlass_OnAnUnshieldedRecord_FailsPrecondition()
    {
        var child = await _kit.RegisterAsync();
        var lead = ShieldingKit.Management(await server.ChannelForRoleAsync(Roles.SafeguardingLead));

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => lead.BreakGlassAsync(SecurityData.BreakGlass(child.ChildId)).ResponseAsync);
    }

    [Fact]
    public async Task BreakGlass_UnknownChild_NotFound()
    {
        var lead = ShieldingKit.Management(await server.ChannelForRoleAsync(Roles.SafeguardingLead));

        await RpcAssert.FailsWith(StatusCode.NotFound, () =>
            lead.BreakGlassAsync(SecurityData.BreakGlass(Core.Identifiers.ChildId.Format(Core.Identifiers.ChildId.New()))).ResponseAsync);
    }

    [Fact]
    public async Task BreakGlass_WithAShortJustificationOrNoPurpose_IsInvalidAndGrantsNothing()
    {
        var child = await _kit.RegisterShieldedAsync();
        var (channel, _) = await _kit.NewPersonAsync(Roles.SafeguardingLead);
        var lead = ShieldingKit.Management(channel);
        var shortReason = SecurityData.BreakGlass(child.ChildId);
        shortReason.Justification = "urgent";
        var noPurpose = SecurityData.BreakGlass(child.ChildId);
        noPurpose.Purpose = null;

        var tooShort = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => lead.BreakGlassAsync(shortReason).ResponseAsync);
        var missing = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => lead.BreakGlassAsync(noPurpose).ResponseAsync);

        Assert.Equal(["justification"], RpcAssert.ViolatedFields(tooShort));
        Assert.Equal(["purpose.code"], RpcAssert.ViolatedFields(missing));
        Assert.Null((await ShieldingKit.GetAsync(channel, child.ChildId)).BreakGlassUntil);
        Assert.DoesNotContain((await _kit.Admin.ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest())).Reviews, r => r.ChildId == child.ChildId);
    }

    [Theory]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.IndexAdmin)]
    public async Task BreakGlass_ByOtherRoles_IsDenied(string role)
    {
        var child = await _kit.RegisterShieldedAsync();

        var client = ShieldingKit.Management(await server.ChannelForRoleAsync(role));

        var error = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => client.BreakGlassAsync(SecurityData.BreakGlass(child.ChildId)).ResponseAsync);

        SecurityData.AssertDisclosesNothingAbout(error, child.Request, child.ChildId);
        Assert.Equal("PERMISSION_DENIED", (await _kit.LastAuditAsync(child.ChildId, "IndexManagement/BreakGlass")).Outcome);
    }

    [Fact]
    public async Task CloseBreakGlassReview_RecordsTheOutcomeAndListsItAfterTheOpenOnes()
    {
        var child = await _kit.RegisterShieldedAsync();
        var lead = ShieldingKit.Management(await server.ChannelForRoleAsync(Roles.SafeguardingLead));
        var first = await lead.BreakGlassAsync(SecurityData.BreakGlass(child.ChildId));
        var second = await lead.BreakGlassAsync(SecurityData.BreakGlass(child.ChildId));

        var closed = await _kit.Admin.CloseBreakGlassReviewAsync(new CloseBreakGlassReviewRequest
        {
            ReviewId = first.ReviewId, Outcome = ReviewOutcome.Referred, ReviewNote = "no s47 enquiry on record: referred",
        });
        var all = (await _kit.Admin.ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest())).Reviews;
        var open = (await _kit.Admin.ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest { OpenOnly = true })).Reviews;

        Assert.Equal(ReviewStatus.Closed, closed.Status);
        Assert.Equal(ReviewOutcome.Referred, closed.Outcome);
        Assert.Equal("no s47 enquiry on record: referred", closed.ReviewNote);
        Assert.NotEmpty(closed.ReviewedBy);
        Assert.NotNull(closed.ReviewedAt);
        Assert.DoesNotContain(open, r => r.ReviewId == first.ReviewId);
        Assert.Contains(open, r => r.ReviewId == second.ReviewId);
        var statuses = all.Select(r => r.Status).ToList();
        Assert.Equal(statuses.OrderBy(s => s == ReviewStatus.Open ? 0 : 1), statuses);
        Assert.True(all.ToList().FindIndex(r => r.ReviewId == second.ReviewId) < all.ToList().FindIndex(r => r.ReviewId == first.ReviewId));
        var audit = await _kit.LastAuditAsync(child.ChildId, "IndexManagement/CloseBreakGlassReview");
        Assert.Contains(first.ReviewId, audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloseBreakGlassReview_TwiceUnknownOrIncomplete_IsRefused()
    {
        var child = await _kit.RegisterShieldedAsync();
        var lead = ShieldingKit.Management(await server.ChannelForRoleAsync(Roles.SafeguardingLead));
        var grant = await lead.BreakGlassAsync(SecurityData.BreakGlass(child.ChildId));
        CloseBreakGlassReviewRequest Close(string id) => new() { ReviewId = id, Outcome = ReviewOutcome.Justified, ReviewNote = "confirmed with the lead" };
        await _kit.Admin.CloseBreakGlassReviewAsync(Close(grant.ReviewId));

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => _kit.Admin.CloseBreakGlassReviewAsync(Close(grant.ReviewId)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => _kit.Admin.CloseBreakGlassReviewAsync(Close(Guid.NewGuid().ToString())).ResponseAsync);
        var incomplete = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () =>
            _kit.Admin.CloseBreakGlassReviewAsync(new CloseBreakGlassReviewRequest { ReviewId = "review-1" }).ResponseAsync);
        Assert.Equal(["review_id", "outcome", "review_note"], RpcAssert.ViolatedFields(incomplete));
    }

    [Fact]
    public async Task Reviews_BySafeguardingLead_AreDenied()
    {
        var lead = ShieldingKit.Management(await server.ChannelForRoleAsync(Roles.SafeguardingLead));

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => lead.ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => lead.CloseBreakGlassReviewAsync(new CloseBreakGlassReviewRequest
        {
            ReviewId = Guid.NewGuid().ToString(), Outcome = ReviewOutcome.Justified, ReviewNote = "my own review",
        }).ResponseAsync);
    }

    [Fact]
    public async Task MisuseReport_ListsShieldedLookUpsByPractitioners_WithBreakGlassApart_AndNotTheIndexTeam()
    {
        var child = await _kit.RegisterShieldedAsync();
        var (practitioner, practitionerSubject) = await _kit.NewPersonAsync(Roles.Practitioner);
        var (lead, leadSubject) = await _kit.NewPersonAsync(Roles.SafeguardingLead);
        await ShieldingKit.GetAsync(practitioner, child.ChildId);
        var looked = await _kit.LastAuditAsync(child.ChildId, "ChildDirectory/GetChild");
        await ShieldingKit.Management(lead).BreakGlassAsync(SecurityData.BreakGlass(child.ChildId));
        await ShieldingKit.GetAsync(lead, child.ChildId);
        var opened = await _kit.LastAuditAsync(child.ChildId, "ChildDirectory/GetChild");
        await ShieldingKit.GetAsync(server.Channel, child.ChildId);

        var report = await new AuditTrail.AuditTrailClient(await server.ChannelForRoleAsync(Roles.SecurityOfficer)).MisuseReportAsync(new MisuseReportRequest());

        var shielded = report.Findings.Where(f => f.Kind == MisuseFinding.Types.Kind.ShieldedRecord).ToList();
        var byPractitioner = Assert.Single(shielded, f => f.Actor.Subject == practitionerSubject);
        var byLead = Assert.Single(shielded, f => f.Actor.Subject == leadSubject);
        Assert.Equal([looked.Sequence], byPractitioner.Sequences);
        Assert.StartsWith($"1 look-up(s) of shielded records without break-glass ({child.ChildId}); 0 under break-glass", byPractitioner.Summary, StringComparison.Ordinal);
        Assert.Equal([opened.Sequence], byLead.Sequences);
        Assert.Contains($"1 under break-glass ({child.ChildId})", byLead.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(shielded, f => f.Actor.Roles.Contains(Roles.IndexAdmin));
    }
}

public sealed class SqliteBreakGlassTests(SqliteDirectoryServer server) : BreakGlassTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresBreakGlassTests(PostgresDirectoryServer server) : BreakGlassTests(server), IClassFixture<PostgresDirectoryServer>;
