using ChildIndex.Cli;
using ChildIndex.Common.Security;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Retention;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>`childindex retention ...` end to end against the in-process server, as the index team.</summary>
public sealed class RetentionCliTests(SqliteRetentionDirectoryServer server) : IClassFixture<SqliteRetentionDirectoryServer>, IDisposable
{
    private readonly CliSandbox _sandbox = new(server);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task DeathHoldAndDryRun_AreRecordedAndReported_WithoutArchivingAnything()
    {
        var child = await server.Registration.RegisterChildAsync(TestRequests.Registration(TestRequests.Details(dateOfBirth: TestRequests.Date(2012, 4, 1))));

        var death = await As(Roles.IndexAdmin, "retention", "death", child.ChildId, "--date", "2025-01-31");
        var hold = await As(Roles.IndexAdmin, "retention", "hold", child.ChildId, "--reason", "coroner's inquest");
        var dryRun = await As(Roles.IndexAdmin, "retention", "run", "--dry-run");

        Assert.Equal(ExitCodes.Ok, death.ExitCode);
        Assert.StartsWith($"{child.ChildId}: deceased; died 2025-01-31; archive due 2026-01-31", death.Output, StringComparison.Ordinal);
        Assert.Contains("legal hold: coroner's inquest", hold.Output, StringComparison.Ordinal);
        Assert.Contains("would be archived", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains(child.ChildId, dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("a year after death", dryRun.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_ByAPractitioner_IsPermissionDenied_AndABadDateIsAUsageError()
    {
        var denied = await As(Roles.Practitioner, "retention", "run", "--dry-run");
        var badDate = await As(Roles.IndexAdmin, "retention", "death", "K7Q2-M9XD-7", "--date", "31/01/2025");

        Assert.Equal(ExitCodes.PermissionDenied, denied.ExitCode);
        Assert.Equal(ExitCodes.Usage, badDate.ExitCode);
        Assert.Contains(badDate.ErrorLines, line => line.Contains("YYYY-MM-DD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubjectAccess_PrintsTheRecordAndTheAccesses_AndGivesJsonForScripts()
    {
        var details = TestRequests.Details();
        var child = await server.Registration.RegisterChildAsync(TestRequests.Registration(details));

        var printed = await As(Roles.IndexAdmin, "subject-access", child.ChildId);
        var json = await As(Roles.IndexAdmin, "--json", "subject-access", child.ChildId);

        Assert.Equal(ExitCodes.Ok, printed.ExitCode);
        Assert.StartsWith($"Subject access report for {child.ChildId}", printed.Output, StringComparison.Ordinal);
        Assert.Contains(details.Name.FamilyName, printed.Output, StringComparison.Ordinal);
        Assert.Contains("RegisterChild", printed.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        Assert.Contains("\"accesses\"", json.Output, StringComparison.Ordinal);
    }

    private async Task<CliRun> As(string role, params string[] args)
    {
        _sandbox.UseToken(await server.Identity.TokenForRoleAsync(role));
        return await _sandbox.RunAsync(args);
    }
}
