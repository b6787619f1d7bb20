using ChildIndex.Common.Storage;
using System.Security.Cryptography;
using ChildIndex.Audit;
using ChildIndex.Core.Audit;
using ChildIndex.ServiceDefaults;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChildIndex.Api.Witness;

/// <summary>
/// `ChildIndex.Api witness`: a checkpoint witness (witness.proto) for directories that sign with one
/// key, run on storage and under an account the directory's database owners do not control. It keeps
/// an append-only file of the checkpoints it accepted and cosigns each with a key of its own.
/// Settings: WITNESS_PORT (5084), WITNESS_DIR (DATA_DIR/witness: the file and the witness's key,
/// generated at first run), WITNESS_DIRECTORY_KEY (the directory's public key, PEM; in Development
/// DATA_DIR/audit-signing-key.pub.pem).
/// </summary>
public static class WitnessServer
{
    public const string Command = "witness";
    public const int DefaultPort = 5084;
    public const string LogFile = "checkpoints.jsonl";
    public const string KeyFile = "witness-key.pem";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddServiceDefaults("childindex-witness");
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(kestrel =>
            ServerEndpoints.Listen(kestrel, configuration, configuration.GetValue("WITNESS_PORT", DefaultPort), HttpProtocols.Http2));
        builder.Services.AddSingleton(provider => Open(provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>(), TimeProvider.System));
        builder.Services.AddGrpc(options => options.EnableDetailedErrors = false);
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();

        var app = builder.Build();
        var log = app.Services.GetRequiredService<WitnessLog>();
        app.MapGrpcService<CheckpointWitnessService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine($"ChildIndex checkpoint witness of {log.Path}: serving on {string.Join(", ", addresses)}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static WitnessLog Open(IConfiguration configuration, IHostEnvironment environment, TimeProvider time)
    {
        var dataDir = DatabaseSettings.DataDirectory(configuration);
        var dir = Path.GetFullPath(configuration["WITNESS_DIR"] is { Length: > 0 } witnessDir ? witnessDir : Path.Combine(dataDir, "witness"));
        Directory.CreateDirectory(dir);

        var directoryKeyFile = configuration["WITNESS_DIRECTORY_KEY"] is { Length: > 0 } keyPath
            ? keyPath
            : environment.IsDevelopment() || environment.IsEnvironment("Testing")
                ? Path.Combine(dataDir, AuditSigningKey.DevelopmentPublicFile)
                : throw new InvalidOperationException("WITNESS_DIRECTORY_KEY is required outside Development: the PEM file of the directory's public checkpoint key");
        var directoryKey = ECDsa.Create();
        directoryKey.ImportFromPem(File.ReadAllText(directoryKeyFile));

        var cosigningKey = ECDsa.Create();
        var keyFile = Path.Combine(dir, KeyFile);
        if (File.Exists(keyFile))
        {
            cosigningKey.ImportFromPem(File.ReadAllText(keyFile));
        }
        else
        {
            cosigningKey.GenerateKey(ECCurve.NamedCurves.nistP256);
            File.WriteAllText(keyFile, cosigningKey.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllText(Path.Combine(dir, "witness-key.pub.pem"), cosigningKey.ExportSubjectPublicKeyInfoPem());
        }

        return new WitnessLog(Path.Combine(dir, LogFile), directoryKey, cosigningKey, time);
    }
}
