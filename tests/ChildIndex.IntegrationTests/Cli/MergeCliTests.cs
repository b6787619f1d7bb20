using ChildIndex.Cli;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Merging;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>`childindex merge`, `unmerge`, `not-same-child` and `merge-history` end to end against the
/// in-process server, as the index team.</summary>
public sealed class MergeCliTests(SqliteMergeDirectoryServer server) : IClassFixture<SqliteMergeDirectoryServer>, IDisposable
{
    private readonly CliSandbox _sandbox = new(server);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task MergeUnmergeAndNotSameChild_AreReported_AndTheHistoryListsThem()
    {
        var survivor = await RegisterAsync();
        var duplicate = await RegisterAsync();
        var other = await RegisterAsync();

        var merged = await As(Roles.IndexAdmin, "merge", survivor, duplicate, "--reason", "same child, two schools");
        var shown = await As(Roles.IndexAdmin, "show", duplicate, "--purpose", "data-quality");
        var unmerged = await As(Roles.IndexAdmin, "unmerge", duplicate, "--reason", "twins");
        var apart = await As(Roles.IndexAdmin, "not-same-child", survivor, other, "--reason", "sisters");
        var history = await As(Roles.IndexAdmin, "merge-history", survivor);

        Assert.Equal(ExitCodes.Ok, merged.ExitCode);
        Assert.StartsWith($"Merged {duplicate} into {survivor}", merged.Output, StringComparison.Ordinal);
        Assert.Contains($"{duplicate} was merged into {survivor}", shown.Output, StringComparison.Ordinal);
        Assert.Contains("undone", unmerged.Output, StringComparison.Ordinal);
        Assert.Contains("not the same child", apart.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, history.ExitCode);
        Assert.Contains("merged", history.Output, StringComparison.Ordinal);
        Assert.Contains("unmerged", history.Output, StringComparison.Ordinal);
        Assert.Contains("sisters", history.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_ByAPractitioner_IsPermissionDenied_AndWithoutAReasonIsAUsageError()
    {
        var denied = await As(Roles.Practitioner, "merge", "K7Q2-M9XD-7", "K7Q2-M9XD-7", "--reason", "same");
        var noReason = await As(Roles.IndexAdmin, "merge", "K7Q2-M9XD-7", "K7Q2-M9XD-7");

        Assert.Equal(ExitCodes.PermissionDenied, denied.ExitCode);
        Assert.Equal(ExitCodes.Usage, noReason.ExitCode);
    }

    private async Task<string> RegisterAsync()
    {
        var request = TestRequests.Registration();
        request.Identifiers = new ChildIdentifiers();
        return (await server.Registration.RegisterChildAsync(request)).ChildId;
    }

    private async Task<CliRun> As(string role, params string[] args)
    {
        _sandbox.UseToken(await server.Identity.TokenForRoleAsync(role));
        return await _sandbox.RunAsync(args);
    }
}
