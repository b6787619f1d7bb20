using System.Security.Claims;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.Identity.Endpoints;
using ChildIndex.Identity.Hosting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Pages.Connect;

/// <summary>The device flow's verification page: a signed-in person confirms the code their
/// command line shows, and that command line gets tokens in their name.</summary>
[Authorize(AuthenticationSchemes = SignInPages.CookieScheme)]
public sealed class VerifyModel(
    IdentityStoreDbContext db,
    IOpenIddictApplicationManager applications,
    SignInService signIn,
    VettingPolicy vetting,
    TimeProvider time) : PageModel
{
    public string? ApplicationName { get; private set; }

    public string? UserCode { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest();
        if (string.IsNullOrEmpty(request?.UserCode))
        {
            return Page();
        }

        var pending = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!pending.Succeeded)
        {
            Error = "That code is not valid, or has expired. Check it against the one your application shows.";
            return Page();
        }

        var application = await applications.FindByClientIdAsync(pending.Principal!.GetClaim(Claims.ClientId)!, cancellationToken);
        ApplicationName = application is null ? "An application" : await applications.GetDisplayNameAsync(application, cancellationToken);
        UserCode = request.UserCode;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? submit, CancellationToken cancellationToken)
    {
        var pending = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!pending.Succeeded)
        {
            Error = "That code is not valid, or has expired. Start the sign-in again from your application.";
            return Page();
        }

        var done = new AuthenticationProperties { RedirectUri = "/account/done" };
        if (submit != "approve")
        {
            // Said plainly: a person who pressed Deny must not be told they are signed in.
            return Forbid(new AuthenticationProperties { RedirectUri = "/account/denied" }, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        var user = Guid.TryParse(User.FindFirstValue(Claims.Subject), out var id)
            ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken)
            : null;
        if (user is null || signIn.StillAllowed(user) is not null)
        {
            return Forbid(new AuthenticationProperties { RedirectUri = "/account/refused" }, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        var status = vetting.Evaluate(user, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        return SignIn(TokenClaims.ForUser(user, status, pending.Principal!.GetScopes()), done, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
