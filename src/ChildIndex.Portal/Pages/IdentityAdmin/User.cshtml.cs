using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IdentityAdmin;

/// <summary>One user's account and vetting, with what an identity administrator can do to it. The
/// other pages come back here with <c>done</c> naming what they did, for the success banner.</summary>
public sealed class UserModel(IdentityAdminApi identity) : PortalPageModel
{
    private static readonly Dictionary<string, string> Done = new()
    {
        ["vetting"] = "Vetting recorded",
        ["suspended"] = "User suspended. They are signed out of the portal and the command line within a minute.",
        ["reinstated"] = "User reinstated. They can sign in again.",
    };

    public UserAccount Account { get; private set; } = new();

    public string? Success { get; private set; }

    public async Task OnGetAsync(string username, string? done)
    {
        Success = done is null ? null : Done.GetValueOrDefault(done);
        Account = await identity.Admin.GetUserAsync(new GetUserRequest { Username = username }, await identity.CallAsync());
    }

    public async Task<IActionResult> OnPostReinstateAsync(string username)
    {
        await identity.Admin.ReinstateUserAsync(new ReinstateUserRequest { Username = username }, await identity.CallAsync());
        return Redirect($"/identity-admin/users/{Uri.EscapeDataString(username)}?done=reinstated");
    }
}
