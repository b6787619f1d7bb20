using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChildIndex.IntegrationTests.Hosting;

/// <summary>The built identity server as an operator runs it: its commands and its two ports.</summary>
public sealed class IdentityProcessTests : IDisposable
{
    private const string Identity = "ChildIndex.Identity";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "childindex-process-tests", Guid.NewGuid().ToString("N"));

    public IdentityProcessTests() => Directory.CreateDirectory(_dataDir);

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Serve_AnswersOpenIdDiscoveryOverHttp1AndTheAdminApiOverH2c()
    {
        Assert.Equal(0, (await Run("migrate")).ExitCode);
        var (web, admin) = (ServerProcess.FreePort(), ServerProcess.FreePort());

        using var server = await ServerProcess.StartAsync(Identity, Environment(web, admin));
        using var http = new HttpClient();
        var discovery = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{web}/.well-known/openid-configuration");
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{admin}");
        var anonymous = await Assert.ThrowsAsync<RpcException>(() =>
            new Contracts.V1.IdentityAdmin.IdentityAdminClient(channel).ListUsersAsync(new Contracts.V1.ListUsersRequest()).ResponseAsync);

        Assert.Equal($"http://127.0.0.1:{web}/", discovery.GetProperty("issuer").GetString());
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.True(File.Exists(Path.Combine(_dataDir, "identity-signing.pfx")), "development keys are generated into the data folder");
    }

    [Fact]
    public async Task Serve_InProductionWithoutKeys_RefusesToStart()
    {
        Assert.Equal(0, (await Run("migrate")).ExitCode);
        var environment = Environment(ServerProcess.FreePort(), ServerProcess.FreePort());
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(Identity, environment));

        Assert.Contains("SIGNING_CERT is required outside Development", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "ISSUER is not set")]
    [InlineData("https://127.0.0.1:5081/", "is not an address clients elsewhere can reach")]
    [InlineData("https://localhost:5081/", "is not an address clients elsewhere can reach")]
    public async Task Serve_BoundToANetworkAddressWithALoopbackIssuer_RefusesToStart(string? issuer, string reason)
    {
        Assert.Equal(0, (await Run("migrate")).ExitCode);
        var environment = Environment(ServerProcess.FreePort(), ServerProcess.FreePort());
        environment["CHILDINDEX_BIND_ADDRESS"] = "0.0.0.0";
        // With TLS, so that the issuer is the only reason left to refuse.
        environment["CHILDINDEX_TLS_CERT"] = SelfSignedCertificate();
        if (issuer is not null)
        {
            environment["CHILDINDEX_ISSUER"] = issuer;
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(Identity, environment));

        Assert.Contains("refusing to start: bound to 0.0.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootstrapAdmin_OnANewInstallation_EnrolsOneIdentityAdministratorOnly()
    {
        Assert.Equal(0, (await Run("migrate")).ExitCode);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string[] args =
        [
            "bootstrap-admin", "--username", "first.admin", "--display-name", "First Admin", "--org-code", "LCC", "--org-name", "Leeds City Council",
            "--dbs-date", today.AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--dbs-ref", "001234567890",
            "--training-date", today.AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--agreement-date", today.AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ];

        var first = await ServerProcess.RunAsync(Identity, args, Environment(0, 0));
        var second = await ServerProcess.RunAsync(Identity, [.. args[..2], "second.admin", .. args[3..]], Environment(0, 0));

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("TOTP secret", first.Output, StringComparison.Ordinal);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("an identity administrator exists already", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedDemo_OutsideDevelopment_IsRefused()
    {
        Assert.Equal(0, (await Run("migrate")).ExitCode);
        var environment = Environment(0, 0);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var result = await ServerProcess.RunAsync(Identity, ["seed-demo"], environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("seed-demo refused", result.Output, StringComparison.Ordinal);
    }

    private string SelfSignedCertificate()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=identity.test", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(_dataDir, "tls.pfx");
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx));
        return path;
    }

    private Task<(int ExitCode, string Output)> Run(string command) => ServerProcess.RunAsync(Identity, [command], Environment(0, 0));

    private Dictionary<string, string> Environment(int webPort, int adminPort) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["CHILDINDEX_DATA_DIR"] = _dataDir,
        ["CHILDINDEX_IDENTITY_PORT"] = webPort.ToString(CultureInfo.InvariantCulture),
        ["CHILDINDEX_IDENTITY_ADMIN_PORT"] = adminPort.ToString(CultureInfo.InvariantCulture),
    };
}
