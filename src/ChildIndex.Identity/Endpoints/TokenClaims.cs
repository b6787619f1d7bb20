using System.Globalization;
using System.Security.Claims;
using ChildIndex.Common.Security;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Clients;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Endpoints;

/// <summary>What ChildIndex's tokens say about their holder. Built afresh from the store at every
/// issue and refresh, so a change of role, organisation or vetting shows at the next token.</summary>
public static class TokenClaims
{
    public static ClaimsPrincipal ForUser(User user, VettingStatus vetting, IEnumerable<string> requestedScopes)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(vetting);
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, user.Id.ToString())
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.PreferredUsername, user.Username)
            .SetClaim(ChildIndexClaims.OrganisationCode, user.OrganisationCode)
            .SetClaim(ChildIndexClaims.OrganisationName, user.OrganisationName)
            .SetClaim(ChildIndexClaims.PrincipalType, ChildIndexClaims.User)
            .SetClaim(ChildIndexClaims.VettingExpires, vetting.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .SetClaims(Claims.Role, [.. user.RoleList])
            .SetClaims(Claims.AuthenticationMethodReference, ["pwd", "otp", "mfa"]);

        // Anyone vetted may ask for the directory (it decides per RPC); only identity
        // administrators get the IdentityAdmin API.
        var scopes = requestedScopes.Where(scope => scope switch
        {
            Scopes.OpenId or Scopes.OfflineAccess or ChildIndexScopes.Directory => true,
            ChildIndexScopes.IdentityAdmin => user.RoleList.Contains(Roles.IdentityAdmin),
            _ => false,
        });
        return Finish(identity, scopes);
    }

    public static ClaimsPrincipal ForClient(AgencyClient client, IEnumerable<string> requestedScopes)
    {
        ArgumentNullException.ThrowIfNull(client);
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, client.ClientId)
            .SetClaim(Claims.Name, client.DisplayName)
            .SetClaim(ChildIndexClaims.OrganisationCode, client.OrganisationCode)
            .SetClaim(ChildIndexClaims.OrganisationName, client.OrganisationName)
            .SetClaim(ChildIndexClaims.PrincipalType, ChildIndexClaims.Client)
            .SetClaims(Claims.Role, [Roles.AgencySystem]);
        return Finish(identity, requestedScopes.Where(scope => scope == ChildIndexScopes.Directory));
    }

    /// <summary>The directory's own client: the auth-events scope and nothing else, no role, no
    /// organisation (its token is not for the directory's API: its audience is the identity server).</summary>
    public static ClaimsPrincipal ForDirectory(string clientId, IEnumerable<string> requestedScopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, clientId)
            .SetClaim(Claims.Name, "ChildIndex directory");
        return Finish(identity, requestedScopes.Where(scope => scope == ChildIndexScopes.AuthEvents));
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    private static ClaimsPrincipal Finish(ClaimsIdentity identity, IEnumerable<string> scopes)
    {
        var granted = scopes.Distinct().ToList();
        identity.SetScopes(granted);
        identity.SetResources(granted.Select(scope => scope switch
        {
            ChildIndexScopes.Directory => ChildIndexScopes.DirectoryAudience,
            ChildIndexScopes.IdentityAdmin or ChildIndexScopes.AuthEvents => ChildIndexScopes.IdentityAudience,
            _ => null,
        }).OfType<string>());

        // Everything goes in the access token (the directory decides by it); the identity token
        // carries only who signed in.
        identity.SetDestinations(claim => claim.Type is Claims.Subject or Claims.Name or Claims.PreferredUsername
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }
}
