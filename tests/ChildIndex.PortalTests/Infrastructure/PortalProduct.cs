using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;

namespace ChildIndex.PortalTests.Infrastructure;

/// <summary>
/// The whole product as ./run.sh starts it, on free ports and a fresh data folder (SQLite): the
/// identity server and the directory, migrated and loaded with the demo users and children, and the
/// portal; plus Debian's chromium, launched through Playwright by its path (no browser download).
/// One stack for the whole run: starting it costs seconds, and each test has its own browser
/// context (its own cookies), so tests do not see each other's sessions.
/// </summary>
public sealed partial class PortalProduct : IAsyncLifetime
{
    public const string Password = "childindex-demo";

    /// <summary>The flags a root, offline, headless chromium needs on these machines (see the
    /// workplace's machine notes): no sandbox as root, no GPU, no calls home.</summary>
    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "childindex-portal-tests", Guid.NewGuid().ToString("N"));
    private readonly List<ServerProcess> _servers = [];
    private readonly Dictionary<string, long> _lastTotpStep = [];
    private readonly Dictionary<string, Task<string>> _sessions = [];
    private static readonly SemaphoreSlim TotpLock = new(1, 1);
    private IPlaywright? _playwright;
    private Dictionary<string, string> _environment = [];

    public string PortalAddress { get; private set; } = string.Empty;

    public string IdentityAddress { get; private set; } = string.Empty;

    /// <summary>Where <see cref="StartSecondPortalAsync"/> serves a portal of its own (its
    /// sign-in callback is registered with the identity server from the start).</summary>
    public string SecondPortalAddress { get; private set; } = string.Empty;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The demo directory's shielded child, as ChildIndex.DemoData reports it.</summary>
    public string ShieldedChildId { get; private set; } = string.Empty;

    /// <summary>Where the tests save their screenshots (docs/images holds a chosen few).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        Directory.CreateDirectory(ScreenshotDirectory);
        var (directoryPort, identityPort, adminPort, portalPort) = (ServerProcess.FreePort(), ServerProcess.FreePort(), ServerProcess.FreePort(), ServerProcess.FreePort());
        PortalAddress = $"http://127.0.0.1:{portalPort}";
        IdentityAddress = $"http://127.0.0.1:{identityPort}";
        SecondPortalAddress = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["CHILDINDEX_DATA_DIR"] = _dataDir,
            ["CHILDINDEX_PORT"] = directoryPort.ToString(CultureInfo.InvariantCulture),
            ["CHILDINDEX_IDENTITY_PORT"] = identityPort.ToString(CultureInfo.InvariantCulture),
            ["CHILDINDEX_IDENTITY_ADMIN_PORT"] = adminPort.ToString(CultureInfo.InvariantCulture),
            ["CHILDINDEX_PORTAL_PORT"] = portalPort.ToString(CultureInfo.InvariantCulture),
            ["CHILDINDEX_IDENTITY_AUTHORITY"] = IdentityAddress,
            ["CHILDINDEX_DIRECTORY_ADDRESS"] = $"http://127.0.0.1:{directoryPort}",
            ["CHILDINDEX_PORTAL_REDIRECT_URIS"] = $"{PortalAddress}/signin-oidc,{SecondPortalAddress}/signin-oidc",
            ["CHILDINDEX_PORTAL_CLIENT_SECRET"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            // Every test signs in from 127.0.0.1; the per-address limit has tests of its own.
            ["CHILDINDEX_TOKEN_RATE_LIMIT_PER_MINUTE"] = "100000",
            ["CHILDINDEX_FAILED_SIGN_IN_LIMIT_PER_ADDRESS"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        _environment = environment;
        await RunAsync("ChildIndex.Identity", "migrate", environment);
        await RunAsync("ChildIndex.Identity", "seed-demo", environment);
        await RunAsync("ChildIndex.Api", "migrate", environment);
        var seeded = await RunAsync("ChildIndex.DemoData", null, environment);
        ShieldedChildId = ShieldedLine().Match(seeded) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"ChildIndex.DemoData named no shielded child:\n{seeded}");

        _servers.Add(await ServerProcess.StartAsync("ChildIndex.Identity", environment));
        _servers.Add(await ServerProcess.StartAsync("ChildIndex.Api", environment));
        _servers.Add(await ServerProcess.StartAsync("ChildIndex.Portal", environment));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumFlags,
        });
    }

    /// <summary>
    /// A second portal, on <see cref="SecondPortalAddress"/>, with settings of its own (a short idle
    /// timeout), against the same identity server and directory. The caller stops it.
    /// </summary>
    public Task<ServerProcess> StartSecondPortalAsync(IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(_environment)
        {
            ["CHILDINDEX_PORTAL_PORT"] = new Uri(SecondPortalAddress).Port.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return ServerProcess.StartAsync("ChildIndex.Portal", environment);
    }

    /// <summary>A fresh browser profile (no cookies) with one page, on the portal or another address.</summary>
    public async Task<IPage> NewPageAsync(string? portalAddress = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portalAddress ?? PortalAddress, Locale = "en-GB", TimezoneId = "Europe/London" });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A page in a browser profile already signed in as <paramref name="username"/>: each person
    /// signs in once per run (their TOTP codes are each accepted once, so a fresh sign-in per test
    /// would mean waiting for the next code), and later tests reuse that session's cookie. Tests
    /// of signing in and out themselves use <see cref="SignInAsync(IPage, string)"/> on a fresh page.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string username)
    {
        Task<string> session;
        lock (_sessions)
        {
            if (!_sessions.TryGetValue(username, out session!))
            {
                session = SignInForStateAsync(username);
                _sessions[username] = session;
            }
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = PortalAddress, Locale = "en-GB", TimezoneId = "Europe/London", StorageState = await session,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return page;
    }

    private async Task<string> SignInForStateAsync(string username)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, username);
        var state = await page.Context.StorageStateAsync();
        await page.Context.CloseAsync();
        return state;
    }

    /// <summary>Signs in through the identity server's page, as a person does: the portal sends the
    /// browser there, the person gives password and a fresh TOTP code, and lands back on the portal.</summary>
    public Task SignInAsync(IPage page, string username) => SignInAsync(page, username, Password, DemoSecret(username));

    /// <summary>Signs in as a user the test enrolled, with the password and TOTP key it was shown.</summary>
    public async Task SignInAsync(IPage page, string username, string password, string totpSecret)
    {
        await page.GotoAsync("/");
        await page.WaitForURLAsync(url => url.StartsWith(IdentityAddress, StringComparison.Ordinal));
        await page.FillAsync("#Username", username);
        await page.FillAsync("#Password", password);
        await page.FillAsync("#Code", await NextCodeAsync(username, totpSecret));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.StartsWith(IdentityAddress, StringComparison.Ordinal));
    }

    /// <summary>
    /// A TOTP code the identity server has not accepted yet. Each code is accepted once, so a
    /// second sign-in by the same person within a 30-second step uses the next step's code (the
    /// server accepts one step ahead), or waits for it.
    /// </summary>
    public Task<string> NextCodeAsync(string username) => NextCodeAsync(username, DemoSecret(username));

    public async Task<string> NextCodeAsync(string username, string totpSecret)
    {
        await TotpLock.WaitAsync();
        try
        {
            static long Step() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            var step = Math.Max(Step(), _lastTotpStep.GetValueOrDefault(username, -1) + 1);
            while (step > Step() + 1)
            {
                await Task.Delay(1000);
            }

            _lastTotpStep[username] = step;
            var totp = new Totp(Base32Encoding.ToBytes(totpSecret));
            return totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
        }
        finally
        {
            TotpLock.Release();
        }
    }

    /// <summary>The demo users' fixed TOTP secrets, derived as DemoIdentities derives them.</summary>
    private static string DemoSecret(string username) =>
        Base32Encoding.ToString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"childindex-demo/{username}"))[..20]);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be letting go of its files; temp is cleaned anyway.
        }
    }

    private static async Task<string> RunAsync(string project, string? command, IDictionary<string, string> environment)
    {
        var (exitCode, output) = await ServerProcess.RunAsync(project, command is null ? [] : [command], environment);
        return exitCode == 0 ? output : throw new InvalidOperationException($"{project} {command} failed:\n{output}");
    }

    [GeneratedRegex(@"shielded demo child: (\S+)")]
    private static partial Regex ShieldedLine();
}

[CollectionDefinition(Name)]
public sealed class PortalTestGroup : ICollectionFixture<PortalProduct>
{
    public const string Name = "portal";
}
