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
/// The directory killed with SIGKILL in the middle of a bulk registration stream and a stream of
/// audited calls, as a power cut would stop it: every child the client saw acknowledged is in the
/// database exactly once, every answer the client received has its audit record, and once the
/// directory is back the trail verifies intact. Real processes, real sockets, a real token.
/// </summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "childindex-process-tests", Guid.NewGuid().ToString("N"));

    public CrashDurabilityTests() => Directory.CreateDirectory(_dataDir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task KilledUnderLoad_KeepsEveryAcknowledgedChildOnce_AndARecordOfEveryAnswer_AndTheTrailVerifies()
    {
        var stack = new RunningServices(_dataDir);
        var environment = stack.Environment();
        Assert.Equal(0, (await ServerProcess.RunAsync("ChildIndex.Identity", ["migrate"], environment)).ExitCode);
        Assert.Equal(0, (await ServerProcess.RunAsync("ChildIndex.Identity", ["seed-demo"], environment)).ExitCode);
        Assert.Equal(0, (await ServerProcess.RunAsync("ChildIndex.Api", ["migrate"], environment)).ExitCode);
        using var identity = await ServerProcess.StartAsync("ChildIndex.Identity", environment);
        var token = await stack.AgencyTokenAsync();

        var acknowledged = new List<RegisterChildResponse>();
        var answered = new List<string>();
        using (var directory = await ServerProcess.StartAsync("ChildIndex.Api", environment))
        {
            using var channel = stack.Channel(token);
            using var stop = new CancellationTokenSource();
            var registering = RegisterUntilStoppedAsync(new Registration.RegistrationClient(channel), acknowledged, stop.Token);
            var lookingUp = Enumerable.Range(0, 4).Select(_ => LookUpUntilStoppedAsync(new ChildDirectory.ChildDirectoryClient(channel), answered, stop.Token)).ToList();

            // Killed once both streams are well under way (bounded: the test stops by itself).
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while ((Count(acknowledged) < 300 || Count(answered) < 100) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            directory.Kill();
            await stop.CancelAsync();
            await Task.WhenAll([registering, .. lookingUp]);
        }

        Assert.True(acknowledged.Count >= 300, $"only {acknowledged.Count} children were acknowledged before the kill");
        Assert.True(answered.Count >= 100, $"only {answered.Count} calls were answered before the kill");
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_dataDir, ChildIndexDbContext.DefaultSqliteFile)}");
        await using (var db = new ChildIndexDbContext(settings.ContextOptions<ChildIndexDbContext>()))
        {
            var stored = (await db.Children.AsNoTracking().Select(c => c.IndexId).ToListAsync()).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
            Assert.All(acknowledged, a => Assert.Equal(1, Core.Identifiers.ChildId.TryParse(a.ChildId, out var id) ? stored.GetValueOrDefault(id) : 0));

            var traces = (await db.AuditEntries.AsNoTracking().Select(e => e.Record).ToListAsync())
                .Select(bytes => AuditRecord.Parser.ParseFrom(bytes).TraceId)
                .ToHashSet(StringComparer.Ordinal);
            Assert.All(answered, trace => Assert.Contains(trace, traces));
        }

        // Back up: the directory signs what the crash left unsigned, and the whole trail verifies.
        using (await ServerProcess.StartAsync("ChildIndex.Api", environment))
        {
            var result = await stack.VerifyOfflineAsync(settings, TimeSpan.FromSeconds(30));
            Assert.True(result.Intact, string.Join("\n", result.Problems));
            Assert.True(result.RecordsChecked >= acknowledged.Count / RegistrationBatchMax + answered.Count);
        }
    }

    // A RegisterChildren batch is audited as one record (ADR 4); at most this many children share one.
    private const int RegistrationBatchMax = 512;

    private static async Task RegisterUntilStoppedAsync(Registration.RegistrationClient client, List<RegisterChildResponse> acknowledged, CancellationToken stop)
    {
        try
        {
            using var call = client.RegisterChildren(cancellationToken: stop);
            var reading = Task.Run(async () =>
            {
                await foreach (var result in call.ResponseStream.ReadAllAsync(stop))
                {
                    if (result.Registered is { } registered)
                    {
                        lock (acknowledged)
                        {
                            acknowledged.Add(registered);
                        }
                    }
                }
            }, CancellationToken.None);
            for (var i = 0; i < 100_000 && !stop.IsCancellationRequested; i++)
            {
                await call.RequestStream.WriteAsync(TestRequests.AgencyRegistration(), stop);
            }

            await reading;
        }
        catch (Exception error) when (error is RpcException or OperationCanceledException or IOException)
        {
            // The server died or the test stopped: what was acknowledged until then is what counts.
        }
    }

    private static async Task LookUpUntilStoppedAsync(ChildDirectory.ChildDirectoryClient client, List<string> answered, CancellationToken stop)
    {
        for (var i = 0; i < 100_000 && !stop.IsCancellationRequested; i++)
        {
            var (headers, traceId) = AuditTestKit.TraceParent();
            try
            {
                // An agency system may not look children up: the refusal is an answer too, and the
                // audit writer must have committed its record before it leaves.
                await client.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = Core.Identifiers.ChildId.Format(Core.Identifiers.ChildId.New()) }, headers, cancellationToken: stop);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.PermissionDenied)
            {
                lock (answered)
                {
                    answered.Add(traceId);
                }
            }
            catch (Exception error) when (error is RpcException or OperationCanceledException or IOException)
            {
                return;
            }
        }
    }

    private static int Count<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }
}
