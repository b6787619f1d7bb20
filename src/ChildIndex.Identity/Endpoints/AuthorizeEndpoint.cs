using System.Security.Claims;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.Identity.Hosting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Endpoints;

/// <summary>The authorization endpoint for the web portal (code flow with PKCE): a signed-in,
/// allowed user gets a code; anyone else is sent to the sign-in page first. The portal is ChildIndex's
/// own, so there is no consent screen.</summary>
public static class AuthorizeEndpoint
{
    public static async Task<IResult> AuthorizeAsync(
        HttpContext context,
        IdentityStoreDbContext db,
        SignInService signIn,
        VettingPolicy vetting,
        TimeProvider time)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var session = await context.AuthenticateAsync(SignInPages.CookieScheme);
        var user = session.Succeeded && Guid.TryParse(session.Principal?.FindFirstValue(Claims.Subject), out var id)
            ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, context.RequestAborted)
            : null;
        if (user is null || request.HasPromptValue(PromptValues.Login))
        {
            var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [SignInPages.CookieScheme]);
        }

        if (signIn.StillAllowed(user) is { } refusal)
        {
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = refusal.Message,
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var status = vetting.Evaluate(user, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        return Results.SignIn(TokenClaims.ForUser(user, status, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
