using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IdentityAdmin;

/// <summary>Records (replaces) a user's vetting: DBS check, training, user agreement.</summary>
public sealed class VettingModel(IdentityAdminApi identity) : PortalPageModel
{
    public UserAccount Account { get; private set; } = new();

    [BindProperty] public VettingInput Vetting { get; set; } = new();

    public async Task OnGetAsync(string username)
    {
        await LoadAsync(username);
        Vetting = VettingInput.From(Account.Vetting);
    }

    public async Task<IActionResult> OnPostAsync(string username)
    {
        if (Vetting.Read(this) is { } vetting)
        {
            try
            {
                await identity.Admin.RecordVettingAsync(new RecordVettingRequest { Username = username, Vetting = vetting }, await identity.CallAsync());
                return Redirect($"/identity-admin/users/{Uri.EscapeDataString(username)}?done=vetting");
            }
            catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
            {
                AddViolations(e, VettingInput.Fields, "dbs-date-day");
            }
        }

        await LoadAsync(username);
        return Page();
    }

    private async Task LoadAsync(string username) =>
        Account = await identity.Admin.GetUserAsync(new GetUserRequest { Username = username }, await identity.CallAsync());
}
