using System.Net;
using ChildIndex.Common.Security;
using ChildIndex.IntegrationTests.Infrastructure;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>Token requests are limited per client address (TOKEN_RATE_LIMIT_PER_MINUTE).</summary>
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
