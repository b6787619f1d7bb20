using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using ShieldReasonDomain = ChildIndex.Core.Records.ShieldReason;

namespace ChildIndex.IntegrationTests.Shielding;

/// <summary>
/// Shielding (reg 6(5)-(6)): the index team shields and unshields; everyone else sees a shielded
/// record only as name, gender, date of birth, index identifier and carers' names, and contacts the
/// index team.
/// </summary>
public abstract class ShieldingTests(DirectoryServer server)
{
    private readonly ShieldingKit _kit = new(server);

    [Fact]
    public async Task ShieldChild_ByIndexAdmin_ShieldsTheRecordAndEverySearchKeyAndIsAudited()
    {
        var child = await _kit.RegisterAsync();

        var state = await _kit.Admin.ShieldChildAsync(new ShieldChildRequest
        {
            ChildId = child.ChildId, Reason = ShieldReason.WitnessProtection, Justification = "police request ref 12",
        });

        Assert.Equal(child.ChildId, state.ChildId);
        Assert.True(state.Shielded);
        Assert.Equal(ShieldReason.WitnessProtection, state.Reason);
        Assert.NotNull(state.ShieldedAt);
        await using (var db = server.CreateDbContext())
        {
            var stored = await db.Children.Include(c => c.SearchKeys).SingleAsync(c => c.IndexId == child.ChildId.Replace("-", string.Empty, StringComparison.Ordinal));
            Assert.True(stored.Shielded);
            Assert.Equal(ShieldReasonDomain.WitnessProtection, stored.ShieldReason);
            Assert.Equal("police request ref 12", stored.ShieldJustification);
            Assert.Equal(state.ShieldedAt.ToDateTimeOffset(), stored.ShieldedAt);
            Assert.True(stored.SearchKeys.Count >= 2);
            Assert.All(stored.SearchKeys, key => Assert.True(key.Shielded));
        }

        var audit = await _kit.LastAuditAsync(child.ChildId, "IndexManagement/ShieldChild");
        Assert.Equal("OK", audit.Outcome);
        Assert.Equal([child.ChildId], audit.ChildIds);
        Assert.Contains("police request ref 12", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetChild_ShieldedByPractitioner_ShowsOnlyNameGenderBirthIdentifierAndCarerNames()
    {
        var child = await _kit.RegisterShieldedAsync();
        var details = child.Request.Details;

        var record = await _kit.GetAsync(Roles.Practitioner, child.ChildId);

        var expected = new ChildRecord
        {
            ChildId = child.ChildId,
            Details = new ChildDetails
            {
                Name = details.Name,
                Gender = details.Gender,
                DateOfBirth = details.DateOfBirth,
                Carers = { new Carer { Name = details.Carers[0].Name } },
            },
            Shielded = true,
            IndexTeamContact = ShieldingKit.DefaultIndexTeam,
        };
        Assert.Equal(expected, record);
        ShieldingKit.AssertHides(record, ShieldingKit.HiddenByShield(child));
    }

    [Theory]
    [InlineData(Roles.PractitionerEditor)]
    [InlineData(Roles.SafeguardingLead)]
    public async Task GetChild_ShieldedByOtherRoles_ShowsTheShieldedViewToo(string role)
    {
        var child = await _kit.RegisterShieldedAsync();

        var record = await _kit.GetAsync(role, child.ChildId);

        Assert.True(record.Shielded);
        Assert.Null(record.BreakGlassUntil);
        Assert.Empty(record.Involvements);
        ShieldingKit.AssertHides(record, ShieldingKit.HiddenByShield(child));
    }

    [Fact]
    public async Task GetChild_ShieldedByIndexAdmin_ShowsEverything()
    {
        var child = await _kit.RegisterShieldedAsync();

        var record = await ShieldingKit.GetAsync(server.Channel, child.ChildId);

        Assert.True(record.Shielded);
        Assert.Equal(child.Request.Details, record.Details);
        Assert.Equal(child.Request.Identifiers.NhsNumber, record.Identifiers.NhsNumber);
        Assert.Equal(2, record.Identifiers.LocalIds.Count);
        Assert.Equal(child.InvolvementId, Assert.Single(record.Involvements).InvolvementId);
        Assert.Equal(ShieldingKit.DefaultIndexTeam, record.IndexTeamContact);
    }

    [Fact]
    public async Task UnshieldChild_ByIndexAdmin_RestoresTheWholeRecordAndTheSearchKeys()
    {
        var child = await _kit.RegisterShieldedAsync();

        var state = await _kit.Admin.UnshieldChildAsync(new UnshieldChildRequest { ChildId = child.ChildId, Justification = "family rehoused, risk assessed as passed" });
        var record = await _kit.GetAsync(Roles.Practitioner, child.ChildId);

        Assert.False(state.Shielded);
        Assert.Equal(ShieldReason.Unspecified, state.Reason);
        Assert.False(record.Shielded);
        Assert.Equal(child.Request.Details.Address, record.Details.Address);
        Assert.Single(record.Involvements);
        await using var db = server.CreateDbContext();
        var stored = await db.Children.Include(c => c.SearchKeys).SingleAsync(c => c.IndexId == child.ChildId.Replace("-", string.Empty, StringComparison.Ordinal));
        Assert.Null(stored.ShieldReason);
        Assert.All(stored.SearchKeys, key => Assert.False(key.Shielded));
        Assert.Contains("risk assessed as passed", (await _kit.LastAuditAsync(child.ChildId, "IndexManagement/UnshieldChild")).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShieldChild_AlreadyShielded_FailsPrecondition()
    {
        var child = await _kit.RegisterShieldedAsync();

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => _kit.Admin.ShieldChildAsync(SecurityData.Shield(child.ChildId)).ResponseAsync);
    }

    [Fact]
    public async Task UnshieldChild_NotShielded_FailsPrecondition()
    {
        var child = await _kit.RegisterAsync();

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () =>
            _kit.Admin.UnshieldChildAsync(new UnshieldChildRequest { ChildId = child.ChildId, Justification = "no longer needed" }).ResponseAsync);
    }

    [Fact]
    public async Task ShieldAndUnshield_UnknownChild_NotFound()
    {
        // A fresh identifier: 32^8 of them, so no child holds it.
        var other = Core.Identifiers.ChildId.Format(Core.Identifiers.ChildId.New());

        await RpcAssert.FailsWith(StatusCode.NotFound, () => _kit.Admin.ShieldChildAsync(SecurityData.Shield(other)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () =>
            _kit.Admin.UnshieldChildAsync(new UnshieldChildRequest { ChildId = other, Justification = "no longer needed" }).ResponseAsync);
    }

    [Fact]
    public async Task ShieldChild_WithoutReasonOrWithAMultiLineJustification_IsInvalidAndChangesNothing()
    {
        var child = await _kit.RegisterAsync();

        var noReason = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () =>
            _kit.Admin.ShieldChildAsync(new ShieldChildRequest { ChildId = child.ChildId }).ResponseAsync);
        var twoLines = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => _kit.Admin.ShieldChildAsync(new ShieldChildRequest
        {
            ChildId = child.ChildId, Reason = ShieldReason.OtherRisk, Justification = "first line\nsecond line",
        }).ResponseAsync);
        var tooLong = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => _kit.Admin.ShieldChildAsync(new ShieldChildRequest
        {
            ChildId = child.ChildId, Reason = ShieldReason.OtherRisk, Justification = new string('x', 201),
        }).ResponseAsync);

        Assert.Equal(["reason"], RpcAssert.ViolatedFields(noReason));
        Assert.Equal(["justification"], RpcAssert.ViolatedFields(twoLines));
        Assert.Equal(["justification"], RpcAssert.ViolatedFields(tooLong));
        Assert.False((await ShieldingKit.GetAsync(server.Channel, child.ChildId)).Shielded);
    }

    [Fact]
    public async Task UnshieldChild_WithoutJustification_IsInvalid()
    {
        var child = await _kit.RegisterShieldedAsync();

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () =>
            _kit.Admin.UnshieldChildAsync(new UnshieldChildRequest { ChildId = child.ChildId, Justification = "  " }).ResponseAsync);

        Assert.Equal(["justification"], RpcAssert.ViolatedFields(error));
        Assert.True((await ShieldingKit.GetAsync(server.Channel, child.ChildId)).Shielded);
    }

    [Theory]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.SafeguardingLead)]
    public async Task ShieldAndUnshield_ByOthersThanTheIndexTeam_AreDeniedAndAudited(string role)
    {
        var child = await _kit.RegisterAsync();
        var shielded = await _kit.RegisterShieldedAsync();
        var client = ShieldingKit.Management(await server.ChannelForRoleAsync(role));

        var shield = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => client.ShieldChildAsync(SecurityData.Shield(child.ChildId)).ResponseAsync);
        var unshield = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            client.UnshieldChildAsync(new UnshieldChildRequest { ChildId = shielded.ChildId, Justification = "let me see it" }).ResponseAsync);

        SecurityData.AssertDisclosesNothingAbout(shield, child.Request, child.ChildId);
        SecurityData.AssertDisclosesNothingAbout(unshield, shielded.Request, shielded.ChildId);
        Assert.False((await ShieldingKit.GetAsync(server.Channel, child.ChildId)).Shielded);
        Assert.True((await ShieldingKit.GetAsync(server.Channel, shielded.ChildId)).Shielded);
        var refusedShield = await _kit.LastAuditAsync(child.ChildId, "IndexManagement/ShieldChild");
        var refusedUnshield = await _kit.LastAuditAsync(shielded.ChildId, "IndexManagement/UnshieldChild");
        Assert.Equal("PERMISSION_DENIED", refusedShield.Outcome);
        Assert.Equal("PERMISSION_DENIED", refusedUnshield.Outcome);
        Assert.Contains(role, refusedShield.Actor.Roles);
    }

    [Fact]
    public async Task GetChild_OfAShieldedChild_MarksTheAuditRecordForEveryone()
    {
        var child = await _kit.RegisterShieldedAsync();
        var plain = await _kit.RegisterAsync();

        await _kit.GetAsync(Roles.Practitioner, child.ChildId);
        var byPractitioner = await _kit.LastAuditAsync(child.ChildId, "ChildDirectory/GetChild");
        await ShieldingKit.GetAsync(server.Channel, child.ChildId);
        var byIndexTeam = await _kit.LastAuditAsync(child.ChildId, "ChildDirectory/GetChild");
        await _kit.GetAsync(Roles.Practitioner, plain.ChildId);
        var unshielded = await _kit.LastAuditAsync(plain.ChildId, "ChildDirectory/GetChild");

        Assert.Equal([child.ChildId], byPractitioner.ShieldedChildIds);
        Assert.False(byPractitioner.BreakGlass);
        Assert.Equal([child.ChildId], byIndexTeam.ShieldedChildIds);
        Assert.Empty(unshielded.ShieldedChildIds);
    }

    [Fact]
    public async Task SearchChildren_ReturningAShieldedChild_MarksTheAuditRecord()
    {
        var child = await _kit.RegisterShieldedAsync();
        var directory = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));

        var found = await directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId });
        var audit = await _kit.LastAuditAsync(child.ChildId, "ChildDirectory/SearchChildren");

        Assert.Equal(child.ChildId, Assert.Single(found.Children).ChildId);
        Assert.Equal([child.ChildId], audit.ResultChildIds);
        Assert.Equal([child.ChildId], audit.ShieldedChildIds);
    }
}

public sealed class SqliteShieldingTests(SqliteDirectoryServer server) : ShieldingTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresShieldingTests(PostgresDirectoryServer server) : ShieldingTests(server), IClassFixture<PostgresDirectoryServer>;
