using ChildIndex.Common.Security;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.ServiceDefaults;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Hosting;

public static class OpenIddictSetup
{
    public const string AdminPolicy = "identity-admin";
    public const string AuthEventFeedPolicy = "auth-event-feed";

    public static WebApplicationBuilder AddOpenIddictServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityStoreDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetDeviceAuthorizationEndpointUris("connect/device")
                    .SetEndUserVerificationEndpointUris("connect/verify")
                    .SetTokenEndpointUris("connect/token")
                    .SetRevocationEndpointUris("connect/revocation");

                // Only what ChildIndex's clients need: agency systems (client credentials), the CLI
                // (device authorization), the future web portal (code + PKCE), and refresh for the
                // last two. No implicit or password grant: they are not even advertised.
                server.AllowClientCredentialsFlow()
                    .AllowDeviceAuthorizationFlow()
                    .AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow();

                // PKCE with S256 only: "plain" would let an intercepted challenge redeem the code.
                server.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));

                server.RegisterScopes(Scopes.OpenId, Scopes.OfflineAccess, ChildIndexScopes.Directory, ChildIndexScopes.IdentityAdmin, ChildIndexScopes.AuthEvents);

                // The directory validates access tokens itself, from the published signing keys,
                // so they are signed JWTs, not encrypted ones.
                server.DisableAccessTokenEncryption();

                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndUserVerificationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
            })
            .AddValidation(validation =>
            {
                // The IdentityAdmin API authenticates any of this server's own access tokens, so
                // that a signed-in person who may not use it (a practitioner's directory token) is
                // told PERMISSION_DENIED, not UNAUTHENTICATED: signing in again would not help. Its
                // own audience is required by AdminPolicy below, with the role and the scope.
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });

        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ServerKeysAndLifetimes>();
        // Built at start-up, so that missing keys stop the server at once, not at the first request.
        services.AddOptions<OpenIddictServerOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreOptions>, TransportSecurity>();
        services.AddHostedService<BuiltInClients>();

        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.IdentityAdmin)
            .RequireAssertion(context => context.User.HasAudience(ChildIndexScopes.IdentityAudience))
            .RequireAssertion(context => HasScope(context.User, ChildIndexScopes.IdentityAdmin)));

        // Only the directory's client can obtain the scope (its permissions, and TokenClaims); the
        // subject is checked too, so that a scope granted by mistake elsewhere still reads nothing.
        services.AddAuthorizationBuilder().AddPolicy(AuthEventFeedPolicy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(Claims.Subject, BuiltInClients.Directory)
            .RequireAssertion(context => context.User.HasAudience(ChildIndexScopes.IdentityAudience))
            .RequireAssertion(context => HasScope(context.User, ChildIndexScopes.AuthEvents)));
        return builder;
    }

    private static bool HasScope(System.Security.Claims.ClaimsPrincipal user, string scope) =>
        user.HasClaim(c => c.Type == Claims.Scope && c.Value.Split(' ').Contains(scope));

    /// <summary>Plain HTTP is allowed only where the server itself has no TLS (development on
    /// loopback: ServerEndpoints refuses anything else without TLS).</summary>
    private sealed class TransportSecurity(IConfiguration configuration) : IConfigureOptions<OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreOptions>
    {
        public void Configure(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreOptions options) =>
            options.DisableTransportSecurityRequirement = ServerEndpoints.IsPlainTextLoopback(configuration);
    }
}
