using System.Security.Cryptography;
using ChildIndex.Cli;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>
/// `childindex audit ...` end to end: a practitioner looks children up with the CLI, a security
/// officer reads the trail, exports it, and anyone holding only the public key checks the export
/// offline, including exports that were altered after they left the server.
/// </summary>
public sealed class AuditCommandTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>, IAsyncLifetime, IDisposable
{
    private const string Justification = "Concern raised by the school nurse";

    private readonly CliSandbox _officer = new(server);
    private readonly CliSandbox _practitioner = new(server);

    // Nobody signed in, and real sockets only: any call to a server fails.
    private readonly CliSandbox _offline = new(server) { RealNetwork = true };
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "childindex-audit-cli-tests", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _officer.UseToken(await server.Identity.TokenForRoleAsync(Roles.SecurityOfficer));
        // A practitioner of this class's own: the shared one's look-ups would be counted by other classes' tests.
        await _practitioner.SignInAsync(await server.Identity.CreateUserAsync(Roles.Practitioner));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _officer.Dispose();
        _practitioner.Dispose();
        _offline.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Audit_WhoAccessed_ShowsThePractitionerAndTheirStatedPurpose()
    {
        var childId = await RegisterAsync();
        var shown = await _practitioner.RunAsync("show", "--purpose", "safeguarding", "--reason", Justification, childId);

        var run = await _officer.RunAsync("audit", "who-accessed", childId);
        var json = await _officer.RunAsync("audit", "who-accessed", childId, "--json");

        Assert.Equal(ExitCodes.Ok, shown.ExitCode);
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Empty(run.Error);
        var row = Assert.Single(run.Output.Split('\n'), line => line.Contains("GetChild", StringComparison.Ordinal));
        foreach (var expected in new[] { "Test practitioner", "safeguarding", Justification, "OK" })
        {
            Assert.Contains(expected, row, StringComparison.Ordinal);
        }

        Assert.Contains($"to child {childId}", run.Output, StringComparison.Ordinal);
        var access = Assert.Single(JsonParser.Default.Parse<WhoAccessedChildResponse>(json.Output).Records, r => r.Action.EndsWith("/GetChild", StringComparison.Ordinal));
        Assert.Equal(AccessPurposeCode.SafeguardingConcern, access.Purpose.Code);
        Assert.Equal(Justification, access.Purpose.Justification);
        Assert.Equal([Roles.Practitioner], access.Actor.Roles);
        Assert.Equal("OK", access.Outcome);
    }

    [Fact]
    public async Task Audit_Query_FiltersByChildAndAction()
    {
        var first = await RegisterAsync();
        var second = await RegisterAsync();
        await LookUpAsync("show", first);
        await LookUpAsync("search", "--child-id", first);
        await LookUpAsync("show", second);

        var json = await _officer.RunAsync("audit", "query", "--child", first, "--action", "GetChild", "--json");
        var table = await _officer.RunAsync("audit", "query", "--child", first, "--action", "GetChild");

        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        var record = Assert.Single(JsonParser.Default.Parse<QueryAuditResponse>(json.Output).Records);
        Assert.Equal("childindex.v1.ChildDirectory/GetChild", record.Action);
        Assert.Equal([first], record.ChildIds);
        Assert.Equal([Roles.Practitioner], record.Actor.Roles);
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains("GetChild", table.Output, StringComparison.Ordinal);
        Assert.Contains(first, table.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(second, table.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SearchChildren", table.Output, StringComparison.Ordinal);
        Assert.Contains("\n1 record\n", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_Query_ShowsASearchsCriteriaAndTheChildrenReturned()
    {
        var nhsNumber = TestRequests.NewNhsNumber();
        var childId = await RegisterAsync(nhsNumber);
        await LookUpAsync("search", "--nhs", nhsNumber);

        var run = await _officer.RunAsync("audit", "query", "--action", "SearchChildren", "--limit", "1");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var row = Assert.Single(run.Output.Split('\n'), line => line.Contains("SearchChildren", StringComparison.Ordinal));
        Assert.Contains($"nhs number {nhsNumber}", row, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"returned {childId}", run.Output, StringComparison.Ordinal);
        Assert.Contains("service-delivery", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_ExportThenVerify_OfflineWithThePublicKey_IsIntact()
    {
        await LookUpAsync("show", await RegisterAsync());
        var file = Path.Combine(_directory, "intact.bin");

        var export = await _officer.RunAsync("audit", "export", file);
        var items = ReadItems(file);
        var records = items.Count(i => i.ItemCase == AuditExportItem.ItemOneofCase.Record);
        var checkpoints = items.Count(i => i.ItemCase == AuditExportItem.ItemOneofCase.Checkpoint);
        var verify = await _offline.RunAsync("--server", "http://127.0.0.1:1", "audit", "verify", file, "--public-key", TrustedPublicKey());

        Assert.Equal(ExitCodes.Ok, export.ExitCode);
        Assert.True(records > 0);
        Assert.Equal(AuditExportItem.ItemOneofCase.PublicKey, items[0].ItemCase);
        Assert.StartsWith($"{file}: {records} records, {checkpoints} checkpoints\n", export.Output, StringComparison.Ordinal);
        Assert.Contains("newest checkpoint: tree size " + records, export.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(TrustedPublicKey()).Trim(), File.ReadAllText(file + ".pub.pem").Trim());
        Assert.Equal(ExitCodes.Ok, verify.ExitCode);
        Assert.StartsWith($"intact: {records} records, {checkpoints} checkpoints\n", verify.Output, StringComparison.Ordinal);
        Assert.Empty(verify.Error);
    }

    [Fact]
    public async Task Audit_Verify_ExportWithAnEditedRecord_ExitsWith9AndNamesTheRecord()
    {
        var childId = await RegisterAsync();
        await LookUpAsync("show", childId);
        var file = await ExportAsync("edited.bin");
        var items = ReadItems(file);
        var (item, record) = items.Where(i => i.ItemCase == AuditExportItem.ItemOneofCase.Record)
            .Select(i => (Item: i, Record: AuditRecord.Parser.ParseFrom(i.Record.Record)))
            .Last(r => r.Record.Action.EndsWith("/GetChild", StringComparison.Ordinal) && r.Record.ChildIds.Contains(childId));
        // The practitioner's stated reason, rewritten after the fact; the stored leaf hash is left as it was.
        record.Purpose.Justification = "Routine check";
        item.Record.Record = record.ToByteString();
        WriteItems(file, items);

        var verify = await _offline.RunAsync("--server", "http://127.0.0.1:1", "audit", "verify", file, "--public-key", TrustedPublicKey());

        Assert.Equal(ExitCodes.TrailTampered, verify.ExitCode);
        Assert.StartsWith("TAMPERED: ", verify.Output, StringComparison.Ordinal);
        Assert.Contains($"\n  record {record.Sequence}: ", verify.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("intact", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_Verify_ExportWithADeletedRecord_NamesIt()
    {
        await LookUpAsync("show", await RegisterAsync());
        var file = await ExportAsync("deleted.bin");
        var items = ReadItems(file);
        var records = items.Where(i => i.ItemCase == AuditExportItem.ItemOneofCase.Record).ToList();
        var deleted = records[records.Count / 2];
        var sequence = AuditRecord.Parser.ParseFrom(deleted.Record.Record).Sequence;
        items.Remove(deleted);
        WriteItems(file, items);

        var verify = await _offline.RunAsync("audit", "verify", file, "--public-key", TrustedPublicKey());

        Assert.Equal(ExitCodes.TrailTampered, verify.ExitCode);
        Assert.Contains($"\n  record {sequence} missing", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_Verify_WithAnotherPublicKey_ExitsWith9()
    {
        await LookUpAsync("show", await RegisterAsync());
        var file = await ExportAsync("other-key.bin");
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherKey = Path.Combine(_directory, "other.pub.pem");
        File.WriteAllText(otherKey, other.ExportSubjectPublicKeyInfoPem());

        var verify = await _offline.RunAsync("audit", "verify", file, "--public-key", otherKey);
        var json = await _offline.RunAsync("audit", "verify", file, "--public-key", otherKey, "--json");

        Assert.Equal(ExitCodes.TrailTampered, verify.ExitCode);
        Assert.Contains("signature does not verify", verify.Output, StringComparison.Ordinal);
        Assert.Contains("no checkpoint signed by", verify.Output, StringComparison.Ordinal);
        Assert.StartsWith("warning: the export carries a different public key", Assert.Single(verify.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.TrailTampered, json.ExitCode);
        var result = JsonParser.Default.Parse<VerifyAuditTrailResponse>(json.Output);
        Assert.False(result.Intact);
        Assert.Equal(0, result.CheckpointsChecked);
    }

    [Theory]
    [InlineData("query")]
    [InlineData("who-accessed", "K7Q2-M9XD-4")]
    [InlineData("export", "FILE")]
    [InlineData("verify", "--server")]
    [InlineData("misuse")]
    public async Task Audit_AnyCommand_AsPractitioner_ExitsWith8(params string[] args)
    {
        var file = Path.Combine(_directory, $"refused-{Guid.NewGuid():N}.bin");

        var run = await _practitioner.RunAsync(["audit", .. args.Select(a => a == "FILE" ? file : a)]);

        Assert.Equal(ExitCodes.PermissionDenied, run.ExitCode);
        Assert.EndsWith("(PermissionDenied)", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.Empty(Directory.GetFiles(_directory, "refused-*"));
    }

    [Fact]
    public async Task Audit_Misuse_PrintsFindings()
    {
        // Every test practitioner is called "Test practitioner": searching for the family name
        // Practitioner is a user looking up their own family.
        await LookUpAsync("search", "--family-name", "Practitioner", "--dob", "2016-03-14");
        var search = Assert.Single(JsonParser.Default.Parse<QueryAuditResponse>(
            (await _officer.RunAsync("audit", "query", "--action", "SearchChildren", "--limit", "1", "--json")).Output).Records);

        var table = await _officer.RunAsync("audit", "misuse");
        var json = await _officer.RunAsync("audit", "misuse", "--json");
        var none = await _officer.RunAsync("audit", "misuse", "--from", "2001-01-01", "--to", "2001-01-31");

        Assert.Equal("Practitioner", search.Search.Name.FamilyName);
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        var row = Assert.Single(table.Output.Split('\n'), line => line.Contains("own family name", StringComparison.Ordinal) && line.Contains("PRACTITIONER", StringComparison.Ordinal));
        Assert.Contains(search.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
        Assert.Contains("Test practitioner", row, StringComparison.Ordinal);
        var finding = Assert.Single(JsonParser.Default.Parse<MisuseReportResponse>(json.Output).Findings, f => f.Kind == MisuseFinding.Types.Kind.OwnFamilyName);
        Assert.Contains(search.Sequence, finding.Sequences);
        Assert.Equal(ExitCodes.Ok, none.ExitCode);
        Assert.Equal("no findings: no pattern of possible misuse in the range\n", none.Output);
    }

    private async Task<string> RegisterAsync(string? nhsNumber = null) =>
        (await server.Registration.RegisterChildAsync(TestRequests.Registration(nhsNumber: nhsNumber))).ChildId;

    /// <summary>A practitioner's search or show through the CLI, which must succeed.</summary>
    private async Task LookUpAsync(string command, params string[] args)
    {
        var run = await _practitioner.RunAsync([command, "--purpose", "service-delivery", .. args]);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
    }

    private async Task<string> ExportAsync(string name)
    {
        var file = Path.Combine(_directory, name);
        var export = await _officer.RunAsync("audit", "export", file);
        Assert.True(export.ExitCode == ExitCodes.Ok, export.Error);
        return file;
    }

    /// <summary>The public key as an operator holds it, from the server's signing key, not from any export.</summary>
    private string TrustedPublicKey()
    {
        var path = Path.Combine(_directory, "trusted.pub.pem");
        File.WriteAllText(path, server.Services.GetRequiredService<AuditSigningKey>().Key.ExportSubjectPublicKeyInfoPem());
        return path;
    }

    private static List<AuditExportItem> ReadItems(string path)
    {
        using var stream = File.OpenRead(path);
        var items = new List<AuditExportItem>();
        while (stream.Position < stream.Length)
        {
            items.Add(AuditExportItem.Parser.ParseDelimitedFrom(stream));
        }

        return items;
    }

    private static void WriteItems(string path, IEnumerable<AuditExportItem> items)
    {
        using var stream = File.Create(path);
        foreach (var item in items)
        {
            item.WriteDelimitedTo(stream);
        }
    }
}
