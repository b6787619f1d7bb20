using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Xunit.Abstractions;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>
/// A private identity server issuing 2-second access tokens, and a directory trusting it. The
/// directory validates tokens on its own (it never asks the identity server), so a suspension or
/// revocation reaches it when the holder's last token expires: lifetime plus the directory's 10 s
/// of clock skew.
/// </summary>
public sealed class ShortLivedTokens : IAsyncLifetime
{
    public const int LifetimeSeconds = 2;
    public const int DirectoryClockSkewSeconds = 10;

    public IdentityServer Identity { get; private set; } = null!;

    public PrivateDirectory Directory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Identity = await IdentityServer.StartAsync(new Dictionary<string, string?>
        {
            ["ACCESS_TOKEN_LIFETIME_SECONDS"] = LifetimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TOKEN_RATE_LIMIT_PER_MINUTE"] = "100000",
            ["FAILED_SIGN_IN_LIMIT_PER_ADDRESS"] = "100000",
        });
        Directory = await PrivateDirectory.StartAsync(Identity);
    }

    public async Task DisposeAsync()
    {
        await Directory.DisposeAsync();
        await Identity.DisposeAsync();
    }

    /// <summary>When the token says it expires.</summary>
    public static DateTimeOffset Expiry(string accessToken) =>
        DateTimeOffset.FromUnixTimeSeconds(IdentityTestKit.Payload(accessToken).GetProperty("exp").GetInt64());

    /// <summary>Repeats <paramref name="call"/> until it fails UNAUTHENTICATED, or until well after
    /// the token's expiry plus the directory's clock skew; returns how long after the token's expiry
    /// it was first refused, or null if it never was.</summary>
    public static async Task<TimeSpan?> FirstRefusalAsync(DateTimeOffset expires, Func<Task> call)
    {
        var giveUp = expires.AddSeconds(DirectoryClockSkewSeconds + 3);
        while (DateTimeOffset.UtcNow < giveUp)
        {
            try
            {
                await call();
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unauthenticated)
            {
                return DateTimeOffset.UtcNow - expires;
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>The token lived the configured 2 s, and was refused no later than the clock skew
    /// after it expired, give or take one poll.</summary>
    public static void AssertRefusedInTime(string accessToken, TimeSpan? afterExpiry)
    {
        var claims = IdentityTestKit.Payload(accessToken);
        Assert.Equal(LifetimeSeconds, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.NotNull(afterExpiry);
        Assert.True(afterExpiry <= TimeSpan.FromSeconds(DirectoryClockSkewSeconds + 1.5), $"refused {afterExpiry} after expiry");
    }
}

public sealed class SuspendedUserTokenLifetimeTests(ShortLivedTokens fixture, ITestOutputHelper output) : IClassFixture<ShortLivedTokens>
{
    [Fact]
    public async Task SuspendedUser_IsRefusedByTheDirectoryWithinTheTokenLifetime_AndGetsNoNewToken()
    {
        var identity = fixture.Identity;
        var admin = await identity.SignInAsync(await identity.CreateUserAsync(Roles.IndexAdmin, "LCC"));
        using var adminChannel = fixture.Directory.ChannelWithToken(admin.AccessToken!);
        var child = await new Registration.RegistrationClient(adminChannel).RegisterChildAsync(TestRequests.Registration());
        var user = await identity.CreateUserAsync(Roles.Practitioner);

        var token = await identity.SignInAsync(user);
        using var channel = fixture.Directory.ChannelWithToken(token.AccessToken!);
        var directory = new ChildDirectory.ChildDirectoryClient(channel);
        var record = await directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId });
        await IdentityTestKit.SuspendAsync(identity, user.Username);
        var refusedAfter = await ShortLivedTokens.FirstRefusalAsync(ShortLivedTokens.Expiry(token.AccessToken!), () => directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId }).ResponseAsync);
        output.WriteLine($"the suspended user's token was refused {refusedAfter?.TotalSeconds:0.0} s after it expired");
        var refresh = await identity.RefreshAsync(token.RefreshToken!);
        var signInAgain = await IdentityTestKit.LoginAsync(identity, user.Username, user.Password, IdentityTestKit.NextCode(user.TotpSecret));

        Assert.Equal(child.ChildId, record.ChildId);
        ShortLivedTokens.AssertRefusedInTime(token.AccessToken!, refusedAfter);
        Assert.Equal("invalid_grant", refresh.Error);
        Assert.Null(refresh.AccessToken);
        Assert.False(signInAgain.SignedIn);
        Assert.Contains("suspended", signInAgain.Error, StringComparison.Ordinal);
    }
}

public sealed class RevokedClientTokenLifetimeTests(ShortLivedTokens fixture, ITestOutputHelper output) : IClassFixture<ShortLivedTokens>
{
    [Fact]
    public async Task RevokedAgencyClient_IsRefusedByTheDirectoryWithinTheTokenLifetime_AndGetsNoNewToken()
    {
        var identity = fixture.Identity;
        var (clientId, secret) = await identity.CreateAgencyClientAsync("LS1234");

        var token = await identity.ClientCredentialsAsync(clientId, secret);
        using var channel = fixture.Directory.ChannelWithToken(token.AccessToken!);
        var registration = new Registration.RegistrationClient(channel);
        var request = TestRequests.AgencyRegistration();
        var registered = await registration.RegisterChildAsync(request);
        await IdentityTestKit.RevokeClientAsync(identity, clientId);
        // The same request again (idempotent on request_id), until the token is refused.
        var refusedAfter = await ShortLivedTokens.FirstRefusalAsync(ShortLivedTokens.Expiry(token.AccessToken!), () => registration.RegisterChildAsync(request).ResponseAsync);
        output.WriteLine($"the revoked client's token was refused {refusedAfter?.TotalSeconds:0.0} s after it expired");
        var again = await identity.ClientCredentialsAsync(clientId, secret);

        Assert.Equal(RegistrationOutcome.Created, registered.Outcome);
        ShortLivedTokens.AssertRefusedInTime(token.AccessToken!, refusedAfter);
        Assert.Equal("invalid_client", again.Error);
        Assert.Null(again.AccessToken);
    }
}
