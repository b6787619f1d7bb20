using System.Globalization;
using ChildIndex.Common.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChildIndex.Api.Hosting;

/// <summary>
/// Every RPC but health and reflection needs an access token from ChildIndex's identity server
/// (IDENTITY_AUTHORITY), checked strictly: RS256 signature from the server's published keys, issuer,
/// audience childindex-directory, token type at+jwt, lifetime (10 s of clock skew), the directory
/// scope, and for a person, vetting that still holds today. Anything less is UNAUTHENTICATED.
/// A token that passed is kept in <see cref="ValidatedTokenCache"/> until it expires, so that the
/// calls after the first with the same token skip the signature check and the claims parsing.
/// </summary>
public static class DirectoryAuthentication
{
    public const string DefaultAuthority = "http://127.0.0.1:5081";

    public static WebApplicationBuilder AddDirectoryAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton(services => new ValidatedTokenCache(services.GetRequiredService<TimeProvider>()));
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IConfiguration, TimeProvider, ValidatedTokenCache>((options, configuration, time, cache) =>
            {
                var authority = Authority(configuration);
                options.Authority = authority;
                // Plain HTTP only to an identity server on this machine (development).
                options.RequireHttpsMetadata = !new Uri(authority).IsLoopback;
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidAudience = ChildIndexScopes.DirectoryAudience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    ValidTypes = ["at+jwt"],
                    ClockSkew = TimeSpan.FromSeconds(10),
                    NameClaimType = "name",
                    RoleClaimType = "role",
                };
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (BearerToken(context.Request) is { } token && cache.Find(token) is { } validated)
                        {
                            context.Principal = validated.Principal;
                            context.HttpContext.Features.Set(validated.Caller);
                            context.Success();
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        var principal = context.Principal!;
                        if (Refusal(principal, time) is { } reason)
                        {
                            context.Fail(reason);
                            return Task.CompletedTask;
                        }

                        var caller = CallerClaims.From(principal);
                        context.HttpContext.Features.Set(caller);
                        if (context.SecurityToken is JsonWebToken { EncodedToken: { } token } jwt)
                        {
                            var expires = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
                            cache.Add(token, new ValidatedToken(principal, caller, expires, caller.IsAgencySystem ? null : VettingExpires(principal)));
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        return builder;
    }

    public static string Authority(IConfiguration configuration) =>
        configuration["IDENTITY_AUTHORITY"] is { Length: > 0 } authority ? authority : DefaultAuthority;

    /// <summary>Why a well-signed token is still not acceptable here, or null.</summary>
    private static string? Refusal(System.Security.Claims.ClaimsPrincipal principal, TimeProvider time)
    {
        var scopes = principal.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (!scopes.Contains(ChildIndexScopes.Directory))
        {
            return "the token does not carry the directory scope";
        }

        if (principal.FindFirst(ChildIndexClaims.PrincipalType)?.Value is not (ChildIndexClaims.User or ChildIndexClaims.Client))
        {
            return "the token does not say whether it is a person's or an agency system's";
        }

        if (principal.FindFirst(ChildIndexClaims.PrincipalType)?.Value == ChildIndexClaims.User &&
            (VettingExpires(principal) is not { } expires || expires <= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)))
        {
            return "the holder's vetting has lapsed";
        }

        return principal.FindFirst(ChildIndexClaims.OrganisationCode) is null ? "the token names no organisation" : null;
    }

    private static DateOnly? VettingExpires(System.Security.Claims.ClaimsPrincipal principal) =>
        DateOnly.TryParseExact(principal.FindFirst(ChildIndexClaims.VettingExpires)?.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires)
            ? expires
            : null;

    /// <summary>The bearer token as JwtBearer reads it from the Authorization header.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        string? authorization = request.Headers.Authorization;
        const string Scheme = "Bearer ";
        return authorization is { Length: > 7 } && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[Scheme.Length..].Trim()
            : null;
    }
}
