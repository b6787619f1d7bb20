using ChildIndex.Cli;
using ChildIndex.Common.Security;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Records;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>`childindex duplicates list|close`, end to end against the in-process server.</summary>
public sealed class DuplicatesCliTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>, IDisposable
{
    private readonly CliSandbox _sandbox = new(server);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task DuplicatesListAndClose_ByIndexTeam_ShowTheTaskAndCloseIt()
    {
        var (existing, created) = await DuplicateTestKit.RaiseAsync(server);
        var task = (await DuplicateTestKit.OpenTaskAsync(new Contracts.V1.IndexManagement.IndexManagementClient(server.Channel), created))!;
        var id = task.TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var list = await As(Roles.IndexAdmin, "duplicates", "list", "--page-size", "200");
        var close = await As(Roles.IndexAdmin, "duplicates", "close", id, "--resolution", "not-a-duplicate", "--reason", "twins, checked with the school");
        var badResolution = await As(Roles.IndexAdmin, "duplicates", "close", id, "--resolution", "maybe", "--reason", "x");
        var practitioner = await As(Roles.Practitioner, "duplicates", "list");

        Assert.Equal(ExitCodes.Ok, list.ExitCode);
        Assert.Contains(created, list.Output, StringComparison.Ordinal);
        Assert.Contains(existing, list.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, close.ExitCode);
        Assert.Contains($"closed task {id} ({created} and {existing}): not a duplicate", close.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, badResolution.ExitCode);
        Assert.Equal(ExitCodes.PermissionDenied, practitioner.ExitCode);
    }

    private async Task<CliRun> As(string role, params string[] args)
    {
        _sandbox.UseToken(await server.Identity.TokenForRoleAsync(role));
        return await _sandbox.RunAsync(args);
    }
}
