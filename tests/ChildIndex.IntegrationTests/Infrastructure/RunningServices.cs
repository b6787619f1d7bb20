using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using ChildIndex.Audit;
using ChildIndex.Common.Storage;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Storage;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Infrastructure;

/// <summary>
/// The identity server and the directory as real processes on real ports, sharing a data folder,
/// as ./run.sh starts them: for the fault tests that kill a process or take its disk away.
/// </summary>
public sealed class RunningServices(string dataDir)
{
    public int WebPort { get; } = ServerProcess.FreePort();

    public int AdminPort { get; } = ServerProcess.FreePort();

    public int Port { get; } = ServerProcess.FreePort();

    public Dictionary<string, string> Environment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["CHILDINDEX_DATA_DIR"] = dataDir,
        ["CHILDINDEX_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["CHILDINDEX_IDENTITY_PORT"] = WebPort.ToString(CultureInfo.InvariantCulture),
        ["CHILDINDEX_IDENTITY_ADMIN_PORT"] = AdminPort.ToString(CultureInfo.InvariantCulture),
        ["CHILDINDEX_IDENTITY_AUTHORITY"] = $"http://127.0.0.1:{WebPort}",
    };

    /// <summary>A token of the demo agency system (client credentials), from the identity process.</summary>
    public async Task<string> AgencyTokenAsync()
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = global::ChildIndex.Identity.DemoData.DemoIdentities.AgencyClientId,
            ["client_secret"] = global::ChildIndex.Identity.DemoData.DemoIdentities.AgencyClientSecret,
            ["scope"] = "directory",
        });
        using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{WebPort}/connect/token"), form);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken!;
    }

    /// <summary>A channel to the directory process that sends <paramref name="token"/> on every call.</summary>
    public GrpcChannel Channel(string token) => GrpcChannel.ForAddress($"http://127.0.0.1:{Port}", new GrpcChannelOptions
    {
        Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("Authorization", $"Bearer {token}");
            return Task.CompletedTask;
        })),
        UnsafeUseInsecureChannelCallCredentials = true,
    });

    /// <summary>The stored trail checked as an auditor would, with the public key only; retried
    /// until intact or <paramref name="timeout"/> (a directory signs its unsigned tail within its
    /// checkpoint interval).</summary>
    public async Task<TrailVerification> VerifyOfflineAsync(DatabaseSettings settings, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(dataDir, AuditSigningKey.DevelopmentPublicFile)));
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using var db = new ChildIndexDbContext(settings.ContextOptions<ChildIndexDbContext>());
            var records = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence)
                .Select(e => new { e.Record, e.LeafHash }).ToListAsync();
            var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.TreeSize).ToListAsync();
            var result = TrailVerifier.Verify(
                records.Select(r => new ExportedRecord { Record = ByteString.CopyFrom(r.Record), LeafHash = ByteString.CopyFrom(r.LeafHash) }),
                [.. checkpoints.Select(c => c.ToContract())],
                key);
            if (result.Intact || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(250);
        }
    }
}
