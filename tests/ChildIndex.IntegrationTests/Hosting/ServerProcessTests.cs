using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ChildIndex.IntegrationTests.Hosting;

/// <summary>
/// The built server as an operator runs it: a real process on real sockets, which in-process tests
/// cannot show (Kestrel endpoints, h2c, TLS, the commands' refusals).
/// </summary>
public sealed class ServerProcessTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "childindex-process-tests", Guid.NewGuid().ToString("N"));

    public ServerProcessTests() => Directory.CreateDirectory(_dataDir);

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Serve_WithoutCertificate_AnswersGrpcOverPlainTextHttp2OnLoopback()
    {
        Assert.Equal(0, (await RunToEnd("migrate")).ExitCode);
        var port = FreePort();

        using var server = await Start(port, new Dictionary<string, string>());
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains($"serving on http://127.0.0.1:{port}", server.Output, StringComparison.Ordinal);
        Assert.Contains("every call needs an access token", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithCertificate_AnswersGrpcOverTls()
    {
        Assert.Equal(0, (await RunToEnd("migrate")).ExitCode);
        var port = FreePort();
        using var certificate = SelfSignedCertificate();
        var pfx = Path.Combine(_dataDir, "tls.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));

        using var server = await Start(port, new Dictionary<string, string>
        {
            ["CHILDINDEX_TLS_CERT"] = pfx,
            ["CHILDINDEX_TLS_CERT_PASSWORD"] = "test-password",
        });
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
    public async Task Serve_OnADatabaseWithPendingMigrations_RefusesToStart()
    {
        var result = await RunToEnd("serve");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("run `ChildIndex.Api migrate` first", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedDemo_OutsideDevelopment_IsRefused()
    {
        Assert.Equal(0, (await RunToEnd("migrate")).ExitCode);

        var result = await RunToEnd("seed-demo", environment: "Production");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("seed-demo refused", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_RunTwice_ReportsTheDatabaseUpToDate()
    {
        var first = await RunToEnd("migrate");
        var second = await RunToEnd("migrate");

        Assert.Contains("applied 1 migration(s)", first.Output, StringComparison.Ordinal);
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
    }

    private static string ServerDll()
    {
        // The server built beside these tests, in the same configuration (Debug or Release).
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)));
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ChildIndex.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "src", "ChildIndex.Api", "bin", configuration!, "net10.0", "ChildIndex.Api.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the solution first", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    private ProcessStartInfo StartInfo(string command, string environment, IDictionary<string, string>? variables = null)
    {
        var info = new ProcessStartInfo("dotnet", [ServerDll(), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["CHILDINDEX_DATA_DIR"] = _dataDir;
        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private async Task<(int ExitCode, string Output)> RunToEnd(string command, string environment = "Development")
    {
        using var process = Process.Start(StartInfo(command, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private async Task<RunningServer> Start(int port, Dictionary<string, string> variables)
    {
        variables["CHILDINDEX_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var server = new RunningServer(Process.Start(StartInfo("serve", "Development", variables))!);
        await server.WaitForAsync("serving on", TimeSpan.FromSeconds(60));
        return server;
    }

    private sealed class RunningServer : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private readonly Lock _lock = new();

        public RunningServer(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_lock)
                {
                    return _output.ToString();
                }
            }
        }

        public async Task WaitForAsync(string text, TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"server did not start:\n{Output}");
                }

                await Task.Delay(100);
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lock)
            {
                _output.AppendLine(line);
            }
        }
    }
}
