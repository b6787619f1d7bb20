using System.Text.Json;
using ChildIndex.Cli;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;
using ChildIndex.IntegrationTests.Shielding;
using Google.Protobuf;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>
/// `childindex shield`, `unshield`, `break-glass`, `reviews` and how `show` marks shielded records
/// and sensitive services, end to end against the in-process server, each as the role that uses it.
/// </summary>
public sealed class ShieldingCliTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>, IDisposable
{
    private const string IndexTeamLine = "contact through the index team: Leeds City Council Index Team, 0113 496 0999, index.team@leeds.example.gov.uk";
    private readonly CliSandbox _sandbox = new(server);
    private readonly ShieldingKit _kit = new(server);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Shield_ByIndexTeam_ThenShowAsPractitioner_ShowsOnlyTheVisibleFieldsAndTheIndexTeam()
    {
        var child = await _kit.RegisterAsync();

        var shield = await As(Roles.IndexAdmin, "shield", child.ChildId, "--reason", "domestic-abuse", "--justification", "refuge placement");
        var show = await As(Roles.Practitioner, "show", "--purpose", "service-delivery", child.ChildId);

        Assert.Equal(ExitCodes.Ok, shield.ExitCode);
        Assert.StartsWith($"shielded {child.ChildId} (domestic abuse) at ", shield.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, show.ExitCode);
        Assert.Contains("SHIELDED RECORD: only the child's name, gender, date of birth and carers' names are shown", show.Output, StringComparison.Ordinal);
        Assert.Contains(IndexTeamLine, show.Output, StringComparison.Ordinal);
        Assert.Contains(child.Request.Details.Name.FamilyName, show.Output, StringComparison.Ordinal);
        Assert.Contains("Ngozi Okafor", show.Output, StringComparison.Ordinal);
        foreach (var hidden in ShieldingKit.HiddenByShield(child))
        {
            Assert.DoesNotContain(hidden, show.Output, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Shield_ByPractitioner_IsPermissionDenied()
    {
        var child = await _kit.RegisterAsync();

        var run = await As(Roles.Practitioner, "shield", child.ChildId, "--reason", "other-risk");

        Assert.Equal(ExitCodes.PermissionDenied, run.ExitCode);
        Assert.EndsWith("(PermissionDenied)", run.ErrorLines.Single(), StringComparison.Ordinal);
        Assert.False((await ShieldingKit.GetAsync(server.Channel, child.ChildId)).Shielded);
    }

    [Fact]
    public async Task Shield_WithAnUnknownReason_IsAUsageError()
    {
        var child = await _kit.RegisterAsync();

        var run = await As(Roles.IndexAdmin, "shield", child.ChildId, "--reason", "feud");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--reason 'feud' is not one of domestic-abuse, witness-protection, other-risk", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unshield_ByIndexTeam_LiftsTheShield()
    {
        var child = await _kit.RegisterShieldedAsync();

        var run = await As(Roles.IndexAdmin, "unshield", child.ChildId, "--justification", "risk assessed as passed");
        var again = await As(Roles.IndexAdmin, "unshield", child.ChildId, "--justification", "risk assessed as passed");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains($"lifted the shield of {child.ChildId}", run.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, again.ExitCode);
        Assert.Contains("is not shielded (FailedPrecondition)", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BreakGlass_BySafeguardingLead_PrintsTheGrantThenTheFullRecord()
    {
        var child = await _kit.RegisterShieldedAsync();

        var run = await As(Roles.SafeguardingLead, "break-glass", child.ChildId, "--justification", "section 47 enquiry tonight", "--purpose", "s47");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains($"BREAK-GLASS: {child.ChildId} is open to you until ", run.Output, StringComparison.Ordinal);
        Assert.Contains("will be reviewed by the index team", run.Output, StringComparison.Ordinal);
        Assert.Contains("SHIELDED RECORD, opened by break-glass until ", run.Output, StringComparison.Ordinal);
        Assert.Contains(child.Request.Details.Address.Lines[0], run.Output, StringComparison.Ordinal);
        Assert.Contains(child.Request.Identifiers.NhsNumber, run.Output, StringComparison.Ordinal);
        Assert.Contains("Jo Bloggs", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoAccessed_ALookUpUnderBreakGlass_CarriesTheOverridesJustification()
    {
        var child = await _kit.RegisterShieldedAsync();
        var opened = await As(Roles.SafeguardingLead, "break-glass", child.ChildId, "--justification", "section 47 enquiry tonight", "--purpose", "s47");
        var shown = await As(Roles.SafeguardingLead, "show", child.ChildId, "--purpose", "s47");

        var accesses = await As(Roles.SecurityOfficer, "--json", "audit", "who-accessed", child.ChildId);

        Assert.Equal(ExitCodes.Ok, opened.ExitCode);
        Assert.Equal(ExitCodes.Ok, shown.ExitCode);
        Assert.Equal(ExitCodes.Ok, accesses.ExitCode);
        var lookUps = JsonParser.Default.Parse<WhoAccessedChildResponse>(accesses.Output).Records
            .Where(r => r.Action.EndsWith("/GetChild", StringComparison.Ordinal)).ToList();
        Assert.True(lookUps.Count >= 2, accesses.Output);
        Assert.All(lookUps, r =>
        {
            Assert.True(r.BreakGlass);
            Assert.Empty(r.Purpose.Justification);
            Assert.Contains("section 47 enquiry tonight", r.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task BreakGlass_Json_PrintsOneDocumentWithTheGrantAndTheRecord()
    {
        var child = await _kit.RegisterShieldedAsync();

        var run = await As(Roles.SafeguardingLead, "--json", "break-glass", child.ChildId, "--justification", "section 47 enquiry tonight", "--purpose", "s47");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(child.ChildId, json.RootElement.GetProperty("grant").GetProperty("childId").GetString());
        Assert.Equal(
            json.RootElement.GetProperty("grant").GetProperty("expiresAt").GetString(),
            json.RootElement.GetProperty("record").GetProperty("breakGlassUntil").GetString());
    }

    [Fact]
    public async Task BreakGlass_WithoutJustification_IsAUsageError_AndAShortOneIsRefused()
    {
        var child = await _kit.RegisterShieldedAsync();

        var missing = await As(Roles.SafeguardingLead, "break-glass", child.ChildId, "--purpose", "s47");
        var tooShort = await As(Roles.SafeguardingLead, "break-glass", child.ChildId, "--justification", "urgent", "--purpose", "s47");

        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Equal(ExitCodes.InvalidArgument, tooShort.ExitCode);
        Assert.Contains("justification: must be 10 to 200 characters on one line", tooShort.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reviews_ListOpen_ThenClose_ThenListAll()
    {
        var child = await _kit.RegisterShieldedAsync();
        var grant = await ShieldingKit.Management(await server.ChannelForRoleAsync(Roles.SafeguardingLead)).BreakGlassAsync(SecurityData.BreakGlass(child.ChildId));

        var open = await As(Roles.IndexAdmin, "reviews", "list", "--open");
        var close = await As(Roles.IndexAdmin, "reviews", "close", grant.ReviewId, "--outcome", "referred", "--note", "no enquiry on record");
        var all = await As(Roles.IndexAdmin, "--json", "reviews", "list");
        var badOutcome = await As(Roles.IndexAdmin, "reviews", "close", grant.ReviewId, "--outcome", "fine", "--note", "x");

        Assert.Equal(ExitCodes.Ok, open.ExitCode);
        Assert.Contains(grant.ReviewId, open.Output, StringComparison.Ordinal);
        Assert.Contains("section 47 enquiry opened tonight", open.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, close.ExitCode);
        Assert.Contains($"closed review {grant.ReviewId} of {child.ChildId}", close.Output, StringComparison.Ordinal);
        Assert.Contains("referred for investigation", close.Output, StringComparison.Ordinal);
        var review = JsonDocument.Parse(all.Output).RootElement.GetProperty("reviews").EnumerateArray()
            .Single(r => r.GetProperty("reviewId").GetString() == grant.ReviewId);
        Assert.Equal("REVIEW_STATUS_CLOSED", review.GetProperty("status").GetString());
        Assert.Equal("no enquiry on record", review.GetProperty("reviewNote").GetString());
        Assert.Equal(ExitCodes.Usage, badOutcome.ExitCode);
    }

    [Fact]
    public async Task Reviews_BySafeguardingLead_IsPermissionDenied()
    {
        var run = await As(Roles.SafeguardingLead, "reviews", "list");

        Assert.Equal(ExitCodes.PermissionDenied, run.ExitCode);
    }

    [Fact]
    public async Task Show_SensitiveService_SaysToContactTheIndexTeam()
    {
        var child = await _kit.RegisterAsync();
        var involvement = SecurityData.InvolvementOf("LS123");
        involvement.ServiceType = ServiceType.MentalHealth;
        involvement.LegalBasis = LegalBasis.Consent;
        involvement.PractitionerName = "Dr Ama Owusu";
        await server.Registration.RecordInvolvementAsync(new RecordInvolvementRequest { ChildId = child.ChildId, RequestId = TestRequests.NewRequestId(), Involvement = involvement });

        var run = await As(Roles.Practitioner, "show", "--purpose", "service-delivery", child.ChildId);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("sensitive service (undisclosed)", run.Output, StringComparison.Ordinal);
        Assert.Contains($"sensitive service: {IndexTeamLine}", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Dr Ama Owusu", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SHIELDED", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs the CLI signed in as a principal of <paramref name="role"/>.</summary>
    private async Task<CliRun> As(string role, params string[] args)
    {
        _sandbox.UseToken(await server.Identity.TokenForRoleAsync(role));
        return await _sandbox.RunAsync(args);
    }
}
