using System.Net;
using ChildIndex.Common.Security;
using ChildIndex.IntegrationTests.Infrastructure;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>What the token endpoint gives, and to whom it stops giving.</summary>
public sealed class TokenTests
{
    [Fact]
    public async Task ClientCredentials_ForAnAgencyClient_GiveAnAgencySystemTokenNamingItsOrganisation()
    {
        var server = await IdentityServer.Shared;
        var (clientId, secret) = await server.CreateAgencyClientAsync("RR8");

        var token = await server.ClientCredentialsAsync(clientId, secret);

        Assert.Null(token.Error);
        var claims = IdentityTestKit.Payload(token.AccessToken!);
        Assert.Equal([Roles.AgencySystem], IdentityTestKit.ClaimValues(claims, "role"));
        Assert.Equal("RR8", claims.GetProperty(ChildIndexClaims.OrganisationCode).GetString());
        Assert.Equal(ChildIndexClaims.Client, claims.GetProperty(ChildIndexClaims.PrincipalType).GetString());
        Assert.Equal(clientId, claims.GetProperty("sub").GetString());
        Assert.Equal([ChildIndexScopes.Directory], IdentityTestKit.ClaimValues(claims, "scope").SelectMany(s => s.Split(' ')));
        Assert.Contains(ChildIndexScopes.DirectoryAudience, IdentityTestKit.ClaimValues(claims, "aud"));
        Assert.Null(token.RefreshToken);
    }

    [Fact]
    public async Task ClientCredentials_WithAWrongSecret_AreRefused()
    {
        var server = await IdentityServer.Shared;
        var (clientId, _) = await server.CreateAgencyClientAsync();

        var token = await server.ClientCredentialsAsync(clientId, "not-the-secret");

        Assert.Null(token.AccessToken);
        Assert.Equal("invalid_client", token.Error);
    }

    [Fact]
    public async Task ClientCredentials_AskingForTheIdentityAdminScope_AreRefusedOrNarrowed()
    {
        var server = await IdentityServer.Shared;
        var (clientId, secret) = await server.CreateAgencyClientAsync();

        var token = await server.ClientCredentialsAsync(clientId, secret, "directory identity-admin");

        if (token.AccessToken is { } accessToken)
        {
            Assert.DoesNotContain(ChildIndexScopes.IdentityAdmin, IdentityTestKit.ClaimValues(IdentityTestKit.Payload(accessToken), "scope").SelectMany(s => s.Split(' ')));
        }
        else
        {
            // OpenIddict words a scope the client has no permission for as invalid_request.
            Assert.True(token.Error is "invalid_scope" or "invalid_request", token.Error);
        }
    }

    [Fact]
    public async Task ClientCredentials_ForARevokedClient_GiveInvalidClient()
    {
        var server = await IdentityServer.Shared;
        var (clientId, secret) = await server.CreateAgencyClientAsync();
        var before = await server.ClientCredentialsAsync(clientId, secret);

        await IdentityTestKit.RevokeClientAsync(server, clientId);
        var after = await IdentityTestKit.PostTokenAsync(server, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = ChildIndexScopes.Directory,
        });

        Assert.NotNull(before.AccessToken);
        Assert.Equal("invalid_client", after.Body?.Error);
        Assert.Null(after.Body?.AccessToken);
        Assert.True(after.Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, after.Status.ToString());
    }

    [Fact]
    public async Task DeviceFlow_GivesAPractitionerTokenNamingRoleOrganisationAndVetting()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner, "LS1234");

        var token = await server.SignInAsync(user);

        var claims = IdentityTestKit.Payload(token.AccessToken!);
        Assert.Equal([Roles.Practitioner], IdentityTestKit.ClaimValues(claims, "role"));
        Assert.Equal("LS1234", claims.GetProperty(ChildIndexClaims.OrganisationCode).GetString());
        Assert.Equal(ChildIndexClaims.User, claims.GetProperty(ChildIndexClaims.PrincipalType).GetString());
        Assert.True(claims.TryGetProperty(ChildIndexClaims.VettingExpires, out _));
        // A practitioner asked for identity-admin too (the default scopes) and did not get it.
        var scopes = IdentityTestKit.ClaimValues(claims, "scope").SelectMany(s => s.Split(' ')).ToList();
        Assert.Contains(ChildIndexScopes.Directory, scopes);
        Assert.DoesNotContain(ChildIndexScopes.IdentityAdmin, scopes);
        Assert.DoesNotContain(ChildIndexScopes.IdentityAudience, IdentityTestKit.ClaimValues(claims, "aud"));
    }

    [Fact]
    public async Task Refresh_ForAnActiveUser_Works_ButForAUserSuspendedAfterSignIn_FailsWithInvalidGrant()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var signedIn = await server.SignInAsync(user);
        var refreshed = await server.RefreshAsync(signedIn.RefreshToken!);

        await IdentityTestKit.SuspendAsync(server, user.Username);
        var afterSuspension = await server.RefreshAsync(refreshed.RefreshToken ?? signedIn.RefreshToken!);

        Assert.NotNull(refreshed.AccessToken);
        Assert.Null(afterSuspension.AccessToken);
        Assert.Equal("invalid_grant", afterSuspension.Error);
    }

    [Fact]
    public async Task Refresh_ForAUserWhoseVettingLapsedAfterSignIn_FailsWithInvalidGrant()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var signedIn = await server.SignInAsync(user);

        await IdentityTestKit.RecordVettingAsync(server, user.Username, IdentityTestKit.VettingWithDbsCheck(DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-4)));

        var refreshed = await server.RefreshAsync(signedIn.RefreshToken!);

        Assert.Null(refreshed.AccessToken);
        Assert.Equal("invalid_grant", refreshed.Error);
        Assert.Contains("vetting expired on", refreshed.ErrorDescription, StringComparison.Ordinal);
    }
}
