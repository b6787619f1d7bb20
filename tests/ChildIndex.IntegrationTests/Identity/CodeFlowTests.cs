using System.Net;
using System.Security.Cryptography;
using System.Text;
using ChildIndex.Common.Security;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>The web portal's flow: authorization code with PKCE (S256), through the sign-in page.</summary>
public sealed class CodeFlowTests
{
    [Fact]
    public async Task CodeFlowWithPkce_SignedInUser_GetsACodeAndTokens()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var (verifier, challenge) = Pkce();
        using var browser = server.CreateBrowser();

        var redirect = await AuthorizeThroughSignInAsync(server, browser, user, AuthorizeUrl(challenge));
        var token = await RedeemAsync(server, redirect, verifier);

        Assert.Equal("s1", redirect["state"]);
        Assert.Null(token.Body?.Error);
        Assert.Equal([Roles.Practitioner], IdentityTestKit.ClaimValues(IdentityTestKit.Payload(token.Body!.AccessToken!), "role"));
    }

    [Fact]
    public async Task CodeFlow_WithTheWrongCodeVerifier_IsRefused()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var (_, challenge) = Pkce();
        using var browser = server.CreateBrowser();

        var redirect = await AuthorizeThroughSignInAsync(server, browser, user, AuthorizeUrl(challenge));
        var token = await RedeemAsync(server, redirect, Pkce().Verifier);

        Assert.Equal("invalid_grant", token.Body?.Error);
        Assert.Null(token.Body?.AccessToken);
    }

    [Fact]
    public async Task CodeFlow_RedeemedWithoutThePortalsClientSecret_IsRefused()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var (verifier, challenge) = Pkce();
        using var browser = server.CreateBrowser();

        var redirect = await AuthorizeThroughSignInAsync(server, browser, user, AuthorizeUrl(challenge));
        var token = await RedeemAsync(server, redirect, verifier, secret: null);

        Assert.Equal("invalid_client", token.Body?.Error);
        Assert.Null(token.Body?.AccessToken);
    }

    [Fact]
    public async Task CodeFlow_WithPromptLogin_SignsInOnceAndGetsACode()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var (verifier, challenge) = Pkce();
        using var browser = server.CreateBrowser();

        var redirect = await AuthorizeThroughSignInAsync(server, browser, user, AuthorizeUrl(challenge) + "&prompt=login");
        var token = await RedeemAsync(server, redirect, verifier);

        Assert.NotNull(token.Body?.AccessToken);
    }

    [Fact]
    public async Task CodeFlow_WithPromptNoneAndNoSession_ReturnsLoginRequiredWithoutShowingTheSignInPage()
    {
        var server = await IdentityServer.Shared;
        var (_, challenge) = Pkce();
        using var browser = server.CreateBrowser();

        using var response = await browser.GetAsync(new Uri(AuthorizeUrl(challenge) + "&prompt=none", UriKind.Relative));

        var location = response.Headers.Location?.ToString() ?? string.Empty;
        Assert.StartsWith(IdentityTestKit.RedirectUri, location, StringComparison.Ordinal);
        Assert.Equal("login_required", QueryHelpers.ParseQuery(new Uri(location).Query)["error"].ToString());
    }

    [Fact]
    public async Task CodeFlow_ForAUserSuspendedAfterSigningIn_IsDenied()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var (_, challenge) = Pkce();
        using var browser = server.CreateBrowser();
        var login = await IdentityTestKit.LoginAsync(browser, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret));

        await IdentityTestKit.SuspendAsync(server, user.Username);
        using var response = await browser.GetAsync(new Uri(AuthorizeUrl(challenge), UriKind.Relative));

        Assert.True(login.SignedIn, login.Error);
        var location = response.Headers.Location?.ToString() ?? string.Empty;
        Assert.StartsWith(IdentityTestKit.RedirectUri, location, StringComparison.Ordinal);
        Assert.Equal("access_denied", QueryHelpers.ParseQuery(new Uri(location).Query)["error"].ToString());
        Assert.DoesNotContain("code=", location, StringComparison.Ordinal);
    }

    private static string AuthorizeUrl(string challenge) =>
        "/connect/authorize?client_id=childindex-portal&response_type=code&scope=openid%20offline_access%20directory" +
        $"&redirect_uri={Uri.EscapeDataString(IdentityTestKit.RedirectUri)}&state=s1&code_challenge={challenge}&code_challenge_method=S256";

    /// <summary>Follows the authorization request through the sign-in page; returns the
    /// parameters the portal receives at its redirect URI.</summary>
    private static async Task<Dictionary<string, string>> AuthorizeThroughSignInAsync(IdentityServer server, HttpClient browser, TestUser user, string authorizeUrl)
    {
        using var first = await browser.GetAsync(new Uri(authorizeUrl, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var loginUrl = first.Headers.Location!;
        Assert.Contains("/account/login", loginUrl.ToString(), StringComparison.Ordinal);
        var returnUrl = QueryHelpers.ParseQuery(loginUrl.IsAbsoluteUri ? loginUrl.Query : loginUrl.ToString()[loginUrl.ToString().IndexOf('?', StringComparison.Ordinal)..])["ReturnUrl"].ToString();

        var login = await IdentityTestKit.LoginAsync(browser, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret), returnUrl);
        Assert.True(login.SignedIn, login.Error);

        using var back = await browser.GetAsync(new Uri(login.Location!, UriKind.Relative));
        var location = back.Headers.Location?.ToString() ?? string.Empty;
        Assert.True(location.StartsWith(IdentityTestKit.RedirectUri, StringComparison.Ordinal), $"{back.StatusCode}: {location}");
        return QueryHelpers.ParseQuery(new Uri(location).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    private static Task<TokenOutcome> RedeemAsync(IdentityServer server, Dictionary<string, string> redirect, string verifier, string? secret = IdentityServer.PortalSecret)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = IdentityTestKit.RedirectUri,
            ["client_id"] = "childindex-portal",
            ["code_verifier"] = verifier,
        };
        if (secret is not null)
        {
            form["client_secret"] = secret;
        }

        return IdentityTestKit.PostTokenAsync(server, form);
    }

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
