using System.Security.Claims;
using ChildIndex.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChildIndex.Portal.Hosting;

/// <summary>
/// Sign-in as a backend-for-frontend: the authorization code flow with PKCE against the identity
/// server's own pages, the portal authenticating as a confidential client. Tokens are kept in a
/// server-side session (<see cref="ServerSideTickets"/>); the browser holds only an encrypted,
/// HttpOnly, SameSite=Strict cookie naming that session.
/// </summary>
public static class PortalSignIn
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string RoleClaim = "role";
    public const string OrganisationCodeClaim = "org_code";
    public const string OrganisationNameClaim = "org_name";

    /// <summary>A working day, and the refresh token's own lifetime: then two factors again.</summary>
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(8);

    /// <summary>identity-admin is granted only to identity administrators (their pages call the
    /// IdentityAdmin API with it); asking costs others nothing.</summary>
    private static readonly string[] Scopes = ["openid", "offline_access", "directory", "identity-admin"];

    public static WebApplicationBuilder AddPortalSignIn(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddMemoryCache();
        services.AddSingleton<ServerSideTickets>();
        services.AddSingleton<TokenRefresher>();
        services.AddHttpClient(TokenRefresher.HttpClientName);

        var plainText = ServerEndpoints.IsPlainTextLoopback(configuration);
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieScheme;
                options.DefaultChallengeScheme = OidcScheme;
            })
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = "childindex.portal";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = PortalSettings.IdleTimeout(configuration);
                options.SlidingExpiration = true;
                options.AccessDeniedPath = "/account/access-denied";
                options.Events.OnValidatePrincipal = context =>
                    context.HttpContext.RequestServices.GetRequiredService<TokenRefresher>().ValidateAsync(context);
            })
            .AddOpenIdConnect(OidcScheme, options =>
            {
                options.Authority = PortalSettings.Authority(configuration);
                options.RequireHttpsMetadata = !plainText;
                options.ClientId = PortalSettings.ClientId;
                options.ResponseType = OpenIdConnectResponseType.Code;
                // A top-level GET back to the portal, so the correlation cookies can be SameSite=Lax
                // (form_post would need SameSite=None, which browsers drop on plain HTTP).
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;
                options.Scope.Clear();
                foreach (var scope in Scopes)
                {
                    options.Scope.Add(scope);
                }

                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = RoleClaim;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Events.OnAuthorizationCodeReceived = context =>
                {
                    // Read per sign-in, so a secret the identity server generated after the portal
                    // started (./run.sh starts both at once) is found.
                    context.TokenEndpointRequest!.ClientSecret = PortalSettings.ClientSecret(configuration);
                    return Task.CompletedTask;
                };
                options.Events.OnTokenValidated = context =>
                {
                    AddDirectoryClaims((ClaimsIdentity)context.Principal!.Identity!, context.TokenEndpointResponse?.AccessToken);
                    context.Properties!.Items[TokenRefresher.AbsoluteExpiryItem] = DateTimeOffset.UtcNow.Add(AbsoluteTimeout).ToString("O");
                    context.Properties.IsPersistent = false;
                    return Task.CompletedTask;
                };
                options.Events.OnRemoteFailure = context =>
                {
                    // Refused by the identity server (cancelled, vetting lapsed) or a stale callback:
                    // a GOV.UK page, not an exception.
                    context.Response.Redirect("/account/sign-in-failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });

        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<ServerSideTickets>((options, tickets) => options.SessionStore = tickets);
        return builder;
    }

    /// <summary>
    /// The roles and organisation the directory will act on come from the access token itself,
    /// which the portal received straight from the identity server's token endpoint over its back
    /// channel (so it needs no signature check here: the directory checks it at every call). They
    /// decide only which pages the portal offers; the directory enforces the permissions.
    /// </summary>
    public static void AddDirectoryClaims(ClaimsIdentity identity, string? accessToken)
    {
        if (accessToken is null)
        {
            return;
        }

        foreach (var stale in identity.FindAll(c => c.Type is RoleClaim or OrganisationCodeClaim or OrganisationNameClaim).ToList())
        {
            identity.RemoveClaim(stale);
        }

        var token = new JsonWebTokenHandler().ReadJsonWebToken(accessToken);
        foreach (var claim in token.Claims.Where(c => c.Type is RoleClaim or OrganisationCodeClaim or OrganisationNameClaim))
        {
            identity.AddClaim(new Claim(claim.Type, claim.Value));
        }
    }
}
