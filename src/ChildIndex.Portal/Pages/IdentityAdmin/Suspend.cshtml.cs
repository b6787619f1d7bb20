using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IdentityAdmin;

/// <summary>Suspends a user, with the reason the identity server requires.</summary>
public sealed class SuspendModel(IdentityAdminApi identity) : PortalPageModel
{
    public UserAccount Account { get; private set; } = new();

    [BindProperty] public string? Reason { get; set; }

    public async Task OnGetAsync(string username) => await LoadAsync(username);

    public async Task<IActionResult> OnPostAsync(string username)
    {
        if (string.IsNullOrWhiteSpace(Reason))
        {
            AddError("reason", "Enter why the user is suspended");
        }
        else
        {
            try
            {
                await identity.Admin.SuspendUserAsync(new SuspendUserRequest { Username = username, Reason = Reason.Trim() }, await identity.CallAsync());
                return Redirect($"/identity-admin/users/{Uri.EscapeDataString(username)}?done=suspended");
            }
            catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
            {
                AddViolations(e, new Dictionary<string, (string, string)> { ["reason"] = ("reason", "Reason") }, "reason");
            }
        }

        await LoadAsync(username);
        return Page();
    }

    private async Task LoadAsync(string username) =>
        Account = await identity.Admin.GetUserAsync(new GetUserRequest { Username = username }, await identity.CallAsync());
}
