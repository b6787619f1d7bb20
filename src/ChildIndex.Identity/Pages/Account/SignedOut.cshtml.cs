using ChildIndex.Identity.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChildIndex.Identity.Pages.Account;

/// <summary>Where the web portal sends a person who signs out: this server's own sign-in session
/// ends too, so signing in again asks for both factors. Signing someone out is the only thing a
/// forged link here could do.</summary>
public sealed class SignedOutModel(IConfiguration configuration) : PageModel
{
    /// <summary>The portal's home page, from its registered redirect address.</summary>
    public string? PortalAddress { get; private set; }

    public async Task OnGetAsync()
    {
        await HttpContext.SignOutAsync(SignInPages.CookieScheme);
        PortalAddress = Settings.PortalRedirectUris(configuration).Select(uri => uri.GetLeftPart(UriPartial.Authority) + "/").FirstOrDefault();
    }
}
