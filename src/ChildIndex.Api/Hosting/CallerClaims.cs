using System.Security.Claims;
using ChildIndex.Common.Security;
using ChildIndex.Core.Access;

namespace ChildIndex.Api.Hosting;

/// <summary>The caller as the validated access token describes them, read from its claims once:
/// when the token is validated (and then kept with it in <see cref="ValidatedTokenCache"/>), or
/// at the first ask in a call that did not go through validation.</summary>
public static class CallerClaims
{
    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        string Claim(string type) => user.FindFirst(type)?.Value ?? string.Empty;
        return new Caller(
            Subject: Claim("sub"),
            Name: Claim("name"),
            OrganisationCode: Claim(ChildIndexClaims.OrganisationCode),
            OrganisationName: Claim(ChildIndexClaims.OrganisationName),
            Roles: user.FindAll("role").Select(c => c.Value).ToHashSet(),
            ClientId: user.FindFirst("client_id")?.Value,
            IsAgencySystem: Claim(ChildIndexClaims.PrincipalType) == ChildIndexClaims.Client);
    }

    /// <summary>The call's caller, read from the claims at most once per call.</summary>
    public static Caller Caller(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Features.Get<Caller>() is { } caller)
        {
            return caller;
        }

        caller = From(http.User);
        http.Features.Set(caller);
        return caller;
    }
}
