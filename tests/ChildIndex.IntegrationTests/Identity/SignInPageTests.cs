using System.Net;
using ChildIndex.Common.Security;
using ChildIndex.IntegrationTests.Infrastructure;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>The sign-in page as a browser uses it. TOTP codes are spent once per user per step, so
/// every test signs in a user of its own.</summary>
public sealed class SignInPageTests
{
    private const string GenericMessage = "the username, password or code is not right";

    [Fact]
    public async Task SignIn_WithRightCredentials_RedirectsToTheReturnUrl()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);

        var outcome = await IdentityTestKit.LoginAsync(server, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret), "/connect/verify?user_code=ABCD");

        Assert.True(outcome.SignedIn, outcome.Error);
        Assert.Equal("/connect/verify?user_code=ABCD", outcome.Location);
    }

    [Fact]
    public async Task SignIn_WithAForeignReturnUrl_StaysOnThisServer()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);

        var outcome = await IdentityTestKit.LoginAsync(server, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret), "https://evil.example/steal");

        Assert.True(outcome.SignedIn, outcome.Error);
        Assert.Equal("/account/done", outcome.Location);
    }

    [Fact]
    public async Task SignIn_WrongPasswordWrongCodeOrUnknownUser_ShowTheSameGenericMessage()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);

        var wrongPassword = await IdentityTestKit.LoginAsync(server, user.Username, "not-the-password", IdentityServer.CurrentCode(user.TotpSecret));
        var wrongCode = await IdentityTestKit.LoginAsync(server, user.Username, user.Password, IdentityTestKit.WrongCode(user.TotpSecret));
        var unknown = await IdentityTestKit.LoginAsync(server, $"nobody-{Guid.NewGuid():N}", user.Password, IdentityServer.CurrentCode(user.TotpSecret));

        Assert.All([wrongPassword, wrongCode, unknown], outcome =>
        {
            Assert.Equal(HttpStatusCode.OK, outcome.Status);
            Assert.Equal(GenericMessage, outcome.Error);
        });
    }

    [Fact]
    public async Task SignIn_ReusingATotpCodeForASecondSignIn_IsRefused()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var code = IdentityServer.CurrentCode(user.TotpSecret);

        var first = await IdentityTestKit.LoginAsync(server, user.Username, user.Password, code);
        var second = await IdentityTestKit.LoginAsync(server, user.Username, user.Password, code);

        Assert.True(first.SignedIn, first.Error);
        Assert.False(second.SignedIn);
        Assert.Equal(GenericMessage, second.Error);
    }

    [Fact]
    public async Task SignIn_SameCodeSubmittedInParallel_SignsInOnlyOnce()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var code = IdentityServer.CurrentCode(user.TotpSecret);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => IdentityTestKit.LoginAsync(server, user.Username, user.Password, code)));

        Assert.Equal(1, outcomes.Count(o => o.SignedIn));
        Assert.All(outcomes.Where(o => !o.SignedIn), o => Assert.Equal(GenericMessage, o.Error));
    }

    [Fact]
    public async Task SignIn_GuessesSubmittedInParallel_StillLockTheAccount()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => IdentityTestKit.LoginAsync(server, user.Username, $"guess-{i}", IdentityServer.CurrentCode(user.TotpSecret))));
        var afterwards = await IdentityTestKit.LoginAsync(server, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret));

        Assert.False(afterwards.SignedIn);
        Assert.Contains("locked", afterwards.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LockTheAccount()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        for (var i = 0; i < 5; i++)
        {
            var failed = await IdentityTestKit.LoginAsync(server, user.Username, $"guess-{i}", IdentityServer.CurrentCode(user.TotpSecret));
            Assert.Equal(GenericMessage, failed.Error);
        }

        var locked = await IdentityTestKit.LoginAsync(server, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret));

        Assert.False(locked.SignedIn);
        Assert.Contains("locked", locked.Error, StringComparison.Ordinal);
        Assert.NotNull((await IdentityTestKit.FindUserAsync(server, user.Username)).LockedUntil);
    }

    [Fact]
    public async Task SignIn_LapsedVetting_IsRefusedWithTheExpiryDate_AndTheDeviceFlowNeverCompletes()
    {
        var server = await IdentityServer.Shared;
        var dbs = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-4);
        var user = await server.CreateUserAsync(Roles.Practitioner, vetting: IdentityTestKit.VettingWithDbsCheck(dbs));
        var device = await server.StartDeviceFlowAsync();
        using var browser = server.CreateBrowser();

        var outcome = await IdentityTestKit.LoginAsync(browser, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret), IdentityTestKit.VerifyUrl(device.UserCode));
        using var verify = await browser.GetAsync(new Uri(IdentityTestKit.VerifyUrl(device.UserCode), UriKind.Relative));
        var token = await server.RedeemDeviceCodeAsync(device.DeviceCode);

        Assert.False(outcome.SignedIn);
        Assert.Contains($"vetting expired on {dbs.AddYears(3):yyyy-MM-dd}", outcome.Error, StringComparison.Ordinal);
        // Not signed in, so the approval page sends the browser back to sign in.
        Assert.Equal(HttpStatusCode.Redirect, verify.StatusCode);
        Assert.Contains("/account/login", verify.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Null(token.AccessToken);
        Assert.True(token.Error is "authorization_pending" or "access_denied", token.Error);
    }

    [Fact]
    public async Task SignIn_SuspendedUser_IsRefused()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        await IdentityTestKit.SuspendAsync(server, user.Username);

        var outcome = await IdentityTestKit.LoginAsync(server, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret));

        Assert.False(outcome.SignedIn);
        Assert.Contains("suspended", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_SuspendedUserWithAWrongPassword_GetsOnlyTheGenericMessage()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        await IdentityTestKit.SuspendAsync(server, user.Username);

        var outcome = await IdentityTestKit.LoginAsync(server, user.Username, "not-the-password", IdentityServer.CurrentCode(user.TotpSecret));

        Assert.Equal(GenericMessage, outcome.Error);
    }

    [Fact]
    public async Task DeviceFlow_ApprovedByAnAllowedUser_GivesTokens_DeniedGivesAccessDenied()
    {
        var server = await IdentityServer.Shared;
        var approver = await server.CreateUserAsync(Roles.Practitioner);
        var denier = await server.CreateUserAsync(Roles.Practitioner);

        var approved = await server.SignInAsync(approver);
        var device = await server.StartDeviceFlowAsync();
        using var browser = server.CreateBrowser();
        var login = await IdentityTestKit.LoginAsync(browser, denier.Username, denier.Password, IdentityServer.CurrentCode(denier.TotpSecret), IdentityTestKit.VerifyUrl(device.UserCode));
        var page = await browser.GetStringAsync(new Uri(IdentityTestKit.VerifyUrl(device.UserCode), UriKind.Relative));
        using var deny = await browser.PostAsync(new Uri("/connect/verify", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user_code"] = device.UserCode,
            ["submit"] = "deny",
            ["__RequestVerificationToken"] = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value,
        }));
        var denied = await server.RedeemDeviceCodeAsync(device.DeviceCode);

        Assert.NotNull(approved.AccessToken);
        Assert.NotNull(approved.RefreshToken);
        Assert.True(login.SignedIn, login.Error);
        Assert.Null(denied.AccessToken);
        Assert.Equal("access_denied", denied.Error);
    }
}
