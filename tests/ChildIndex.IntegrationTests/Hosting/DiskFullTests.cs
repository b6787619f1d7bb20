using System.Diagnostics;
using ChildIndex.Common.Storage;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Storage;
using ChildIndex.IntegrationTests.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Hosting;

/// <summary>
/// The SQLite database's disk fills while the directory serves: it fails closed (registrations and
/// look-ups answer UNAVAILABLE, nothing is answered that is not recorded), stays up, and serves
/// again once space returns, with a trail that verifies. The database sits on a small tmpfs that
/// the test mounts (root, as ./test.sh runs in CI), then fills with a file of its own.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "childindex-process-tests", Guid.NewGuid().ToString("N"));
    private readonly string _disk = Path.Combine(Path.GetTempPath(), "childindex-small-disk", Guid.NewGuid().ToString("N"));

    public DiskFullTests()
    {
        Directory.CreateDirectory(_dataDir);
        Directory.CreateDirectory(_disk);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Run("umount", _disk);
        Directory.Delete(_disk, recursive: true);
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task DiskFullUnderSqlite_FailsClosedAnsweringNothingUnrecorded_AndRecoversWhenSpaceReturns()
    {
        Assert.True(Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", _disk) == 0,
            "mounting a small tmpfs needs root: run the tests as ./test.sh does in CI (as root)");
        var stack = new RunningServices(_dataDir);
        var environment = stack.Environment();
        var database = Path.Combine(_disk, ChildIndexDbContext.DefaultSqliteFile);
        environment["CHILDINDEX_DB_CONNECTION"] = $"Data Source={database}";
        Assert.Equal(0, (await ServerProcess.RunAsync("ChildIndex.Identity", ["migrate"], environment)).ExitCode);
        Assert.Equal(0, (await ServerProcess.RunAsync("ChildIndex.Identity", ["seed-demo"], environment)).ExitCode);
        Assert.Equal(0, (await ServerProcess.RunAsync("ChildIndex.Api", ["migrate"], environment)).ExitCode);
        using var identity = await ServerProcess.StartAsync("ChildIndex.Identity", environment);
        using var directory = await ServerProcess.StartAsync("ChildIndex.Api", environment);
        using var channel = stack.Channel(await stack.AgencyTokenAsync());
        var registration = new Registration.RegistrationClient(channel);
        var lookUps = new ChildDirectory.ChildDirectoryClient(channel);
        await registration.RegisterChildAsync(TestRequests.AgencyRegistration());

        var answered = new List<string>();
        var filler = Path.Combine(_disk, "filler");
        Fill(filler);
        var unavailable = 0;
        for (var i = 0; i < 40; i++)
        {
            try
            {
                await registration.RegisterChildAsync(TestRequests.AgencyRegistration(), deadline: DateTime.UtcNow.AddSeconds(10));
                answered.Add("registered");
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable)
            {
                unavailable++;
            }

            await LookUpAsync(lookUps, answered, () => unavailable++);
        }

        Assert.True(unavailable > 0, "the full disk never refused a call: the test did not reach the fault");
        Assert.False(directory.HasExited, "the directory died when its disk filled");

        File.Delete(filler);
        var back = await AuditTestKit.EventuallyAsync(async () =>
        {
            try
            {
                return await registration.RegisterChildAsync(TestRequests.AgencyRegistration(), deadline: DateTime.UtcNow.AddSeconds(10));
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(30), "a registration once space returned");
        Assert.Equal(RegistrationOutcome.Created, back.Outcome);
        await LookUpAsync(lookUps, answered, () => throw new InvalidOperationException("a look-up refused after space returned"));

        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={database}");
        await using (var db = new ChildIndexDbContext(settings.ContextOptions<ChildIndexDbContext>()))
        {
            var traces = (await db.AuditEntries.AsNoTracking().Select(e => e.Record).ToListAsync())
                .Select(bytes => AuditRecord.Parser.ParseFrom(bytes).TraceId)
                .ToHashSet(StringComparer.Ordinal);
            Assert.All(answered.Where(a => a != "registered"), trace => Assert.Contains(trace, traces));
        }

        var verified = await stack.VerifyOfflineAsync(settings, TimeSpan.FromSeconds(30));
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
    }

    /// <summary>An agency system's look-up, refused as it may not look children up: a refusal is an
    /// answer, and must be recorded before it leaves.</summary>
    private static async Task LookUpAsync(ChildDirectory.ChildDirectoryClient client, List<string> answered, Action unavailable)
    {
        var (headers, traceId) = AuditTestKit.TraceParent();
        try
        {
            await client.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = Core.Identifiers.ChildId.Format(Core.Identifiers.ChildId.New()) }, headers, deadline: DateTime.UtcNow.AddSeconds(10));
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.PermissionDenied)
        {
            answered.Add(traceId);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable)
        {
            unavailable();
        }
    }

    /// <summary>Writes until the disk refuses another byte (in ever smaller blocks, to the last one).</summary>
    private static void Fill(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (var size = 1 << 16; size >= 512; size /= 2)
        {
            var block = new byte[size];
            try
            {
                while (true)
                {
                    file.Write(block);
                }
            }
            catch (IOException)
            {
                // Full at this block size: try a smaller one.
            }
        }
    }

    private static int Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
