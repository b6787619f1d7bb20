using System.Net;
using System.Security.Claims;
using ChildIndex.Portal.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace ChildIndex.UnitTests.Portal;

/// <summary>Two requests of one session that both find the access token about to expire: refresh
/// tokens rotate, so only one may use the session's refresh token.</summary>
public sealed class TokenRefresherTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TwoConcurrentRefreshes_OfOneSession_RefreshOnce_AndBothKeepTheSession()
    {
        var identity = new RotatingIdentityServer();
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var refresher = Refresher(identity, cache);
        // Two requests that read the same stored session before either renewed it.
        var first = Request();
        var second = Request();

        await Task.WhenAll(refresher.ValidateAsync(first), refresher.ValidateAsync(second));

        Assert.Equal(1, identity.Refreshes);
        foreach (var request in new[] { first, second })
        {
            Assert.NotNull(request.Principal);
            Assert.True(request.ShouldRenew);
            Assert.Equal(AccessToken(2), request.Properties.GetTokenValue("access_token"));
            Assert.Equal("refresh-2", request.Properties.GetTokenValue("refresh_token"));
        }

        Assert.Equal(0, refresher.SessionsRefreshing);
    }

    [Fact]
    public async Task ARequestThatReadTheSessionBeforeItWasRefreshed_TakesThatRefreshsAnswer()
    {
        var identity = new RotatingIdentityServer();
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var refresher = Refresher(identity, cache);
        var first = Request();
        var late = Request();

        await refresher.ValidateAsync(first);
        await refresher.ValidateAsync(late);

        Assert.Equal(1, identity.Refreshes);
        Assert.Equal("refresh-2", late.Properties.GetTokenValue("refresh_token"));
        Assert.NotNull(late.Principal);
    }

    [Fact]
    public async Task KeyedLocks_SerialiseOneKey_NotOthers_AndAreDroppedWhenIdle()
    {
        var locks = new KeyedLocks();
        var held = await locks.LockAsync("a", CancellationToken.None);
        var waiting = locks.LockAsync("a", CancellationToken.None);
        var other = await locks.LockAsync("b", CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        held.Dispose();
        (await waiting).Dispose();
        other.Dispose();

        Assert.Equal(0, locks.Count);
    }

    /// <summary>An access token as the portal reads it (its claims only; the directory checks the
    /// signature).</summary>
    private static string AccessToken(int n) =>
        $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{Base64UrlEncoder.Encode($$"""{"sub":"pat","role":"practitioner","n":{{n}}}""")}.";

    private static TokenRefresher Refresher(RotatingIdentityServer identity, IMemoryCache cache)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IDENTITY_AUTHORITY"] = "http://identity.test",
            ["PORTAL_CLIENT_SECRET"] = "portal-secret",
        }).Build();
        return new TokenRefresher(new Clients(identity), configuration, new FakeTimeProvider(Now), cache, NullLogger<TokenRefresher>.Instance);
    }

    private static CookieValidatePrincipalContext Request()
    {
        var properties = new AuthenticationProperties();
        properties.Items[TokenRefresher.AbsoluteExpiryItem] = Now.AddHours(8).ToString("O");
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = "access_token", Value = "access-1" },
            new AuthenticationToken { Name = "refresh_token", Value = "refresh-1" },
            new AuthenticationToken { Name = "expires_at", Value = Now.AddSeconds(5).ToString("o") },
        ]);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("name", "Pat")], "test"));
        var scheme = new AuthenticationScheme(PortalSignIn.CookieScheme, null, typeof(CookieAuthenticationHandler));
        return new CookieValidatePrincipalContext(new DefaultHttpContext(), scheme, new CookieAuthenticationOptions(), new AuthenticationTicket(principal, properties, scheme.Name));
    }

    private sealed class Clients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    /// <summary>A token endpoint that rotates refresh tokens as the identity server does: each is
    /// accepted once. Slow enough that the two requests overlap.</summary>
    private sealed class RotatingIdentityServer : HttpMessageHandler
    {
        private readonly HashSet<string> _spent = [];
        private int _requests;
        private int _refreshes;

        /// <summary>Refresh requests received, accepted or not.</summary>
        public int Refreshes => _requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken));
            var token = form["refresh_token"].ToString();
            Interlocked.Increment(ref _requests);
            await Task.Delay(200, cancellationToken);
            lock (_spent)
            {
                if (!_spent.Add(token))
                {
                    return new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"error":"invalid_grant"}""") };
                }
            }

            var n = Interlocked.Increment(ref _refreshes) + 1;
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"access_token":"{{AccessToken(n)}}","refresh_token":"refresh-{{n}}","expires_in":50}""", System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }
}
