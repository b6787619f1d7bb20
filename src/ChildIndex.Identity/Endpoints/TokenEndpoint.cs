using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Events;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.Identity.Hosting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Endpoints;

/// <summary>
/// Issues tokens once OpenIddict has checked the request (client authentication, PKCE, codes).
/// Every grant re-reads the account: a revoked client, a suspended user or lapsed vetting gets no
/// token, whether it asks for the first time or refreshes.
/// </summary>
public static class TokenEndpoint
{
    public static async Task<IResult> ExchangeAsync(
        HttpContext context,
        IdentityStoreDbContext db,
        SignInService signIn,
        VettingPolicy vetting,
        AuthEventLog events,
        TimeProvider time)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var address = context.Connection.RemoteIpAddress?.ToString();
        var cancellation = context.RequestAborted;

        if (request.IsClientCredentialsGrantType() && request.ClientId == BuiltInClients.Directory)
        {
            // OpenIddict has checked its secret and that it asks for no scope but auth-events.
            await events.RecordAsync(AuthEventKind.TokenIssued, subject: request.ClientId, clientId: request.ClientId, clientAddress: address, detail: "client_credentials", cancellationToken: cancellation);
            return Results.SignIn(TokenClaims.ForDirectory(request.ClientId, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsClientCredentialsGrantType())
        {
            var client = await db.AgencyClients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == request.ClientId, cancellation);
            if (client is null || client.Revoked)
            {
                await events.RecordAsync(AuthEventKind.TokenRefused, subject: request.ClientId, clientId: request.ClientId, clientAddress: address,
                    detail: client is null ? "not an agency client" : "client revoked", cancellationToken: cancellation);
                return Refuse(Errors.InvalidClient, "this client may not obtain tokens");
            }

            await events.RecordAsync(AuthEventKind.TokenIssued, subject: client.ClientId, clientId: client.ClientId, clientAddress: address, detail: "client_credentials", cancellationToken: cancellation);
            return Results.SignIn(TokenClaims.ForClient(client, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsDeviceCodeGrantType() || request.IsRefreshTokenGrantType() || request.IsAuthorizationCodeGrantType())
        {
            var stored = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            var subject = stored?.GetClaim(Claims.Subject);
            var user = Guid.TryParse(subject, out var id) ? await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellation) : null;
            if (user is null)
            {
                return Refuse(Errors.InvalidGrant, "the account no longer exists");
            }

            if (signIn.StillAllowed(user) is { } refusal)
            {
                await events.RecordAsync(AuthEventKind.TokenRefused, subject: user.Id.ToString(), clientId: request.ClientId, clientAddress: address, detail: refusal.Message, cancellationToken: cancellation);
                return Refuse(Errors.InvalidGrant, refusal.Message);
            }

            var status = vetting.Evaluate(user, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            await events.RecordAsync(AuthEventKind.TokenIssued, subject: user.Id.ToString(), clientId: request.ClientId, clientAddress: address, detail: request.GrantType, cancellationToken: cancellation);
            return Results.SignIn(TokenClaims.ForUser(user, status, stored!.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Refuse(Errors.UnsupportedGrantType, "this grant type is not supported");
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
