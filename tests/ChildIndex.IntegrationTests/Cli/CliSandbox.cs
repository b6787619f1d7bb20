using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ChildIndex.Cli;
using ChildIndex.Cli.Sessions;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Net.Client;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>
/// Where the CLI runs as one person or agency system: its own configuration folder (not created
/// until the CLI creates it) and variables, and channels to the in-process directory and identity
/// server that carry no token, so that the only token a server sees is the one the CLI sends.
/// </summary>
public sealed partial class CliSandbox : IDisposable
{
    /// <summary>The directory's URL as the CLI sees it; the channel factory maps it to the test server.</summary>
    public static readonly Uri DirectoryAddress = new("http://directory.test");

    private readonly DirectoryServer _server;
    private readonly Dictionary<string, string?> _variables;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "childindex-cli-sandbox", Guid.NewGuid().ToString("N"));
    private readonly HttpMessageHandler _identityHandler;
    private readonly GrpcChannel _adminChannel;

    public CliSandbox(DirectoryServer server)
    {
        _server = server;
        ConfigDirectory = Path.Combine(_root, "config");
        _identityHandler = Identity.CreateHandler();
        // The identity server's own address: it checks that its tokens were issued by itself.
        _adminChannel = GrpcChannel.ForAddress(Identity.BaseAddress, new GrpcChannelOptions { HttpHandler = Identity.CreateHandler() });
        _variables = new Dictionary<string, string?>
        {
            [CredentialStore.DirectoryVariable] = ConfigDirectory,
            [GlobalOptions.ServerVariable] = DirectoryAddress.ToString(),
            [GlobalOptions.IdentityVariable] = Identity.Authority,
            [GlobalOptions.IdentityAdminVariable] = Identity.BaseAddress.ToString(),
        };
    }

    public IdentityServer Identity => _server.Identity;

    public string ConfigDirectory { get; }

    public CredentialStore Credentials => new(ConfigDirectory);

    /// <summary>Talk to real addresses over real sockets instead of the in-process servers.</summary>
    public bool RealNetwork { get; set; }

    public CliEnvironment Environment => new()
    {
        Variable = name => _variables.GetValueOrDefault(name),
        IdentityHandler = RealNetwork ? null : _identityHandler,
        ChannelFactory = RealNetwork ? null : address => address == DirectoryAddress ? _server.AnonymousChannel : _adminChannel,
    };

    public void Set(string variable, string? value) => _variables[variable] = value;

    public Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(Environment, args);

    /// <summary>
    /// Leaves <paramref name="user"/>'s session in the cache as `childindex login` would, by the
    /// same device flow done directly (fast); <paramref name="expiresIn"/> overrides the access
    /// token's remaining life as the cache records it.
    /// </summary>
    public async Task<Infrastructure.TokenResponse> SignInAsync(TestUser user, TimeSpan? expiresIn = null)
    {
        var tokens = await Identity.SignInAsync(user);
        Assert.NotNull(tokens.AccessToken);
        Credentials.Save(new StoredSession(
            Identity.BaseAddress, tokens.AccessToken, DateTimeOffset.UtcNow + (expiresIn ?? TimeSpan.FromSeconds(tokens.ExpiresIn)), tokens.RefreshToken, user.Username));
        return tokens;
    }

    /// <summary>Caches a bare access token with no refresh token, valid for the rest of the test run.</summary>
    public void UseToken(string accessToken) =>
        Credentials.Save(new StoredSession(Identity.BaseAddress, accessToken, DateTimeOffset.UtcNow.AddMinutes(30), null, null));

    /// <summary>Makes the cached access token look spent, as it is 50 s after it was issued.</summary>
    public void ExpireAccessToken()
    {
        var session = Credentials.Load() ?? throw new InvalidOperationException("no cached session");
        Credentials.Save(session with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
    }

    /// <summary>
    /// Runs `childindex login` and, as soon as it prints its code, signs in on the identity
    /// server's page as <paramref name="user"/> and approves (or, with <paramref name="approve"/>
    /// false, denies) the code, as the person would in a browser.
    /// </summary>
    public async Task<CliRun> LoginAsync(TestUser user, bool approve = true)
    {
        using var output = new WatchedWriter();
        using var error = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var login = CliApp.RunAsync(["login"], output, error, Environment);
        var userCode = (await output.WaitForAsync(UserCodeLine(), login, TimeSpan.FromSeconds(30))).Groups[1].Value;

        using var browser = Identity.CreateBrowser();
        var signedIn = await IdentityServer.SubmitLoginAsync(
            browser, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret), $"/connect/verify?user_code={Uri.EscapeDataString(userCode)}");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        if (approve)
        {
            await IdentityServer.ApproveAsync(browser, userCode);
        }
        else
        {
            await DenyAsync(browser, userCode);
        }

        var exitCode = await login.WaitAsync(TimeSpan.FromSeconds(60));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        _adminChannel.Dispose();
        _identityHandler.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>The file's Unix permission bits.</summary>
    public static UnixFileMode ModeOf(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("Unix file modes") : File.GetUnixFileMode(path);

    private static async Task DenyAsync(HttpClient browser, string userCode)
    {
        var page = await browser.GetStringAsync($"/connect/verify?user_code={Uri.EscapeDataString(userCode)}");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user_code"] = userCode,
            ["submit"] = "deny",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryInput().Match(page).Groups[1].Value),
        });
        using var denied = await browser.PostAsync("/connect/verify", form);
    }

    [GeneratedRegex(@"enter code (\S+)")]
    private static partial Regex UserCodeLine();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
