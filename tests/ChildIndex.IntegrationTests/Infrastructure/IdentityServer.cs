using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ChildIndex.Common.Security;
using ChildIndex.Common.Storage;
using ChildIndex.Contracts.V1;
using ChildIndex.Identity;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Clients;
using ChildIndex.Identity.Core.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace ChildIndex.IntegrationTests.Infrastructure;

/// <summary>A person enrolled in the test identity server, with what they sign in with.</summary>
public sealed record TestUser(string Username, string Password, string TotpSecret, string Role, string OrganisationCode);

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);

/// <summary>
/// The real identity server in-process, on its own database. Tests obtain real tokens from it the
/// way clients do: the device flow through the sign-in and verification pages for people, client
/// credentials for agency systems. <see cref="Shared"/> serves every directory fixture.
/// </summary>
public sealed partial class IdentityServer : IAsyncDisposable
{
    public const string CliClient = "childindex-cli";
    public const string DefaultScopes = "openid offline_access directory identity-admin";

    /// <summary>The web portal's client secret on the shared server (it is a confidential client).</summary>
    public const string PortalSecret = "integration-tests-portal-secret";

    /// <summary>The directory's client secret on the shared server, for the AuthEventFeed.</summary>
    public const string DirectorySecret = "integration-tests-directory-secret";

    private static readonly Lazy<Task<IdentityServer>> SharedServer = new(() => StartAsync(new Dictionary<string, string?>
    {
        // Long enough for any test run; the short production lifetime has tests of its own.
        ["ACCESS_TOKEN_LIFETIME_SECONDS"] = "3600",
        ["TOKEN_RATE_LIMIT_PER_MINUTE"] = "100000",
        // Many tests fail sign-ins on purpose, all from one address.
        ["FAILED_SIGN_IN_LIMIT_PER_ADDRESS"] = "100000",
        ["PORTAL_CLIENT_SECRET"] = PortalSecret,
        ["DIRECTORY_CLIENT_SECRET"] = DirectorySecret,
    }));

    private readonly ConcurrentDictionary<string, Task<string>> _tokensByRole = new();
    private readonly string _dataDirectory;
    private readonly WebApplicationFactory<IdentityServerMarker> _factory;

    private IdentityServer(string dataDirectory, WebApplicationFactory<IdentityServerMarker> factory, DatabaseSettings database)
    {
        _dataDirectory = dataDirectory;
        _factory = factory;
        Database = database;
    }

    /// <summary>The identity store (tests look beneath the server; the directory reads the
    /// authentication events through the AuthEventFeed).</summary>
    public DatabaseSettings Database { get; }

    /// <summary>One identity server for the whole test run, with long-lived tokens.</summary>
    public static Task<IdentityServer> Shared => SharedServer.Value;

    public Uri BaseAddress => _factory.Server.BaseAddress;

    /// <summary>The issuer and authority the directory is configured with.</summary>
    public string Authority => BaseAddress.ToString().TrimEnd('/');

    public IServiceProvider Services => _factory.Services;

    public static async Task<IdentityServer> StartAsync(IDictionary<string, string?> settings, DatabaseSettings? database = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "childindex-identity-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        database ??= new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataDirectory, "identity.db")}");
        await using (var db = IdentityStoreDbContext.Create(database))
        {
            await DatabaseMigrator.MigrateAsync(db);
        }

        var configuration = new Dictionary<string, string?>(settings)
        {
            ["DB_PROVIDER"] = database.Provider.ToString(),
            ["DB_CONNECTION"] = database.ConnectionString,
            ["DATA_DIR"] = dataDirectory,
        };
        var factory = new WebApplicationFactory<IdentityServerMarker>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(configuration));
        });
        _ = factory.Server;
        return new IdentityServer(dataDirectory, factory, database);
    }

    public HttpMessageHandler CreateHandler() => _factory.Server.CreateHandler();

    /// <summary>Settings that make a directory read this server's AuthEventFeed as its own client
    /// (its HTTP client must reach this server too: <see cref="UseForAuthEventFeed"/>).</summary>
    public Dictionary<string, string?> AuthEventFeedSettings() => new()
    {
        ["IDENTITY_ADMIN_ADDRESS"] = Authority,
        ["DIRECTORY_CLIENT_SECRET"] = DirectorySecret,
    };

    /// <summary>Sends a directory's calls to the identity server (token endpoint, AuthEventFeed)
    /// through this in-process host.</summary>
    public void UseForAuthEventFeed(IServiceCollection services) =>
        services.AddHttpClient(global::ChildIndex.Api.Auditing.DirectoryClientToken.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(CreateHandler);

    /// <summary>A browser: keeps cookies, does not follow redirects (tests look at them).</summary>
    public HttpClient CreateBrowser() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient CreateClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Enrols a person through the same account service identity administrators use.</summary>
    public async Task<TestUser> CreateUserAsync(string role, string organisationCode = "LS1234", Vetting? vetting = null)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var request = new EnrolUserRequest
        {
            Username = $"{role}-{Guid.NewGuid():N}"[..40],
            DisplayName = $"Test {role}",
            OrganisationCode = organisationCode,
            OrganisationName = $"Organisation {organisationCode}",
            Roles = { role },
            Vetting = vetting ?? CurrentVetting(today),
        };
        var enrolled = await scope.ServiceProvider.GetRequiredService<UserAdministration>().EnrolAsync(request, "tests", CancellationToken.None);
        return new TestUser(enrolled.User.Username, enrolled.InitialPassword, enrolled.TotpSecret, role, organisationCode);
    }

    public static Vetting CurrentVetting(DateOnly today) => new()
    {
        DbsCheckDate = Date(today.AddYears(-1)),
        DbsCertificateReference = "001234567890",
        TrainingCompletedDate = Date(today.AddMonths(-1)),
        AgreementSignedDate = Date(today.AddMonths(-1)),
    };

    public static Google.Type.Date Date(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    /// <summary>Registers an agency system's client; returns its id and secret.</summary>
    public async Task<(string ClientId, string Secret)> CreateAgencyClientAsync(string organisationCode = "LS1234")
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var registered = await scope.ServiceProvider.GetRequiredService<ClientAdministration>().RegisterAsync(
            new RegisterAgencyClientRequest
            {
                ClientId = $"agency-{Guid.NewGuid():N}"[..30],
                DisplayName = "Test agency system",
                OrganisationCode = organisationCode,
                OrganisationName = $"Organisation {organisationCode}",
            },
            "tests",
            CancellationToken.None);
        return (registered.Client.ClientId, registered.ClientSecret);
    }

    /// <summary>A token for a new principal of <paramref name="role"/>, made once per role per server.</summary>
    public Task<string> TokenForRoleAsync(string role) => _tokensByRole.GetOrAdd(role, async r =>
    {
        if (r == Roles.AgencySystem)
        {
            var (clientId, secret) = await CreateAgencyClientAsync();
            return (await ClientCredentialsAsync(clientId, secret)).AccessToken!;
        }

        var user = await CreateUserAsync(r, r is Roles.IndexAdmin or Roles.SecurityOfficer or Roles.IdentityAdmin ? "LCC" : "LS1234");
        return (await SignInAsync(user)).AccessToken!;
    });

    public async Task<TokenResponse> ClientCredentialsAsync(string clientId, string secret, string scope = ChildIndexScopes.Directory)
    {
        using var client = CreateClient();
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        }));
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    /// <summary>
    /// The device flow as a person does it: the CLI asks for a code, the person signs in on the
    /// identity server's page (password and a fresh TOTP code), approves the code, and the CLI
    /// collects its tokens.
    /// </summary>
    public async Task<TokenResponse> SignInAsync(TestUser user, string scopes = DefaultScopes)
    {
        var device = await StartDeviceFlowAsync(scopes);
        using var browser = CreateBrowser();
        var signedIn = await SubmitLoginAsync(browser, user.Username, user.Password, CurrentCode(user.TotpSecret), $"/connect/verify?user_code={Uri.EscapeDataString(device.UserCode)}");
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in of {user.Username} failed: {LoginError(await signedIn.Content.ReadAsStringAsync())}");
        }

        await ApproveAsync(browser, device.UserCode);
        return await RedeemDeviceCodeAsync(device.DeviceCode);
    }

    public async Task<DeviceAuthorization> StartDeviceFlowAsync(string scopes = DefaultScopes)
    {
        using var client = CreateClient();
        var response = await client.PostAsync("/connect/device", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = CliClient,
            ["scope"] = scopes,
        }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeviceAuthorization>())!;
    }

    /// <summary>Posts the sign-in form; a redirect means success, a page means refusal.</summary>
    public static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient browser, string username, string password, string code, string returnUrl = "/account/done")
    {
        var page = await browser.GetStringAsync($"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        return await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = username,
            ["Password"] = password,
            ["Code"] = code,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));
    }

    public static async Task ApproveAsync(HttpClient browser, string userCode)
    {
        var page = await browser.GetStringAsync($"/connect/verify?user_code={Uri.EscapeDataString(userCode)}");
        var approved = await browser.PostAsync("/connect/verify", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user_code"] = userCode,
            ["submit"] = "approve",
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));
        if (approved.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"approval failed ({approved.StatusCode}): {LoginError(await approved.Content.ReadAsStringAsync())}");
        }
    }

    public async Task<TokenResponse> RedeemDeviceCodeAsync(string deviceCode)
    {
        using var client = CreateClient();
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["device_code"] = deviceCode,
            ["client_id"] = CliClient,
        }));
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    public async Task<TokenResponse> RefreshAsync(string refreshToken)
    {
        using var client = CreateClient();
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = CliClient,
        }));
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    public static string CurrentCode(string totpSecret) => new Totp(Base32Encoding.ToBytes(totpSecret)).ComputeTotp(DateTime.UtcNow);

    /// <summary>The message the sign-in page shows, if any.</summary>
    public static string? LoginError(string html) =>
        ErrorParagraph().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Another server may still hold a pooled connection to its own file; temp is cleaned anyway.
        }
    }

    private static string AntiforgeryToken(string html) =>
        AntiforgeryInput().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("no antiforgery token on the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("id=\"error\">([^<]*)<")]
    private static partial Regex ErrorParagraph();
}

public sealed record DeviceAuthorization(
    [property: JsonPropertyName("device_code")] string DeviceCode,
    [property: JsonPropertyName("user_code")] string UserCode,
    [property: JsonPropertyName("verification_uri")] string VerificationUri,
    [property: JsonPropertyName("verification_uri_complete")] string? VerificationUriComplete,
    [property: JsonPropertyName("interval")] int Interval);
