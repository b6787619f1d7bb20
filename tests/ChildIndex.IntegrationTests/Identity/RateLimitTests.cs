using System.Net;
using ChildIndex.Common.Security;
using ChildIndex.IntegrationTests.Infrastructure;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>A flood of requests is limited per client address (TOKEN_RATE_LIMIT_PER_MINUTE, set low here).</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private IdentityServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await IdentityServer.StartAsync(new Dictionary<string, string?> { ["TOKEN_RATE_LIMIT_PER_MINUTE"] = "5" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TokenEndpoint_SixthRequestWithinAMinute_GetsTooManyRequests()
    {
        var (clientId, secret) = await _server.CreateAgencyClientAsync();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = ChildIndexScopes.Directory,
        };

        var allowed = new List<TokenOutcome>();
        for (var i = 0; i < 5; i++)
        {
            allowed.Add(await IdentityTestKit.PostTokenAsync(_server, form));
        }

        var sixth = await IdentityTestKit.PostTokenAsync(_server, form);

        Assert.All(allowed, outcome =>
        {
            Assert.Equal(HttpStatusCode.OK, outcome.Status);
            Assert.NotNull(outcome.Body?.AccessToken);
        });
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.Status);
        Assert.Null(sixth.Body?.AccessToken);
        Assert.InRange(sixth.RetryAfter ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Contains("try again in", sixth.Body?.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenEndpoint_FailedRequestsCountTowardsTheLimitToo()
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "no-such-client",
            ["client_secret"] = "guess",
            ["scope"] = ChildIndexScopes.Directory,
        };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await IdentityTestKit.PostTokenAsync(_server, form)).Status);
        }

        Assert.All(statuses.Take(5), status => Assert.NotEqual(HttpStatusCode.TooManyRequests, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
    }
}

/// <summary>
/// Guessing is stopped by counting failures per client address (FAILED_SIGN_IN_LIMIT_PER_ADDRESS,
/// 3 here), not requests: people signing in and refreshing behind one address are never stopped.
/// A server of its own for each test, as every test here uses up its address.
/// </summary>
public sealed class FailedSignInLimitTests : IAsyncLifetime
{
    private IdentityServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await IdentityServer.StartAsync(new Dictionary<string, string?> { ["FAILED_SIGN_IN_LIMIT_PER_ADDRESS"] = "3" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ManySuccessfulTokenRequestsAndSignIns_FromOneAddress_AreNeverStopped()
    {
        var (clientId, secret) = await _server.CreateAgencyClientAsync();
        var outcomes = new List<TokenOutcome>();
        for (var i = 0; i < 40; i++)
        {
            outcomes.Add(await IdentityTestKit.PostTokenAsync(_server, ClientCredentials(clientId, secret)));
        }

        var users = new List<TestUser>();
        for (var i = 0; i < 5; i++)
        {
            users.Add(await _server.CreateUserAsync(Roles.Practitioner));
        }

        var logins = new List<LoginOutcome>();
        foreach (var user in users)
        {
            logins.Add(await IdentityTestKit.LoginAsync(_server, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret)));
        }

        Assert.All(outcomes, outcome => Assert.Equal(HttpStatusCode.OK, outcome.Status));
        Assert.All(logins, login => Assert.True(login.SignedIn, login.Error));
    }

    [Fact]
    public async Task WrongClientSecrets_StopTheAddress_EvenForTheRightSecret_UntilRetryAfter()
    {
        var (clientId, secret) = await _server.CreateAgencyClientAsync();
        var guesses = new List<TokenOutcome>();
        for (var i = 0; i < 3; i++)
        {
            guesses.Add(await IdentityTestKit.PostTokenAsync(_server, ClientCredentials(clientId, $"guess-{i}")));
        }

        var right = await IdentityTestKit.PostTokenAsync(_server, ClientCredentials(clientId, secret));

        Assert.All(guesses, guess => Assert.Equal("invalid_client", guess.Body?.Error));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        Assert.Null(right.Body?.AccessToken);
        Assert.InRange(right.RetryAfter ?? TimeSpan.Zero, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task WrongPasswordsForManyAccounts_StopTheAddress_AndThePageSaysWhen()
    {
        var user = await _server.CreateUserAsync(Roles.Practitioner);
        var failures = new List<LoginOutcome>();
        foreach (var name in new[] { "nobody-1", "nobody-2", user.Username })
        {
            failures.Add(await IdentityTestKit.LoginAsync(_server, name, "wrong-password", IdentityServer.CurrentCode(user.TotpSecret)));
        }

        var right = await IdentityTestKit.LoginAsync(_server, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret));

        Assert.All(failures, failure => Assert.False(failure.SignedIn));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        Assert.Contains("too many failed sign-ins from this address", right.Error, StringComparison.Ordinal);
        // The account itself is not locked by another address's guessing: only this address waits.
        Assert.Null((await IdentityTestKit.FindUserAsync(_server, user.Username)).LockedUntil);
    }

    private static Dictionary<string, string> ClientCredentials(string clientId, string secret) => new()
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_secret"] = secret,
        ["scope"] = ChildIndexScopes.Directory,
    };
}
