using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IdentityAdmin;

/// <summary>Issues a user a new TOTP secret or a new one-time password. The old one stops working
/// at once; the new one is shown once, in the answer to the POST.</summary>
public sealed class ResetModel(IdentityAdminApi identity) : PortalPageModel
{
    public const string TwoFactor = "two-factor";
    public const string Password = "password";

    public UserAccount Account { get; private set; } = new();

    public string Kind { get; private set; } = TwoFactor;

    public string What => Kind == TwoFactor ? "two-factor authentication" : "password";

    public IReadOnlyList<(string Id, string Label, string Value)> Secrets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string username, string kind)
    {
        if (kind is not (TwoFactor or Password))
        {
            return NotFound();
        }

        Kind = kind;
        Account = await identity.Admin.GetUserAsync(new GetUserRequest { Username = username }, await identity.CallAsync());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string username, string kind)
    {
        if (kind is not (TwoFactor or Password))
        {
            return NotFound();
        }

        Kind = kind;
        var call = await identity.CallAsync();
        if (kind == TwoFactor)
        {
            var reset = await identity.Admin.ResetTwoFactorAsync(new ResetTwoFactorRequest { Username = username }, call);
            Secrets = [("totp-secret", "Authenticator app key", reset.TotpSecret)];
        }
        else
        {
            var reset = await identity.Admin.ResetPasswordAsync(new ResetPasswordRequest { Username = username }, call);
            Secrets = [("one-time-password", "One-time password", reset.Password)];
        }

        Account = await identity.Admin.GetUserAsync(new GetUserRequest { Username = username }, await identity.CallAsync());
        return Page();
    }
}
