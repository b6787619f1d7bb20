using System.Security.Claims;
using ChildIndex.Api.Hosting;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Access;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChildIndex.IntegrationTests.Security;

/// <summary>The cache of validated tokens on its own, on a clock the tests move.</summary>
public sealed class ValidatedTokenCacheTests
{
    private const string Header = "eyJhbGciOiJSUzI1NiIsImtpZCI6IkFCQyIsInR5cCI6ImF0K2p3dCJ9";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void CachedToken_IsServedUntilItsExpiry_AndNotFromThatInstant()
    {
        var cache = new ValidatedTokenCache(_time);
        var expires = _time.GetUtcNow().AddSeconds(50);
        Assert.True(cache.Add(Token("a"), Validated("a", expires)));

        _time.Advance(TimeSpan.FromSeconds(49.9));
        Assert.NotNull(cache.Find(Token("a")));

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Null(cache.Find(Token("a")));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TokenAlreadyExpired_IsNotKept()
    {
        var cache = new ValidatedTokenCache(_time);

        Assert.False(cache.Add(Token("a"), Validated("a", _time.GetUtcNow().AddSeconds(-5))));
        Assert.Null(cache.Find(Token("a")));
    }

    [Fact]
    public void TokensSharingAllButTheirLastCharacter_AreNotConfused()
    {
        var cache = new ValidatedTokenCache(_time);
        var expires = _time.GetUtcNow().AddSeconds(50);
        var first = Token("a") + "A";
        var second = Token("a") + "B";
        cache.Add(first, Validated("first", expires));

        Assert.Null(cache.Find(second));
        Assert.Null(cache.Find(first[..^1]));
        cache.Add(second, Validated("second", expires));
        Assert.Equal("first", cache.Find(first)!.Caller.Subject);
        Assert.Equal("second", cache.Find(second)!.Caller.Subject);
    }

    [Fact]
    public void FullCache_KeepsNoMore_UntilItsEntriesExpire()
    {
        var cache = new ValidatedTokenCache(_time, capacity: 3);
        var soon = _time.GetUtcNow().AddSeconds(10);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(cache.Add(Token($"{i}"), Validated($"{i}", soon)));
        }

        Assert.False(cache.Add(Token("late"), Validated("late", soon)));
        Assert.Equal(3, cache.Count);
        Assert.Null(cache.Find(Token("late")));

        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(cache.Add(Token("later"), Validated("later", _time.GetUtcNow().AddSeconds(50))));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void PersonsToken_IsNotServedOnTheDayTheirVettingLapses()
    {
        var cache = new ValidatedTokenCache(_time);
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 6, 23, 59, 40, TimeSpan.Zero));
        cache.Add(Token("a"), Validated("a", _time.GetUtcNow().AddSeconds(50), vettingExpires: new DateOnly(2026, 12, 7)));
        Assert.NotNull(cache.Find(Token("a")));

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(cache.Find(Token("a")));
    }

    private static string Token(string payload) => $"{Header}.{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload))}.c2lnbmF0dXJl";

    private static ValidatedToken Validated(string subject, DateTimeOffset expires, DateOnly? vettingExpires = null) => new(
        new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", subject)], "test")),
        new Caller(subject, subject, "LS1234", "Leeds", new HashSet<string> { Roles.Practitioner }, null, IsAgencySystem: false),
        expires,
        vettingExpires);
}

/// <summary>The cache behind the running directory, with real tokens from the identity server.</summary>
public sealed class TokenCachingTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>
{
    private ValidatedTokenCache Cache => server.Services.GetRequiredService<ValidatedTokenCache>();

    [Fact]
    public async Task RealToken_IsKeptAfterItsFirstCall_UntilTheExpiryItCarries()
    {
        var token = await server.Identity.TokenForRoleAsync(Roles.Practitioner);

        await SearchAsync(server.ChannelWithToken(token));

        var cached = Cache.Find(token);
        Assert.NotNull(cached);
        Assert.Equal(new DateTimeOffset(new JsonWebToken(token).ValidTo, TimeSpan.Zero), cached.Expires);
        Assert.Contains(Roles.Practitioner, cached.Caller.Roles);
    }

    [Fact]
    public async Task CachedTokenWithOneCharacterOfItsSignatureChanged_IsUnauthenticated()
    {
        var token = await server.Identity.TokenForRoleAsync(Roles.Practitioner);
        await SearchAsync(server.ChannelWithToken(token));
        Assert.NotNull(Cache.Find(token));
        var signature = token.LastIndexOf('.') + 10;
        var altered = string.Concat(token.AsSpan(0, signature), token[signature] == 'A' ? "B" : "A", token.AsSpan(signature + 1));

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => SearchAsync(server.ChannelWithToken(altered)));
    }

    [Fact]
    public async Task CachedTokensOfTwoRoles_EachKeepTheirOwnRights()
    {
        var admin = server.ChannelWithToken(await server.Identity.TokenForRoleAsync(Roles.IndexAdmin));
        var practitioner = server.ChannelWithToken(await server.Identity.TokenForRoleAsync(Roles.Practitioner));

        for (var round = 0; round < 2; round++)
        {
            await new IndexManagement.IndexManagementClient(admin).ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest());
            await RpcAssert.FailsWith(StatusCode.PermissionDenied,
                async () => await new IndexManagement.IndexManagementClient(practitioner).ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest()));
        }
    }

    private static async Task SearchAsync(Grpc.Net.Client.GrpcChannel channel) =>
        await new ChildDirectory.ChildDirectoryClient(channel).SearchChildrenAsync(
            new SearchChildrenRequest { Purpose = TestRequests.Purpose(), NhsNumber = TestRequests.NewNhsNumber() });
}
