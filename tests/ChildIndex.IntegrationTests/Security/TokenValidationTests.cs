using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace ChildIndex.IntegrationTests.Security;

/// <summary>
/// The directory's own validation of access tokens (docs/permissions.md, ADR 7). Tokens are crafted
/// from a real one (same issuer, audience and claims) and signed with the identity server's real
/// key, then spoiled one way each: every spoiled token is UNAUTHENTICATED, while the unspoiled
/// crafted token is accepted, so each refusal is for the one thing changed.
/// </summary>
public sealed class TokenValidationTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>
{
    private const string AccessTokenType = "at+jwt";

    [Fact]
    public async Task RealToken_IsAccepted() =>
        await CallWithAsync(await server.Identity.TokenForRoleAsync(Roles.Practitioner));

    [Fact]
    public async Task CraftedToken_WithTheRealKeyAndTheClaimsOfARealToken_IsAccepted()
    {
        var template = await TemplateAsync();
        Assert.Equal(SecurityAlgorithms.RsaSha256, template.Header["alg"]!.GetValue<string>());
        Assert.Equal(AccessTokenType, template.Header["typ"]!.GetValue<string>());

        var token = Sign(template.Payload(), template.Key);

        Assert.Equal(AccessTokenType, new JsonWebToken(token).Typ);
        await CallWithAsync(token);
    }

    [Fact]
    public async Task NoToken_IsUnauthenticated() =>
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => SearchAsync(server.AnonymousChannel));

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")]
    [InlineData("a.b.c.d.e")]
    public async Task GarbageToken_IsUnauthenticated(string garbage) =>
        await AssertUnauthenticatedAsync(garbage);

    [Fact]
    public async Task RealTokenWithAlteredPayload_IsUnauthenticated()
    {
        var real = await server.Identity.TokenForRoleAsync(Roles.Practitioner);
        var parts = real.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["role"] = Roles.IndexAdmin;

        await AssertUnauthenticatedAsync($"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}");
    }

    [Fact]
    public async Task TokenSignedWithAnotherRsaKey_IsUnauthenticated()
    {
        var template = await TemplateAsync();
        using var forger = RSA.Create(2048);
        // Under the real key's id, so the directory checks it against the real key.
        var forged = new SigningCredentials(new RsaSecurityKey(forger) { KeyId = template.Key.Key.KeyId }, SecurityAlgorithms.RsaSha256);

        await AssertRefusedAsync(Sign(template.Payload(), forged));
    }

    [Fact]
    public async Task UnsignedTokenWithAlgNone_IsUnauthenticated()
    {
        var template = await TemplateAsync();
        var header = template.Header.DeepClone().AsObject();
        header["alg"] = "none";

        await AssertRefusedAsync($"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(template.Payload().ToJsonString())}.");
    }

    /// <summary>Algorithm confusion: HMAC keyed with what the identity server publishes.</summary>
    [Theory]
    [InlineData("certificate")]
    [InlineData("subject-public-key-info")]
    [InlineData("public-key-pem")]
    [InlineData("modulus")]
    public async Task Hs256TokenKeyedWithTheRealPublicKey_IsUnauthenticated(string material)
    {
        var template = await TemplateAsync();
        var certificate = ((X509SecurityKey)template.Key.Key).Certificate;
        using var rsa = certificate.GetRSAPublicKey()!;
        var bytes = material switch
        {
            "certificate" => certificate.RawData,
            "subject-public-key-info" => rsa.ExportSubjectPublicKeyInfo(),
            "public-key-pem" => Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()),
            _ => rsa.ExportParameters(false).Modulus!,
        };
        var hmac = new SigningCredentials(new SymmetricSecurityKey(bytes) { KeyId = template.Key.Key.KeyId }, SecurityAlgorithms.HmacSha256);

        await AssertRefusedAsync(Sign(template.Payload(), hmac));
    }

    /// <summary>The directory allows 10 s of clock skew (ADR 7), not the default 5 minutes.</summary>
    [Theory]
    [InlineData(120)]
    [InlineData(30)]
    public async Task ExpiredToken_BeyondTheClockSkew_IsUnauthenticated(int secondsAgo)
    {
        var template = await TemplateAsync();
        var now = DateTimeOffset.UtcNow;
        var payload = template.Payload();
        payload["iat"] = now.AddSeconds(-secondsAgo - 50).ToUnixTimeSeconds();
        payload["nbf"] = now.AddSeconds(-secondsAgo - 50).ToUnixTimeSeconds();
        payload["exp"] = now.AddSeconds(-secondsAgo).ToUnixTimeSeconds();

        await AssertRefusedAsync(Sign(payload, template.Key));
    }

    [Fact]
    public async Task TokenWithoutExpiry_IsUnauthenticated()
    {
        var template = await TemplateAsync();
        var payload = template.Payload();
        payload.Remove("exp");

        await AssertRefusedAsync(Sign(payload, template.Key));
    }

    [Fact]
    public async Task TokenNotYetValid_IsUnauthenticated()
    {
        var template = await TemplateAsync();
        var now = DateTimeOffset.UtcNow;
        var payload = template.Payload();
        payload["iat"] = now.AddMinutes(2).ToUnixTimeSeconds();
        payload["nbf"] = now.AddMinutes(2).ToUnixTimeSeconds();
        payload["exp"] = now.AddMinutes(4).ToUnixTimeSeconds();

        await AssertRefusedAsync(Sign(payload, template.Key));
    }

    [Theory]
    [InlineData(ChildIndexScopes.IdentityAudience)]
    [InlineData("some-other-api")]
    [InlineData(null)]
    public async Task TokenForAnotherAudience_IsUnauthenticated(string? audience)
    {
        var template = await TemplateAsync();
        var payload = template.Payload();
        payload.Remove("aud");
        if (audience is not null)
        {
            payload["aud"] = audience;
        }

        await AssertRefusedAsync(Sign(payload, template.Key));
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("dpop+jwt")]
    public async Task TokenOfAnotherType_IsUnauthenticated(string type)
    {
        var template = await TemplateAsync();

        await AssertRefusedAsync(Sign(template.Payload(), template.Key, type));
    }

    [Fact]
    public async Task TokenWithoutAType_IsUnauthenticated()
    {
        var template = await TemplateAsync();
        var payload = template.Payload();
        using var rsa = ((X509SecurityKey)template.Key.Key).Certificate.GetRSAPrivateKey()!;
        string SignedWith(JsonObject header)
        {
            var signingInput = $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}";
            var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
        }

        var untyped = template.Header.DeepClone().AsObject();
        untyped.Remove("typ");

        // Signed by hand correctly: with the real header it is accepted.
        await CallWithAsync(SignedWith(template.Header));
        await AssertUnauthenticatedAsync(SignedWith(untyped));
    }

    [Theory]
    [InlineData("http://evil.example/")]
    [InlineData("https://localhost/")]
    public async Task TokenFromAnotherIssuer_IsUnauthenticated(string issuer)
    {
        var template = await TemplateAsync();
        Assert.NotEqual(issuer, template.Payload()["iss"]!.GetValue<string>());
        var payload = template.Payload();
        payload["iss"] = issuer;

        await AssertRefusedAsync(Sign(payload, template.Key));
    }

    [Theory]
    [InlineData("openid offline_access identity-admin")]
    [InlineData("openid directoryx")]
    [InlineData(null)]
    public async Task TokenWithoutTheDirectoryScope_IsUnauthenticated(string? scope)
    {
        var template = await TemplateAsync();
        var payload = template.Payload();
        payload.Remove("scope");
        if (scope is not null)
        {
            payload["scope"] = scope;
        }

        await AssertRefusedAsync(Sign(payload, template.Key));
    }

    /// <summary>vetting_expires is the first day on which the vetting no longer holds.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-400)]
    public async Task PersonsTokenWhoseVettingHasLapsed_IsUnauthenticated(int daysFromToday)
    {
        var template = await TemplateAsync();
        var payload = template.Payload();
        payload[ChildIndexClaims.VettingExpires] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await AssertRefusedAsync(Sign(payload, template.Key));
    }

    [Fact]
    public async Task PersonsTokenWhoseVettingEndsTomorrow_IsAccepted()
    {
        var template = await TemplateAsync();
        var payload = template.Payload();
        payload[ChildIndexClaims.VettingExpires] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await CallWithAsync(Sign(payload, template.Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("31/12/2999")]
    public async Task PersonsTokenWithoutAReadableVettingDate_IsUnauthenticated(string? vettingExpires)
    {
        var template = await TemplateAsync();
        var payload = template.Payload();
        payload.Remove(ChildIndexClaims.VettingExpires);
        if (vettingExpires is not null)
        {
            payload[ChildIndexClaims.VettingExpires] = vettingExpires;
        }

        await AssertRefusedAsync(Sign(payload, template.Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("robot")]
    public async Task TokenWithoutAKnownPrincipalType_IsUnauthenticated(string? principalType)
    {
        var template = await TemplateAsync();
        var payload = template.Payload();
        payload.Remove(ChildIndexClaims.PrincipalType);
        if (principalType is not null)
        {
            payload[ChildIndexClaims.PrincipalType] = principalType;
        }

        await AssertRefusedAsync(Sign(payload, template.Key));
    }

    [Fact]
    public async Task TokenWithoutAnOrganisation_IsUnauthenticated()
    {
        var template = await TemplateAsync();
        var payload = template.Payload();
        payload.Remove(ChildIndexClaims.OrganisationCode);

        await AssertRefusedAsync(Sign(payload, template.Key));
    }

    /// <summary>A spoiled token is refused, while the same crafting without the spoiling is accepted.</summary>
    private async Task AssertRefusedAsync(string token)
    {
        var template = await TemplateAsync();
        await CallWithAsync(Sign(template.Payload(), template.Key));
        await AssertUnauthenticatedAsync(token);
    }

    private async Task AssertUnauthenticatedAsync(string token)
    {
        using var channel = server.ChannelWithToken(token);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => SearchAsync(channel));
    }

    private async Task CallWithAsync(string token)
    {
        using var channel = server.ChannelWithToken(token);
        await SearchAsync(channel);
    }

    private static async Task SearchAsync(Grpc.Net.Client.GrpcChannel channel) =>
        await new ChildDirectory.ChildDirectoryClient(channel).SearchChildrenAsync(new SearchChildrenRequest { Purpose = SecurityData.Purpose(), NhsNumber = TestRequests.NewNhsNumber() });

    private static string Sign(JsonObject payload, SigningCredentials credentials, string type = AccessTokenType) =>
        new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), credentials, new Dictionary<string, object> { ["typ"] = type });

    /// <summary>A real practitioner's token, decoded, and the identity server's real signing key.</summary>
    private async Task<Template> TemplateAsync()
    {
        var real = await server.Identity.TokenForRoleAsync(Roles.Practitioner);
        var parts = real.Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        var keyId = header["kid"]?.GetValue<string>();
        var credentials = server.Identity.Services.GetRequiredService<IOptions<OpenIddictServerOptions>>().Value.SigningCredentials;
        var key = credentials.Single(c => c.Key is X509SecurityKey && c.Key.KeyId == keyId);
        return new Template(header, payload, new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256));
    }

    private sealed record Template(JsonObject Header, JsonObject RealPayload, SigningCredentials Key)
    {
        /// <summary>The real token's claims, freshly issued: valid from now for five minutes.</summary>
        public JsonObject Payload()
        {
            var payload = RealPayload.DeepClone().AsObject();
            var now = DateTimeOffset.UtcNow;
            payload["iat"] = now.ToUnixTimeSeconds();
            payload["nbf"] = now.ToUnixTimeSeconds();
            payload["exp"] = now.AddMinutes(5).ToUnixTimeSeconds();
            payload["jti"] = Guid.NewGuid().ToString();
            return payload;
        }
    }
}
