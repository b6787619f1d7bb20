using System.Globalization;
using ChildIndex.Common.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ChildIndex.Api.Hosting;

/// <summary>
/// Every RPC but health and reflection needs an access token from ChildIndex's identity server
/// (IDENTITY_AUTHORITY), checked strictly: RS256 signature from the server's published keys, issuer,
/// audience childindex-directory, token type at+jwt, lifetime (10 s of clock skew), the directory
/// scope, and for a person, vetting that still holds today. Anything less is UNAUTHENTICATED.
/// </summary>
public static class DirectoryAuthentication
{
    public const string DefaultAuthority = "http://127.0.0.1:5081";

    public static WebApplicationBuilder AddDirectoryAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorization();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IConfiguration, TimeProvider>((options, configuration, time) =>
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
                    OnTokenValidated = context =>
                    {
                        if (Refusal(context.Principal!, time) is { } reason)
                        {
                            context.Fail(reason);
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

        if (principal.FindFirst(ChildIndexClaims.PrincipalType)?.Value == ChildIndexClaims.User)
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            if (!DateOnly.TryParseExact(principal.FindFirst(ChildIndexClaims.VettingExpires)?.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires) ||
                expires <= today)
            {
                return "the holder's vetting has lapsed";
            }
        }

        return principal.FindFirst(ChildIndexClaims.OrganisationCode) is null ? "the token names no organisation" : null;
    }
}
