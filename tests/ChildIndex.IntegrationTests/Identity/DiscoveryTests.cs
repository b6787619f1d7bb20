using System.Net;
using System.Text.Json;
using ChildIndex.IntegrationTests.Infrastructure;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>The OpenID Connect surface: only the flows ChildIndex's clients need exist.</summary>
public sealed class DiscoveryTests
{
    private static readonly string[] AllowedGrantTypes =
        ["authorization_code", "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"];

    [Fact]
    public async Task Discovery_AdvertisesOnlyTheAllowedGrantTypes()
    {
        var server = await IdentityServer.Shared;
        using var client = server.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative)));
        var root = document.RootElement;
        var grantTypes = Strings(root, "grant_types_supported");
        var responseTypes = Strings(root, "response_types_supported");

        Assert.Equal(AllowedGrantTypes, grantTypes.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("implicit", grantTypes);
        Assert.DoesNotContain("password", grantTypes);
        Assert.Equal(["S256"], Strings(root, "code_challenge_methods_supported"));
        Assert.All(responseTypes, type => Assert.DoesNotContain("token", type.Split(' ')));
        Assert.True(root.TryGetProperty("device_authorization_endpoint", out _));
    }

    [Fact]
    public async Task PasswordGrant_IsRefused()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(ChildIndex.Common.Security.Roles.Practitioner);

        var outcome = await IdentityTestKit.PostTokenAsync(server, new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["client_id"] = IdentityServer.CliClient,
            ["scope"] = "openid directory",
        });

        Assert.Equal(HttpStatusCode.BadRequest, outcome.Status);
        Assert.Equal("unsupported_grant_type", outcome.Body?.Error);
        Assert.Null(outcome.Body?.AccessToken);
    }

    [Fact]
    public async Task ImplicitFlowRequest_IsRefused()
    {
        var server = await IdentityServer.Shared;
        using var browser = server.CreateBrowser();

        using var response = await browser.GetAsync(new Uri(
            "/connect/authorize?client_id=childindex-portal&response_type=token&scope=openid%20directory" +
            $"&redirect_uri={Uri.EscapeDataString(IdentityTestKit.RedirectUri)}&state=s1&nonce=n1", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location?.ToString() ?? string.Empty;

        // Refused outright or sent back with an error; never a token, never the sign-in page.
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest || location.Contains("error=unsupported_response_type", StringComparison.Ordinal),
            $"{response.StatusCode} {location} {body}");
        Assert.DoesNotContain("access_token", location, StringComparison.Ordinal);
        Assert.DoesNotContain("/account/login", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeFlowWithoutPkce_IsRefused()
    {
        var server = await IdentityServer.Shared;
        using var browser = server.CreateBrowser();

        using var response = await browser.GetAsync(new Uri(
            "/connect/authorize?client_id=childindex-portal&response_type=code&scope=openid%20directory" +
            $"&redirect_uri={Uri.EscapeDataString(IdentityTestKit.RedirectUri)}&state=s1", UriKind.Relative));
        var location = response.Headers.Location?.ToString() ?? string.Empty;

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest || location.Contains("error=invalid_request", StringComparison.Ordinal),
            $"{response.StatusCode} {location}");
        Assert.DoesNotContain("/account/login", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeFlowWithPlainPkce_IsRefused()
    {
        var server = await IdentityServer.Shared;
        using var browser = server.CreateBrowser();

        using var response = await browser.GetAsync(new Uri(
            "/connect/authorize?client_id=childindex-portal&response_type=code&scope=openid%20directory" +
            $"&redirect_uri={Uri.EscapeDataString(IdentityTestKit.RedirectUri)}&state=s1" +
            "&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq&code_challenge_method=plain", UriKind.Relative));
        var location = response.Headers.Location?.ToString() ?? string.Empty;

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest || location.Contains("error=invalid_request", StringComparison.Ordinal),
            $"{response.StatusCode} {location}");
        Assert.DoesNotContain("/account/login", location, StringComparison.Ordinal);
    }

    private static List<string> Strings(JsonElement root, string property) =>
        [.. root.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
