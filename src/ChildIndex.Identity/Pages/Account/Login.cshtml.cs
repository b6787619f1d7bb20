using System.Security.Claims;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Pages.Account;

/// <summary>Username, password and TOTP code, every time. Success leaves a ten-minute cookie that
/// only lets the person approve the device or web sign-in they came for.</summary>
public sealed class LoginModel(SignInService signIn, FailedSignInGuard guard) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (guard.RetryAfter(FailedSignInGate.Address(HttpContext)) is { } wait)
        {
            // Not even the right answer is tried: that is what stops guessing across accounts.
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = FailedSignInGuard.Seconds(wait);
            var after = wait < TimeSpan.FromMinutes(2) ? $"{FailedSignInGuard.Seconds(wait)} seconds" : $"{Math.Ceiling(wait.TotalMinutes):0} minutes";
            Error = $"there have been too many failed sign-ins from this address: try again in {after}";
            Password = null;
            Code = null;
            return Page();
        }

        var result = await signIn.SignInAsync(Username, Password, Code, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (!result.Succeeded)
        {
            guard.RecordFailure(FailedSignInGate.Address(HttpContext));
            Error = result.Message;
            Password = null;
            Code = null;
            return Page();
        }

        var identity = new ClaimsIdentity(SignInPages.CookieScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, result.User!.Id.ToString()));
        identity.AddClaim(new Claim(Claims.Name, result.User.DisplayName));
        await HttpContext.SignInAsync(SignInPages.CookieScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account/done");
    }
}
