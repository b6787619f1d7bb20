using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Clients;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using AuthEvent = ChildIndex.Identity.Core.Events.AuthEvent;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>What the sign-in page answered: a redirect on success, else the page with its message.</summary>
public sealed record LoginOutcome(HttpStatusCode Status, string? Location, string? Error)
{
    public bool SignedIn => Status == HttpStatusCode.Redirect;
}

/// <summary>A token endpoint answer with its HTTP status.</summary>
public sealed record TokenOutcome(HttpStatusCode Status, TokenResponse? Body, TimeSpan? RetryAfter = null);

/// <summary>Helpers of the identity tests, over <see cref="IdentityServer"/>'s own.</summary>
public static class IdentityTestKit
{
    public const string RedirectUri = "http://127.0.0.1:5090/signin-oidc";

    /// <summary>The code an authenticator shows <paramref name="offset"/> from now.</summary>
    public static string CodeAt(string totpSecret, TimeSpan offset) =>
        new Totp(Base32Encoding.ToBytes(totpSecret)).ComputeTotp(DateTime.UtcNow + offset);

    /// <summary>The next step's code: accepted for clock drift, and newer than a code just spent.</summary>
    public static string NextCode(string totpSecret) => CodeAt(totpSecret, TimeSpan.FromSeconds(30));

    /// <summary>Six digits that are no valid code of this secret around now.</summary>
    public static string WrongCode(string totpSecret)
    {
        var valid = new[] { -60, -30, 0, 30, 60 }.Select(s => CodeAt(totpSecret, TimeSpan.FromSeconds(s))).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(code => !valid.Contains(code));
    }

    /// <summary>Posts the sign-in page in a fresh browser.</summary>
    public static async Task<LoginOutcome> LoginAsync(IdentityServer server, string username, string password, string code, string returnUrl = "/account/done")
    {
        using var browser = server.CreateBrowser();
        return await LoginAsync(browser, username, password, code, returnUrl);
    }

    public static async Task<LoginOutcome> LoginAsync(HttpClient browser, string username, string password, string code, string returnUrl = "/account/done")
    {
        using var response = await IdentityServer.SubmitLoginAsync(browser, username, password, code, returnUrl);
        var body = await response.Content.ReadAsStringAsync();
        return new LoginOutcome(response.StatusCode, response.Headers.Location?.ToString(), IdentityServer.LoginError(body));
    }

    /// <summary>The whole device flow with a given code; throws unless the sign-in page accepts it.</summary>
    public static async Task<TokenResponse> DeviceSignInAsync(IdentityServer server, TestUser user, string code, string scopes = IdentityServer.DefaultScopes)
    {
        var device = await server.StartDeviceFlowAsync(scopes);
        using var browser = server.CreateBrowser();
        var login = await LoginAsync(browser, user.Username, user.Password, code, VerifyUrl(device.UserCode));
        Assert.True(login.SignedIn, $"sign-in of {user.Username} refused: {login.Error}");
        await IdentityServer.ApproveAsync(browser, device.UserCode);
        return await server.RedeemDeviceCodeAsync(device.DeviceCode);
    }

    public static string VerifyUrl(string userCode) => $"/connect/verify?user_code={Uri.EscapeDataString(userCode)}";

    public static async Task<TokenOutcome> PostTokenAsync(IdentityServer server, IReadOnlyDictionary<string, string> form)
    {
        using var client = server.CreateClient();
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync(new Uri("/connect/token", UriKind.Relative), content);
        var body = response.Content.Headers.ContentType?.MediaType == "application/json"
            ? await response.Content.ReadFromJsonAsync<TokenResponse>()
            : null;
        return new TokenOutcome(response.StatusCode, body, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>The claims of a JWT, read without validating it (the test is about what it says).</summary>
    public static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(part)));
        return document.RootElement.Clone();
    }

    /// <summary>A claim's values, whether the JWT holds it as a string or an array.</summary>
    public static IReadOnlyList<string> ClaimValues(JsonElement payload, string name) =>
        !payload.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
        : [value.GetString()!];

    /// <summary>The IdentityAdmin API over the identity server's TestServer, with <paramref name="token"/> if any.</summary>
    public static GrpcChannel AdminChannel(IdentityServer server, string? token)
    {
        var options = new GrpcChannelOptions { HttpHandler = server.CreateHandler() };
        if (token is not null)
        {
            options.Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("Authorization", $"Bearer {token}");
                return Task.CompletedTask;
            }));
            options.UnsafeUseInsecureChannelCallCredentials = true;
        }

        return GrpcChannel.ForAddress(server.BaseAddress, options);
    }

    public static async Task SuspendAsync(IdentityServer server, string username, string reason = "left the organisation")
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .SuspendAsync(new SuspendUserRequest { Username = username, Reason = reason }, "tests", CancellationToken.None);
    }

    public static async Task RecordVettingAsync(IdentityServer server, string username, Vetting vetting)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .RecordVettingAsync(new RecordVettingRequest { Username = username, Vetting = vetting }, "tests", CancellationToken.None);
    }

    public static async Task RevokeClientAsync(IdentityServer server, string clientId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ClientAdministration>()
            .RevokeAsync(new RevokeAgencyClientRequest { ClientId = clientId }, "tests", CancellationToken.None);
    }

    public static async Task<User> FindUserAsync(IdentityServer server, string username)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityStoreDbContext>().Users.AsNoTracking().SingleAsync(u => u.Username == username);
    }

    /// <summary>The authentication events about <paramref name="subject"/>, oldest first.</summary>
    public static async Task<List<AuthEvent>> EventsAsync(IdentityServer server, string subject)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityStoreDbContext>().AuthEvents.AsNoTracking()
            .Where(e => e.Subject == subject).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>Asserts that the store refuses to change or remove <paramref name="server"/>'s
    /// authentication events (and that they are all still there, unchanged, afterwards).</summary>
    public static async Task AssertAuthEventsAppendOnlyAsync(IdentityServer server)
    {
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var subject = (await FindUserAsync(server, user.Username)).Id.ToString();
        var before = await EventsAsync(server, subject);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityStoreDbContext>();
            var id = before[0].Id;
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlAsync($"UPDATE \"AuthEvents\" SET \"Subject\" = 'someone-else' WHERE \"Id\" = {id}"));
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlAsync($"DELETE FROM \"AuthEvents\" WHERE \"Id\" = {id}"));
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuthEvents\""));
        }

        var after = await EventsAsync(server, subject);
        Assert.NotEmpty(before);
        Assert.Equal(before.Select(e => (e.Id, e.Kind, e.Subject)), after.Select(e => (e.Id, e.Kind, e.Subject)));
    }

    public static Vetting VettingWithDbsCheck(DateOnly dbsCheckDate)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var vetting = IdentityServer.CurrentVetting(today);
        vetting.DbsCheckDate = IdentityServer.Date(dbsCheckDate);
        return vetting;
    }
}
