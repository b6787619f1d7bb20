using System.Security.Claims;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.Identity.Hosting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
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
            // prompt=none: the portal asks silently, and must be told, not shown a page.
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "the user is not signed in");
            }

            // Back here after signing in, with the same request but without prompt=login, which
            // would otherwise send the person to the sign-in page again for ever. A POSTed request
            // comes back as a GET with the same parameters.
            var prompt = string.Join(' ', request.GetPromptValues().Remove(PromptValues.Login));
            var parameters = (context.Request.HasFormContentType ? [.. context.Request.Form] : context.Request.Query.ToList())
                .Where(parameter => parameter.Key != Parameters.Prompt)
                .ToList();
            if (prompt.Length > 0)
            {
                parameters.Add(KeyValuePair.Create(Parameters.Prompt, new StringValues(prompt)));
            }

            var returnUrl = context.Request.PathBase + context.Request.Path + QueryString.Create(parameters);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [SignInPages.CookieScheme]);
        }

        if (signIn.StillAllowed(user) is { } refusal)
        {
            return Refuse(Errors.AccessDenied, refusal.Message);
        }

        var status = vetting.Evaluate(user, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        return Results.SignIn(TokenClaims.ForUser(user, status, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
