using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ChildIndex.IntegrationTests.Hosting;

/// <summary>
/// The identity server goes down while the directory serves: tokens already issued keep working
/// until they expire (the directory validates them with the keys it already holds), and new
/// sign-ins fail at once, as a refused connection, not a hang. Real processes, real sockets.
/// </summary>
public sealed class IdentityOutageTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "childindex-process-tests", Guid.NewGuid().ToString("N"));

    public IdentityOutageTests() => Directory.CreateDirectory(_dataDir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task IdentityServerDown_IssuedTokensKeepWorking_AndNewSignInsFailAtOnce()
    {
        var services = new RunningServices(_dataDir);
        var environment = services.Environment();
        Assert.Equal(0, (await ServerProcess.RunAsync("ChildIndex.Identity", ["migrate"], environment)).ExitCode);
        Assert.Equal(0, (await ServerProcess.RunAsync("ChildIndex.Identity", ["seed-demo"], environment)).ExitCode);
        Assert.Equal(0, (await ServerProcess.RunAsync("ChildIndex.Api", ["migrate"], environment)).ExitCode);
        var identity = await ServerProcess.StartAsync("ChildIndex.Identity", environment);
        using var directory = await ServerProcess.StartAsync("ChildIndex.Api", environment);
        var token = await services.AgencyTokenAsync();
        using var channel = services.Channel(token);
        var registration = new Registration.RegistrationClient(channel);
        await registration.RegisterChildAsync(TestRequests.AgencyRegistration());

        identity.Kill();
        identity.Dispose();

        var registered = await registration.RegisterChildAsync(TestRequests.AgencyRegistration(), deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(RegistrationOutcome.Created, registered.Outcome);
        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<HttpRequestException>(services.AgencyTokenAsync);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "a sign-in against the stopped identity server hung");
    }
}
