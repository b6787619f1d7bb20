using ChildIndex.Portal.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChildIndex.Portal.Pages.Account;

/// <summary>Revokes the session's refresh token, ends the portal session, then ends the identity
/// server's sign-in session too, so that the next sign-in asks for two factors again.</summary>
[AllowAnonymous]
public sealed class SignOutModel(TokenRefresher tokens, IConfiguration configuration) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await HttpContext.GetTokenAsync(PortalSignIn.CookieScheme, "refresh_token") is { } refreshToken)
        {
            await tokens.RevokeAsync(refreshToken, HttpContext.RequestAborted);
        }

        await HttpContext.SignOutAsync(PortalSignIn.CookieScheme);
        return Redirect($"{PortalSettings.Authority(configuration)}/account/signed-out");
    }
}
