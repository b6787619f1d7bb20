using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IdentityAdmin;

/// <summary>Revokes an agency client, after a confirmation: it cannot be undone (the system needs a
/// new registration, with a new secret).</summary>
public sealed class RevokeClientModel(IdentityAdminApi identity) : PortalPageModel
{
    public AgencyClient Client { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(string clientId)
    {
        var clients = await identity.Admin.ListAgencyClientsAsync(new ListAgencyClientsRequest(), await identity.CallAsync());
        if (clients.Clients.FirstOrDefault(c => c.ClientId == clientId) is not { } client)
        {
            return NotFound();
        }

        Client = client;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string clientId)
    {
        await identity.Admin.RevokeAgencyClientAsync(new RevokeAgencyClientRequest { ClientId = clientId }, await identity.CallAsync());
        return Redirect("/identity-admin/clients?done=revoked");
    }
}
