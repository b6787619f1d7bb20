using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IdentityAdmin;

/// <summary>The agency systems' clients, all or one organisation's.</summary>
public sealed class ClientsModel(IdentityAdminApi identity) : PortalPageModel
{
    private static readonly Dictionary<string, string> Done = new()
    {
        ["revoked"] = "Client revoked. The directory refuses its tokens within a minute.",
    };

    [BindProperty(SupportsGet = true)] public string? Organisation { get; set; }

    public IReadOnlyList<AgencyClient> Clients { get; private set; } = [];

    public string? Success { get; private set; }

    public async Task OnGetAsync(string? done)
    {
        Success = done is null ? null : Done.GetValueOrDefault(done);
        Clients = (await identity.Admin.ListAgencyClientsAsync(
            new ListAgencyClientsRequest { OrganisationCode = Organisation?.Trim() ?? string.Empty }, await identity.CallAsync())).Clients;
    }
}
