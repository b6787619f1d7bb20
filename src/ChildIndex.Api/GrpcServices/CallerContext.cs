using ChildIndex.Common.Security;
using ChildIndex.Core.Access;
using Grpc.Core;

namespace ChildIndex.Api.GrpcServices;

public static class CallerContext
{
    /// <summary>The caller as the validated access token describes them.</summary>
    public static Caller Caller(this ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
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
}
