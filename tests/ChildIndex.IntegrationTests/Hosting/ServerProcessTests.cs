using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ChildIndex.IntegrationTests.Hosting;

/// <summary>
/// The built directory as an operator runs it: a real process on real sockets, which in-process
/// tests cannot show (Kestrel endpoints, h2c, TLS, the commands' refusals).
/// </summary>
public sealed class ServerProcessTests : IDisposable
{
    private const string Directory = "ChildIndex.Api";
    private const string DemoData = "ChildIndex.DemoData";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "childindex-process-tests", Guid.NewGuid().ToString("N"));

    public ServerProcessTests() => System.IO.Directory.CreateDirectory(_dataDir);

    public void Dispose() => System.IO.Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Serve_WithoutCertificate_AnswersGrpcOverPlainTextHttp2OnLoopback()
    {
        Assert.Equal(0, (await Run("migrate")).ExitCode);
        var port = ServerProcess.FreePort();

        using var server = await ServerProcess.StartAsync(Directory, Environment(port));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains($"serving on http://127.0.0.1:{port}", server.Output, StringComparison.Ordinal);
        Assert.Contains("every call needs an access token", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithCertificate_AnswersGrpcOverTls()
    {
        Assert.Equal(0, (await Run("migrate")).ExitCode);
        var port = ServerProcess.FreePort();
        using var certificate = SelfSignedCertificate();
        var pfx = Path.Combine(_dataDir, "tls.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
        var environment = Environment(port);
        environment["CHILDINDEX_TLS_CERT"] = pfx;
        environment["CHILDINDEX_TLS_CERT_PASSWORD"] = "test-password";

        using var server = await ServerProcess.StartAsync(Directory, environment);
        using var handler = new HttpClientHandler
        {
            // Trust exactly the certificate the server was given, nothing else.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler });
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains($"serving on https://127.0.0.1:{port}", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnANonLoopbackAddressWithoutTls_RefusesToStart()
    {
        Assert.Equal(0, (await Run("migrate")).ExitCode);
        var environment = Environment(ServerProcess.FreePort());
        environment["CHILDINDEX_BIND_ADDRESS"] = "0.0.0.0";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(Directory, environment));

        Assert.Contains("refusing to listen on 0.0.0.0 without TLS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnADatabaseWithPendingMigrations_RefusesToStart()
    {
        var result = await Run("serve");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("run `ChildIndex.Api migrate` first", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedDemo_IsNotACommandOfTheDirectory()
    {
        var result = await Run("seed-demo");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command 'seed-demo'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoData_OutsideDevelopment_IsRefused()
    {
        Assert.Equal(0, (await Run("migrate")).ExitCode);

        var result = await ServerProcess.RunAsync(DemoData, [], Environment(0, "Production"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("demo data refused", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoData_InDevelopment_SeedsTheDirectoryAndSaysSoLast()
    {
        Assert.Equal(0, (await Run("migrate")).ExitCode);

        var first = await ServerProcess.RunAsync(DemoData, [], Environment(0));
        var second = await ServerProcess.RunAsync(DemoData, [], Environment(0));

        // ./run.sh shows the last line only.
        Assert.Equal(0, first.ExitCode);
        Assert.Matches("^seeded 300 demo children; shielded demo child: [0-9A-Z-]+$", first.Output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(0, second.ExitCode);
        Assert.StartsWith("demo children already present; shielded demo child: ", second.Output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_RunTwice_ReportsTheDatabaseUpToDate()
    {
        var first = await Run("migrate");
        var second = await Run("migrate");

        Assert.Matches("applied [0-9]+ migration\\(s\\)", first.Output);
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output)> Run(string command) => ServerProcess.RunAsync(Directory, [command], Environment(0));

    private Dictionary<string, string> Environment(int port, string environment = "Development") => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = environment,
        ["CHILDINDEX_DATA_DIR"] = _dataDir,
        ["CHILDINDEX_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
